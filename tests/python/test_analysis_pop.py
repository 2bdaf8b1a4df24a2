"""libtax-pop: a population file with a reform and weights; bad cells named by file, line and column."""
import re
from decimal import Decimal

import pandas as pd
import pytest

import libtax
from libtax import pop

PEOPLE = """id,wages,labour,social_insurance,special_additional,identity,talent_recognised,days_in_zone,weight
a,0,0,0,0,foreign,true,300,1
b,96000,0,0,0,hk,false,300,2
c,400000,50000,20000,24000,foreign,true,300,3
d,1000000,0,30000,24000,macao,1,250,1
e,250000.5,0,12000.25,0,mainland,0,100,5
"""

REFORM = """# what-if: basic deduction 72,000 a year in 2024
cn/2024.yaml:
  basic_deduction: {annual: 72000, monthly: 6000}
"""


def run(tmp_path, capsys, people=PEOPLE, *args):
    src = tmp_path / "people.csv"
    src.write_text(people, encoding="utf-8")
    (tmp_path / "reform.yaml").write_text(REFORM, encoding="utf-8")
    out = tmp_path / "results.csv"
    status = pop.main([str(src), "--year", "2024", "--out", str(out), *args])
    captured = capsys.readouterr()
    return status, out, captured.out, captured.err


def test_results_per_person_equal_the_scalar_calculators(tmp_path, capsys):
    status, out, stdout, err = run(tmp_path, capsys, PEOPLE, "--reform", str(tmp_path / "reform.yaml"),
                                   "--weights", "weight", "--regime", "gba", "--quiet")
    assert status == 0, err
    assert stdout == "" and err == ""                        # --quiet: no bar, no tables
    assert out.stat().st_mode & 0o044                         # readable by others as umask allows, not private
    res = pd.read_csv(out, dtype={"tax": str, "tax_reform": str, "net_tax_change": str})
    people = pd.read_csv(tmp_path / "people.csv")
    reform = libtax.what_if(overlay=str(tmp_path / "reform.yaml"))
    assert res.id.tolist() == list("abcde") and res.weight.tolist() == [1, 2, 3, 1, 5]
    for row, got in zip(people.itertuples(), res.itertuples()):
        kw = dict(wages=str(row.wages), labour=str(row.labour), social_insurance=str(row.social_insurance),
                  special_additional=str(row.special_additional))
        base, after = libtax.annual_tax(2024, **kw).tax, libtax.annual_tax(2024, tables=reform, **kw).tax
        assert Decimal(got.tax) == base and Decimal(got.tax_reform) == after
        relief = libtax.talent_relief("gba", 2024, identity=row.identity,
                                      talent_recognised=str(row.talent_recognised).lower() in ("true", "1"),
                                      days_in_zone=row.days_in_zone, **kw).amount
        assert Decimal(repr(got.relief_gba)).quantize(Decimal("0.01")) == relief
    assert Decimal(res.tax[3]) == Decimal("224180.00")       # the README's headline figure
    assert (res.net_tax_change.astype(float) <= 0).all()
    assert {"taxable_income", "effective_rate", "marginal_rate", "net_tax", "marginal_rate_reform"} <= set(res.columns)


def test_prints_the_distribution_and_the_winners_and_losers(tmp_path, capsys):
    status, out, stdout, err = run(tmp_path, capsys, PEOPLE, "--reform", str(tmp_path / "reform.yaml"),
                                   "--weights", "weight", "--by", "identity")
    assert status == 0, err
    assert "Distribution by identity (baseline" in stdout and "Winners and losers" in stdout
    line = next(x for x in stdout.splitlines() if x.startswith("all") and "224,180.00" not in x)
    assert line.split()[1] == "12"                           # people: the sum of the weights


