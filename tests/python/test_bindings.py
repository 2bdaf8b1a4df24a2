"""The Java (bindings/java, JNA) and Go (bindings/go, cgo) bindings of the C interface, built
against the one build's libtax_c, run the conformance cases of tests/cases/ (annual tax and
prepayments, cumulative withholding, talent relief) and give the cases' figures to the fen, the
same as the C interface and the Python module compute them from the same engine."""
import os
import pathlib
import shutil
import subprocess
from decimal import Decimal

import pytest
import yaml

from conftest import SOURCE_DIR

BUILD = pathlib.Path(os.environ.get("LIBTAX_BUILD_DIR", SOURCE_DIR / "build")).resolve()
C_LIB_DIR = BUILD / "libtax" / "src" / "c_api"
JNA = pathlib.Path("/usr/share/java/jna.jar")
IDENTITIES = {"foreign": 0, "hk": 1, "macao": 2, "taiwan": 3, "mainland": 4}
MONTH_KEYS = ["wage", "exempt_income", "social_insurance", "special_additional", "other_deductions", "tax_reductions", "bonus"]


def fen(yuan):
    return int(Decimal(str(yuan)) * 100)


def fraction(text):
    d = Decimal(str(text))
    sign, digits, exp = d.as_tuple()
    den = 10 ** max(0, -exp)
    return f"{int(d * den)}/{den}"


def load(name):
    return yaml.safe_load((SOURCE_DIR / "tests" / "cases" / name).read_text(encoding="utf-8"))


def flatten():
    """(case line, expected output) for every case the bindings run."""
    out = []
    prepay = {"labour_withholding": "labour", "author_withholding": "author", "royalty_withholding": "royalties"}
    for c in load("comprehensive.yaml")["cases"]:
        if "tax" not in c.get("expect", {}):
            continue
        if c["call"] == "annual_tax":
            args = ";".join(f"{k}={fen(v)}" for k, v in c["args"].items())
            out.append((f"annual\t{c['id']}\t{c['year']}\t{args}", str(fen(c["expect"]["tax"]))))
        elif c["call"] in prepay:
            out.append((f"prepay\t{c['id']}\t{c['year']}\tkind={prepay[c['call']]};amount={fen(c['args']['amount'])}",
                        str(fen(c["expect"]["tax"]))))
    for c in load("payroll.yaml")["withholding"]:
        terms = c.get("terms", {})
        months = c.get("months") or [dict(c["every_month"]) for _ in range(c["count"])]
        for n, change in (c.get("change") or {}).items():
            months[n - 1] = {**months[n - 1], **change}
        cells = []
        for m in months:
            m = {("wage" if k == "labour" else k): v for k, v in m.items()}
            cells.append(",".join(str(fen(m.get(k, 0))) for k in MONTH_KEYS) + "," + ("1" if m.get("bonus_method") == "merged" else "0"))
        kind = 1 if terms.get("continuous_labour") else 2 if terms.get("commissions") else 0
        line = (f"withhold\t{c['id']}\t{c['year']}\tfirst_month={terms.get('first_month', 1)};kind={kind};"
                f"first_wages={int(bool(terms.get('first_wages_this_year')))};low={int(bool(terms.get('prior_year_low_income')))}\t"
                + ";".join(cells))
        e = c["expect"]
        out.append((line, ("withheld", [fen(w) for w in e.get("withheld", [])], fen(e["total"]) if "total" in e else None)))
    for c in load("regimes.yaml")["cases"]:
        pairs = [f"regime={c['regime']}"] + talent_pairs(c["args"])
        e = c["expect"]
        out.append((f"talent\t{c['id']}\t{c['year']}\t" + ";".join(pairs), f"{int(e['eligible'])}:{fen(e['amount'])}"))
    for c in load("choices.yaml")["cases"]:  # the comparison: the bonus weighed after relief
        opts = [f"{k}={fen(v) if k in ('bonus', 'zone_bonus') else v}" for k, v in c["options"].items()]
        e = c["expect"]
        w = e["regimes"][e["best"]]
        out.append((f"choice\t{c['id']}\t{c['year']}\t" + ";".join(opts + talent_pairs(c["args"])),
                    f"{e['best']}:{TREATMENTS[w['bonus_treatment']]}:{fen(w['relief'])}:{fen(w['tax_after_relief'])}:"
                    f"{fen(w['bonus_saving'])}:1"))
    # an unknown field is refused, naming it
    out.append(("talent\tunknown field\t2024\tregime=hainan;identity=0;wage=100", "error:1:wage"))
    return out


