"""libtax-payroll (tools/payroll): the withholding client's template in GB18030 and UTF-8 with a
BOM, a period carried forward in the state file equal to the months run in one go, a bad row
that replaces nothing and leaves no temporary file, and its messages in Chinese, English or both."""
import csv
import os
import pathlib
import re
import subprocess

import pytest

from conftest import SOURCE_DIR

BUILD = pathlib.Path(os.environ.get("LIBTAX_BUILD_DIR", SOURCE_DIR / "build"))
EXE = BUILD / "tools" / "payroll" / "libtax-payroll"

# The withholding client's import template for 正常工资薪金所得 (its '*' marks required columns).
TEMPLATE = ["工号", "*姓名", "*证件类型", "*证件号码", "本期收入", "本期免税收入", "基本养老保险费", "基本医疗保险费",
            "失业保险费", "住房公积金", "累计子女教育", "累计继续教育", "累计住房贷款利息", "累计住房租金", "累计赡养老人",
            "累计3岁以下婴幼儿照护", "累计个人养老金", "企业(职业)年金", "商业健康保险", "税延养老保险", "其他",
            "准予扣除的捐赠额", "减免税额", "备注"]


def run(*args):
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, timeout=120)


def rows(path):
    return list(csv.DictReader(pathlib.Path(path).open(encoding="utf-8", newline="")))


def template_row(staff_no, name, id_no, wage, social, cumulative_children, extra=()):
    cells = {h.lstrip("*"): "" for h in TEMPLATE}
    cells.update({"工号": staff_no, "姓名": name, "证件类型": "居民身份证", "证件号码": id_no, "本期收入": wage,
                  "基本养老保险费": social, "累计子女教育": cumulative_children})
    return [cells[h.lstrip("*")] for h in TEMPLATE] + list(extra)


def write_template(path, rows_, encoding, extra_header=()):
    text = ",".join(TEMPLATE + list(extra_header)) + "\r\n"
    text += "".join(",".join(f'"{c}"' if "," in c else c for c in r) + "\r\n" for r in rows_)
    path.write_bytes(text.encode(encoding))


def test_the_tool_was_built():
    assert EXE.exists(), f"{EXE} not built"


def test_gb18030_template_with_an_extra_column(tmp_path):
    inp = tmp_path / "2024-01.csv"
    # 35,000.00 with a thousands separator as Excel writes it; an extra column 部门 the tool does not know
    write_template(inp, [template_row("001", "张三", "110101199001011234", "35,000.00", "2,800.00", "2000", ["研发部"]),
                         template_row("002", "李四", " 110101199202022345 ", "8000", "640", "", ["财务部"])],
                   "gb18030", ["部门"])
    assert b"\xef\xbb\xbf" not in inp.read_bytes() and "本期收入".encode("gb18030") in inp.read_bytes()
    out, state = tmp_path / "out.csv", tmp_path / "2024-01.state"
    r = run(inp, out, "--period", "2024-01", "--state-out", state)
    assert r.returncode == 0, r.stderr
    assert "unknown column '部门'" in r.stderr and "GB18030" in r.stderr
    got = {row["employee"]: row for row in rows(out)}
    # (35,000 - 5,000 - 2,800 - 2,000) x 3% = 756.00; (8,000 - 5,000 - 640) x 3% = 70.80 (id trimmed)
    assert got["110101199001011234"]["withheld"] == "756.00"
    assert got["110101199202022345"]["withheld"] == "70.80"
    strict = run(inp, tmp_path / "strict.csv", "--period", "2024-01", "--strict")
    assert strict.returncode == 2 and "column 部门: unknown column" in strict.stderr
    assert not (tmp_path / "strict.csv").exists()


