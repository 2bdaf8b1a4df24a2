#!/usr/bin/env bash
# Benchmark of libtax-payroll (a measurement, not a test): one period of N employees (default
# 1,000,000) in the withholding client's template, GB18030, with February's state carried in;
# prints wall and CPU time of the March run (read, decode, compute, write results and state).
#   tools/payroll/bench_period.sh [N] [BUILD_DIR]
set -euo pipefail
n=${1:-1000000}
build=${2:-build}
exe="$build/tools/payroll/libtax-payroll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$n" "$work" <<'PY'
import random, sys
n, work = int(sys.argv[1]), sys.argv[2]
head = "工号,*姓名,*证件类型,*证件号码,本期收入,本期免税收入,基本养老保险费,基本医疗保险费,失业保险费,住房公积金,累计子女教育,累计继续教育,累计住房贷款利息,累计住房租金,累计赡养老人,累计3岁以下婴幼儿照护,累计个人养老金,企业(职业)年金,商业健康保险,税延养老保险,其他,准予扣除的捐赠额,减免税额,备注\r\n"
for m in (2, 3):
    rnd = random.Random(7)
    with open(f"{work}/2024-{m:02d}.csv", "w", encoding="gb18030", newline="") as f:
        f.write(head)
        for i in range(n):
            w = rnd.randrange(300000, 15000000)
            si = min(w, 3600000) * 8 // 100
            f.write(f"{i},职工{i},居民身份证,ID{i:09d},{w // 100}.{w % 100:02d},0,{si // 100}.{si % 100:02d},0,0,0,{1000 * m},0,0,0,0,0,0,0,0,0,0,0,0,\r\n")
PY
"$exe" "$work/2024-02.csv" "$work/02.out" --period 2024-02 --first-run --state-out "$work/02.state" 2>/dev/null
ls -l "$work/2024-03.csv" | awk '{printf "input: %s bytes\n", $5}'
/usr/bin/time -f "March, $n employees: %e s wall, %U s user, %S s system, %M KB peak" \
  "$exe" "$work/2024-03.csv" "$work/03.out" --period 2024-03 --state "$work/02.state" --state-out "$work/03.state"
