"""libtax-pop: a population file with a reform and weights; bad cells named by file, line and column."""
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