def test_utf8_with_bom_english_layout(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_bytes("\ufeffemployee,year,month,wage,social_insurance\r\nA,2024,1,\"30,000\",4500\r\n".encode("utf-8"))
    r = run(inp, tmp_path / "out.csv")
    assert r.returncode == 0, r.stderr
    assert rows(tmp_path / "out.csv")[0]["withheld"] == "615.00"  # (30,000 - 5,000 - 4,500) x 3%


def english(path, months):
    text = "employee,year,month,wage,social_insurance,special_additional\n"
    for m in months:
        text += f"A001,2024,{m},30000,4500,2000\nA002,2024,{m},12000.50,1200,1000\n"
        if m >= 2:
            text += f"A003,2024,{m},50000,5000,0\n"  # joins in February
    path.write_text(text)


def test_march_with_februarys_state_equals_january_to_march(tmp_path):
    english(tmp_path / "q1.csv", [1, 2, 3])
    assert run(tmp_path / "q1.csv", tmp_path / "q1.out", "--state-out", tmp_path / "q1.state").returncode == 0
    english(tmp_path / "jf.csv", [1, 2])
    english(tmp_path / "all.csv", [1, 2, 3])
    (tmp_path / "mar.csv").write_text("\n".join(l for l in (tmp_path / "all.csv").read_text().splitlines() if ",2024,3," in l or l.startswith("employee")) + "\n")
    assert run(tmp_path / "jf.csv", tmp_path / "jf.out", "--state-out", tmp_path / "feb.state").returncode == 0
    r = run(tmp_path / "mar.csv", tmp_path / "mar.out", "--state", tmp_path / "feb.state", "--state-out", tmp_path / "mar.state")
    assert r.returncode == 0, r.stderr
    march = [row for row in rows(tmp_path / "q1.out") if row["month"] == "3"]
    assert rows(tmp_path / "mar.out") == march
    assert next(row for row in march if row["employee"] == "A001")["withheld"] == "1850.00"  # not 555.00
    assert (tmp_path / "mar.state").read_text() == (tmp_path / "q1.state").read_text()
    # March alone, without the state, is refused rather than computed as a first month
    alone = run(tmp_path / "mar.csv", tmp_path / "alone.out")
    assert alone.returncode == 2 and "--state" in alone.stderr


def test_template_periods_chain_like_one_run(tmp_path):
    """Three template files (cumulative special additional deductions) chained through the state
    give the English layout's figures for January-March in one run."""
    state = None
    for m in (1, 2, 3):
        inp = tmp_path / f"{m}.csv"
        write_template(inp, [template_row("1", "王五", "A001", "30000", "4500", str(2000 * m))], "utf-8")
        args = [inp, tmp_path / f"{m}.out", "--period", f"2024-{m:02d}", "--state-out", tmp_path / f"{m}.state"]
        r = run(*args, *(["--state", state] if state else []))
        assert r.returncode == 0, r.stderr
        state = tmp_path / f"{m}.state"
    (tmp_path / "q1.csv").write_text("employee,year,month,wage,social_insurance,special_additional\n" +
                                     "".join(f"A001,2024,{m},30000,4500,2000\n" for m in (1, 2, 3)))
    assert run(tmp_path / "q1.csv", tmp_path / "q1.out").returncode == 0
    assert [rows(tmp_path / f"{m}.out")[0] for m in (1, 2, 3)] == rows(tmp_path / "q1.out")


def test_bad_row_replaces_nothing(tmp_path):
    english(tmp_path / "jan.csv", [1])
    out, state = tmp_path / "out.csv", tmp_path / "out.state"
    assert run(tmp_path / "jan.csv", out, "--state-out", state).returncode == 0
    before = (out.read_bytes(), state.read_bytes())
    bad = tmp_path / "bad.csv"
    bad.write_text("employee,year,month,wage\nA001,2024,1,30000\nA002,2024,1,12,34.00\n")
    r = run(bad, out, "--state-out", state)
    assert r.returncode == 2 and ":3: column (row): 5 cells, the header has 4" in r.stderr
    bad.write_text("employee,year,month,wage\nA001,2024,1,30000\nA002,2024,1,1234,00\n")
    bad.write_text("employee,year,month,wage\nA001,2024,1,30000\nA002,2024,1,\"12,34.00\"\n")
    r = run(bad, out, "--state-out", state)
    assert r.returncode == 2 and ":3: column wage: '12,34.00' has a misplaced thousands separator" in r.stderr
    assert (out.read_bytes(), state.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "jan.csv", "out.csv", "out.state"]


@pytest.mark.parametrize("text,args,message", [
    ("employee,year,month,wage\nE1,2024,1,100\n E1 ,2024,1,100\n", [], "employee E1, period 2024-01: appears twice"),
    ("employee,year,month,wage\nE1,2024,3,100\n", ["--state", "{jan}"], "(a period is skipped)"),
    ("employee,year,month,wage\nE1,2025,2,100\n", ["--state", "{jan}"], "is of tax year 2024"),
    ("employee,year,month,wage\nE1,2024,1,100\n", ["--state", "{jan}"], "(already run)"),
    ("employee,year,month,wage\nE1,2024,2,100\n", ["--state", "{jan}", "--state-out", "{jan}"], "is the input"),
])
def test_refused(tmp_path, text, args, message):
    (tmp_path / "jan.csv").write_text("employee,year,month,wage\nE1,2024,1,100\n")
    jan = tmp_path / "jan.state"
    assert run(tmp_path / "jan.csv", tmp_path / "jan.out", "--state-out", jan).returncode == 0
    inp = tmp_path / "in.csv"
    inp.write_text(text)
    r = run(inp, tmp_path / "o.csv", *[a.format(jan=jan) for a in args])
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert not (tmp_path / "o.csv").exists()


def test_contradicting_the_state(tmp_path):
    write_template(tmp_path / "1.csv", [template_row("1", "王五", "A001", "30000", "4500", "2000")], "utf-8")
    assert run(tmp_path / "1.csv", tmp_path / "1.out", "--period", "2024-01", "--state-out", tmp_path / "1.state").returncode == 0
    write_template(tmp_path / "2.csv", [template_row("1", "王五", "A001", "30000", "4500", "1000")], "utf-8")
    r = run(tmp_path / "2.csv", tmp_path / "2.out", "--period", "2024-02", "--state", tmp_path / "1.state")
    assert r.returncode == 2
    assert "employee A001, period 2024-02: the cumulative special additional deductions 1000.00 are less than the 2000.00" in r.stderr


def test_output_equal_to_input_is_refused(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("employee,year,month,wage\nE1,2024,1,100\n")
    r = run(inp, inp)
    assert r.returncode == 2 and "is the input" in r.stderr
    assert inp.read_text() == "employee,year,month,wage\nE1,2024,1,100\n"


@pytest.mark.parametrize("which", ["input", "state"])
@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_non_regular_files_are_refused_without_waiting(tmp_path, which, kind):
    """A FIFO with no writer would block a plain open(); a directory would read as empty. Both are
    refused at once, naming the path, and nothing is written."""
    odd = tmp_path / "odd"
    os.mkfifo(odd) if kind == "fifo" else odd.mkdir()
    good = tmp_path / "in.csv"
    good.write_text("employee,year,month,wage\nE1,2024,2,100\n")
    args = [odd, tmp_path / "o.csv"] if which == "input" else [good, tmp_path / "o.csv", "--state", odd]
    r = run(*args)
    assert r.returncode == 2, r.stderr
    assert f"{odd} is not a regular file" in r.stderr
    assert not (tmp_path / "o.csv").exists()


def test_rows_in_any_order_and_a_repeated_id_after_a_state(tmp_path):
    """February's rows in the state's order, in another order, and with an id repeated: the
    figures do not depend on the order, and the repeated id is refused with nothing written."""
    jan = tmp_path / "jan.csv"
    jan.write_text("employee,year,month,wage\nA,2024,1,30000\nB,2024,1,20000\nC,2024,1,10000\n")
    state = tmp_path / "jan.state"
    assert run(jan, tmp_path / "jan.out", "--state-out", state).returncode == 0
    results = {}
    for name, order in (("same", "ABC"), ("shuffled", "CAB"), ("reversed", "CBA")):
        feb = tmp_path / f"feb-{name}.csv"
        wages = {"A": 30000, "B": 20000, "C": 10000}
        feb.write_text("employee,year,month,wage\n" + "".join(f"{e},2024,2,{wages[e]}\n" for e in order))
        out = tmp_path / f"feb-{name}.out"
        r = run(feb, out, "--state", state, "--state-out", tmp_path / f"feb-{name}.state")
        assert r.returncode == 0, r.stderr
        results[name] = {row["employee"]: row for row in rows(out)}
        assert [row["employee"] for row in rows(out)] == list(order)
    assert results["same"] == results["shuffled"] == results["reversed"]
    # A: (60,000 - 10,000) x 10% - 2,520 = 2,480 cumulative; January withheld 750
    assert results["same"]["A"]["withheld"] == "1730.00"
    assert results["same"]["C"]["withheld"] == "150.00"  # (20,000 - 10,000) x 3% - 150
    feb = tmp_path / "feb-repeated.csv"
    feb.write_text("employee,year,month,wage\nA,2024,2,30000\nB,2024,2,20000\nA,2024,2,30000\nC,2024,2,10000\n")
    out, new_state = tmp_path / "feb-repeated.out", tmp_path / "feb-repeated.state"
    r = run(feb, out, "--state", state, "--state-out", new_state)
    assert r.returncode == 2 and ":4: column employee: employee A, period 2024-02: appears twice" in r.stderr, r.stderr
    assert not out.exists() and not new_state.exists()


def run_env(*args, env=None):
    full = {k: v for k, v in os.environ.items() if k != "LIBTAX_LANG"}
    full.update(env or {})
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, timeout=120, env=full)


def without_timing(stderr):
    return "\n".join(l.rsplit(", ", 1)[0] if l.startswith("libtax-payroll: ") and l.endswith(" s") else l
                     for l in stderr.splitlines())


def test_errors_in_chinese(tmp_path):
    """--lang zh: the program's own problem and a library error it wraps, both in Chinese, with
    the file:line, column and value kept verbatim; nothing written."""
    bad = tmp_path / "bad.csv"
    bad.write_text('employee,year,month,wage\nA001,2024,1,30000\nA002,2024,1,"12,34.00"\n')
    r = run_env(bad, tmp_path / "o.csv", "--lang", "zh")
    assert r.returncode == 2
    assert r.stderr == f"{bad}:3：列 wage：“12,34.00”的千位分隔符位置不对\n"
    old = tmp_path / "old.csv"
    old.write_text("employee,year,month,wage\nA001,2015,1,30000\n")
    r = run_env(old, tmp_path / "o.csv", env={"LIBTAX_LANG": "zh"})
    assert r.returncode == 2 and f"{old}:2：列 year：" in r.stderr and "纳税年度" in r.stderr, r.stderr
    assert "no tax table" not in r.stderr
    r = run_env(old, tmp_path / "o.csv", "--lang", "en", env={"LIBTAX_LANG": "zh"})  # the option wins
    assert "no tax table covers this year" in r.stderr and "纳税年度" not in r.stderr
    assert not (tmp_path / "o.csv").exists()
    r = run_env(old, tmp_path / "o.csv", "--lang", "fr")
    assert r.returncode == 2 and "--lang needs zh, en or both (got 'fr')" in r.stderr


def test_warning_and_summary_in_chinese_and_both(tmp_path):
    inp = tmp_path / "2024-01.csv"
    write_template(inp, [template_row("001", "张三", "110101199001011234", "35,000.00", "2,800.00", "2000", ["研发部"])],
                   "gb18030", ["部门"])
    r = run_env(inp, tmp_path / "out.csv", "--period", "2024-01", "--lang", "zh")
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert lines[0] == f"{inp}:1：警告：未知列“部门”，已忽略"
    assert lines[1].startswith("libtax-payroll：1 行（GB18030），状态文件中共 1 名员工，用时 ")
    both = run_env(inp, tmp_path / "out.csv", "--period", "2024-01", "--lang", "both")
    assert both.stderr.splitlines()[:2] == [lines[0], f"{inp}:1: warning: unknown column '部门' is ignored"]
    assert rows(tmp_path / "out.csv")[0]["withheld"] == "756.00"


def test_lang_en_is_the_default_output(tmp_path):
    """--lang en prints what the program printed before it had languages, byte for byte (the
    default without LIBTAX_LANG), for a run, a warning and errors."""
    good = tmp_path / "in.csv"
    good.write_text("employee,year,month,wage,dept\nA,2024,1,30000,x\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("employee,year,month,wage\nA,2024,1,-5\n")
    for args in ([good, tmp_path / "o.csv"], [bad, tmp_path / "o.csv"], [good, good], [good, tmp_path / "o.csv", "--strict"],
                 [good, tmp_path / "o.csv", "--period", "2024-13"]):
        default, en = run_env(*args), run_env(*args, "--lang", "en")
        assert (default.returncode, without_timing(default.stderr)) == (en.returncode, without_timing(en.stderr))
    assert without_timing(run_env(good, tmp_path / "o.csv", "--lang", "en").stderr) == (
        f"{good}:1: warning: unknown column 'dept' is ignored\nlibtax-payroll: 1 rows (UTF-8), 1 employees in the state")
    assert run_env(bad, tmp_path / "o.csv", "--lang", "en").stderr == f"{bad}:2: column wage: '-5' is negative; amounts must not be negative\n"
    assert run_env(good, good, "--lang", "en").stderr == f"column (arguments): the output {good} is the input {good}; write to another file\n"


def test_every_message_id_of_the_program_is_in_every_catalogue():
    ids = set()
    for path in (SOURCE_DIR / "tools" / "payroll").glob("*.cpp"):
        ids |= set(re.findall(r'"(payroll\.(?:problem|fault|error|warning|column|encoding)\.[a-z0-9_]+|payroll\.summary)"', path.read_text()))
    assert len(ids) > 80
    for lang in ("en", "zh"):
        text = (SOURCE_DIR / "libtax" / "messages" / f"{lang}.yaml").read_text(encoding="utf-8")
        have = set(re.findall(r"^(payroll\.[a-z0-9_.]+):", text, re.M))
        assert ids <= have, f"{lang}.yaml lacks {sorted(ids - have)}"