@pytest.mark.parametrize("people, where", [
    (PEOPLE.replace("96000,", "96,000,", 1), "people.csv:3: 10 cells where the header has 9 columns"),
    (PEOPLE.replace("250000.5", "25O000"), "people.csv:6: column wages: '25O000' is not a number"),
    (PEOPLE.replace("250000.5", "250000.005"), "people.csv:6: column wages: 250000.005 has more than two decimals"),
    (PEOPLE.replace("400000,", "-400000,"), "people.csv:4: column wages: -400000.0 must not be negative"),
    (PEOPLE.replace("1000000,", ",", 1), "people.csv:5: column wages: empty cell"),
    (PEOPLE.replace(",hk,", ",martian,"), "people.csv:3: column identity: 'martian' is not one of"),
    (PEOPLE.replace(",true,", ",yes,", 1), "people.csv:2: column talent_recognised: 'yes'"),
    (PEOPLE.replace("labour", "salary"), "people.csv:1: column salary: unknown column"),
])
def test_bad_input_names_file_line_and_column_and_writes_nothing(tmp_path, capsys, people, where):
    status, out, stdout, err = run(tmp_path, capsys, people, "--weights", "weight", "--quiet")
    assert status == 2
    assert where in err
    assert not out.exists() and list(tmp_path.glob(".libtax-pop-*")) == []