TREATMENTS = {"separate": 1, "merged": 2}


def talent_pairs(args):
    """The talent-case fields as the bindings' Set/talentCase take them: fen, 0/1, NUM/DEN,
    months as WAGE[:ZONE_WAGE],..."""
    pairs = []
    for k, v in args.items():
        if k == "months":
            v = ",".join(str(fen(m["wage"])) + (f":{fen(m['zone_wage'])}" if m.get("zone_wage") is not None else "") for m in v)
        elif k == "identity":
            v = IDENTITIES[v]
        elif k == "fx_rate":
            v = fraction(v)
        elif isinstance(v, bool):
            v = int(v)
        elif isinstance(v, str) and k not in ("city", "special_industry"):
            v = fen(v)
        pairs.append(f"{k}={v}")
    return pairs


def numbered(cases):
    """Ids made unique (some cases share a title): 'N id'."""
    out = []
    for n, (line, expected) in enumerate(cases):
        kind, case_id, rest = line.split("\t", 2)
        out.append((f"{kind}\t{n} {case_id}\t{rest}", expected))
    return out


CASES = numbered(flatten())


LANGUAGE_CASE = "language\tlanguage-zh\t2024\tlang=zh;wages=-100"


def check(output):
    got = dict(line.split("\t", 1) for line in output.splitlines() if line)
    # after setting zh, the binding reads the process language back and the refused call's message
    # is Chinese with the field and value verbatim (English: "wages = -1.00: must not be negative")
    assert got.get("language-zh") == "zh|wages = -1.00：不得为负数", got.get("language-zh")
    for line, expected in CASES:
        case_id = line.split("\t")[1]
        assert case_id in got, f"{case_id}: no output"
        if isinstance(expected, tuple):
            withheld = [int(x) for x in got[case_id].split(",")]
            if expected[1]:
                assert withheld == expected[1], case_id
            if expected[2] is not None:
                assert sum(withheld) == expected[2], case_id
        else:
            assert got[case_id] == expected, f"{case_id}: {got[case_id]} != {expected}"
    return got


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory):
    kinds = {line.split("\t")[0] for line, _ in CASES}
    assert {"annual", "prepay", "withhold", "talent", "choice"} <= kinds and len(CASES) >= 50
    assert any("months=" in line for line, _ in CASES)  # a non-resident's months reach the bindings
    p = tmp_path_factory.mktemp("cases") / "cases.tsv"
    # last: the process language (Libtax.setLanguage / libtax.SetLanguage), then an error in it
    p.write_text("".join(line + "\n" for line, _ in CASES) + LANGUAGE_CASE + "\n", encoding="utf-8")
    return p


def env():
    e = dict(os.environ)
    e["LD_LIBRARY_PATH"] = f"{C_LIB_DIR}:{e.get('LD_LIBRARY_PATH', '')}"
    return e


def test_java_binding_runs_the_cases(cases_file, tmp_path):
    javac = shutil.which("javac")
    assert javac and JNA.exists(), "install default-jdk-headless and libjna-java (scripts/install-deps.sh)"
    src = SOURCE_DIR / "bindings" / "java"
    sources = sorted(str(p) for p in (src / "src" / "libtax").glob("*.java")) + [str(src / "test" / "Conformance.java")]
    subprocess.run([javac, "-d", str(tmp_path), "-cp", str(JNA), *sources], check=True, timeout=300)
    r = subprocess.run(["java", f"-Djna.library.path={C_LIB_DIR}", "-cp", f"{tmp_path}:{JNA}", "Conformance", str(cases_file)],
                       capture_output=True, text=True, timeout=300, env=env())
    assert r.returncode == 0, r.stderr
    check(r.stdout)


def test_go_binding_runs_the_cases(cases_file, tmp_path):
    go = shutil.which("go")
    assert go, "install golang-go (scripts/install-deps.sh)"
    e = env()
    e.update({"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GO111MODULE": "on", "CGO_ENABLED": "1",
              "CGO_CFLAGS": f"-I{SOURCE_DIR / 'libtax' / 'include'}", "CGO_LDFLAGS": f"-L{C_LIB_DIR}",
              "GOCACHE": e.get("GOCACHE", str(BUILD / "go-cache")), "GOPATH": e.get("GOPATH", str(BUILD / "go-path"))})
    r = subprocess.run([go, "run", "./cmd/conformance", str(cases_file)], cwd=SOURCE_DIR / "bindings" / "go",
                       capture_output=True, text=True, timeout=600, env=e)
    assert r.returncode == 0, r.stderr
    check(r.stdout)