def test_a_bad_reform_is_a_table_error_naming_the_reform(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("cn/2024.yaml:\n  basic_deduction: {annual: -1}\n", encoding="utf-8")
    status, out, stdout, err = run(tmp_path, capsys, PEOPLE, "--reform", str(bad), "--weights", "weight", "--quiet")
    assert status == 2 and str(bad) in err and "basic_deduction" in err and not out.exists()


# -- languages: --lang zh|en|both, else LIBTAX_LANG, else en --------------------------------------------
NEGATIVE = PEOPLE.replace("400000,", "-400000,")


def run_lang(tmp_path, capsys, monkeypatch, people, *args, env=None):
    monkeypatch.delenv("LIBTAX_LANG", raising=False)
    if env is not None:
        monkeypatch.setenv("LIBTAX_LANG", env)
    return run(tmp_path, capsys, people, "--weights", "weight", *args)


def test_bad_input_in_chinese_from_lang_and_from_libtax_lang(tmp_path, capsys, monkeypatch):
    src = tmp_path / "people.csv"
    zh = f"libtax-pop：{src}:4：列 wages：-400000.0 不得为负数\n"
    status, out, stdout, err = run_lang(tmp_path, capsys, monkeypatch, NEGATIVE, "--quiet", "--lang", "zh")
    assert (status, err) == (2, zh) and not out.exists()
    assert run_lang(tmp_path, capsys, monkeypatch, NEGATIVE, "--quiet", env="zh")[3] == zh
    en = run_lang(tmp_path, capsys, monkeypatch, NEGATIVE, "--quiet", "--lang", "en", env="zh")[3]   # the option wins
    assert en == f"libtax-pop: {src}:4: column wages: -400000.0 must not be negative\n"
    err = run_lang(tmp_path, capsys, monkeypatch, PEOPLE.replace("labour", "salary"), "--quiet", "--lang", "zh")[3]
    assert err.startswith(f"libtax-pop：{src}:1：列 salary：未知列（可用的列：wages, labour, ") and "--keep" in err
    err = run_lang(tmp_path, capsys, monkeypatch, PEOPLE.replace(",hk,", ",martian,"), "--quiet", "--lang", "zh")[3]
    assert err == f"libtax-pop：{src}:3：列 identity：'martian' 不是 foreign, hk, macao, taiwan, mainland 之一\n"
    assert libtax.get_language() == "en"                    # the process language is given back


def test_a_library_error_inside_the_run_is_in_the_runs_language(tmp_path, capsys, monkeypatch):
    src = tmp_path / "people.csv"
    src.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.delenv("LIBTAX_LANG", raising=False)
    status = pop.main([str(src), "--year", "2015", "--out", str(tmp_path / "o.csv"), "--weights", "weight",
                     "--quiet", "--lang", "zh"])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith(f"libtax-pop：{src}：year = 2015：") and "纳税年度" in err, err
    assert "no tax table" not in err and libtax.get_language() == "en"


def test_both_prints_each_line_in_chinese_then_english(tmp_path, capsys, monkeypatch):
    src = tmp_path / "people.csv"
    status, out, stdout, err = run_lang(tmp_path, capsys, monkeypatch, NEGATIVE, "--quiet", "--lang", "both")
    assert status == 2
    assert err.splitlines() == [f"libtax-pop：{src}:4：列 wages：-400000.0 不得为负数",
                                f"libtax-pop: {src}:4: column wages: -400000.0 must not be negative"]
    status, out, stdout, err = run_lang(tmp_path, capsys, monkeypatch, PEOPLE, "--by", "identity", "--lang", "both",
                                        "--reform", str(tmp_path / "reform.yaml"))
    assert status == 0, err
    lines = stdout.splitlines()
    assert lines[:2] == ["按 identity 分组的分布（基准；金额单位：元）：", "Distribution by identity (baseline; money in yuan):"]
    i = lines.index("受益者与受损者（净税额，改革后 - 基准）：")
    assert lines[i + 1] == "Winners and losers (net tax, reform - baseline):"


def test_lang_en_is_the_default_and_reads_as_before(tmp_path, capsys, monkeypatch):
    """Without --lang and LIBTAX_LANG the output is English, and --lang en prints it word for word."""
    src = tmp_path / "people.csv"
    expected = {
        PEOPLE.replace("96000,", "96,000,", 1):
            f"libtax-pop: {src}:3: 10 cells where the header has 9 columns (amounts take no thousands separators)\n",
        PEOPLE.replace("labour", "salary"):
            f"libtax-pop: {src}:1: column salary: unknown column (expected some of: wages, labour, author, royalties, "
            "social_insurance, special_additional, other_deductions, business_taxable_income, talent_subsidy, identity, "
            "talent_recognised, days_in_zone, id; more with --keep or --weights)\n",
        PEOPLE.replace("250000.5", "250000.005"):
            f"libtax-pop: {src}:6: column wages: 250000.005 has more than two decimals (amounts are whole fen)\n",
        PEOPLE.replace("250000.5", "1e14"): f"libtax-pop: {src}:6: column wages: 100000000000000.0 is beyond the supported 9e+13 yuan\n",
        PEOPLE.replace(",true,", ",yes,", 1): f"libtax-pop: {src}:2: column talent_recognised: 'yes' is not true/false or 1/0\n",
        PEOPLE.replace(",300,1", ",300.5,1", 1): f"libtax-pop: {src}:2: column days_in_zone: 300.5 is not a whole number\n",
    }
    for people, text in expected.items():
        assert run_lang(tmp_path, capsys, monkeypatch, people, "--quiet")[3] == text
        assert run_lang(tmp_path, capsys, monkeypatch, people, "--quiet", "--lang", "en")[3] == text
    missing = tmp_path / "nothing.yaml"
    err = run_lang(tmp_path, capsys, monkeypatch, PEOPLE, "--quiet", "--reform", str(missing), "--lang", "en")[3]
    assert err == f"libtax-pop: {missing}: no such file\n"
    stdout = run_lang(tmp_path, capsys, monkeypatch, PEOPLE, "--lang", "en")[2]
    assert stdout.startswith("Distribution by decile (baseline; money in yuan):\n")


def test_an_unknown_language_is_refused_naming_it(tmp_path, capsys, monkeypatch):
    status, out, stdout, err = run_lang(tmp_path, capsys, monkeypatch, PEOPLE, "--lang", "fr")
    assert (status, err) == (2, "libtax-pop: --lang needs zh, en or both (got 'fr')\n") and not out.exists()
    status, out, stdout, err = run_lang(tmp_path, capsys, monkeypatch, PEOPLE, env="klingon")
    assert (status, err) == (2, "libtax-pop: LIBTAX_LANG='klingon' is not a language of libtax-pop (zh, en or both)\n")
    assert run_lang(tmp_path, capsys, monkeypatch, PEOPLE, "--quiet", "--lang", "zh", env="klingon")[0] == 0


def test_every_message_id_of_libtax_pop_and_the_web_request_checks_is_in_every_catalogue(source_dir):
    ids = set()
    for path in ("bindings/python/libtax/pop.py", "bindings/python/libtax/web/_scenario.py"):
        found = set(re.findall(r'Message\(\s*"([a-z_]+\.[a-z_.]+)"', (source_dir / path).read_text(encoding="utf-8")))
        assert found, path
        ids |= found
    assert len(ids) > 30
    catalogues = {}
    for lang in ("en", "zh"):
        text = (source_dir / "libtax" / "messages" / f"{lang}.yaml").read_text(encoding="utf-8")
        catalogues[lang] = dict(re.findall(r'^([a-z_][\w.]*): "(.*)"$', text, re.M))
        assert ids <= set(catalogues[lang]), f"{lang}.yaml lacks {sorted(ids - set(catalogues[lang]))}"
    for id_ in ids:
        en, zh = (set(re.findall(r"\{(\w+)\}", catalogues[lang][id_])) for lang in ("en", "zh"))
        assert en == zh, id_
