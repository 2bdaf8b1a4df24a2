"""libtax-calc's withholding keys (withholding_terms, a month's tax_reductions, bonus_method,
labour, zone_wage), income.commissions, a non-resident's months and --projection, each checked
against the library's own calculators. Runs the built program (LIBTAX_BUILD_DIR/tools/calc/libtax-calc)."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
from decimal import Decimal

import pytest
import yaml

import libtax

SOURCE = pathlib.Path(os.environ.get("LIBTAX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


def calc_binary() -> pathlib.Path:
    build = os.environ.get("LIBTAX_BUILD_DIR")
    path = pathlib.Path(build or "/nonexistent") / "tools/calc/libtax-calc"
    if not path.is_file():
        pytest.skip("libtax-calc is not built (LIBTAX_BUILD_DIR/tools/calc/libtax-calc)")
    return path


def run(tmp_path, scenario, *args):
    path = tmp_path / "s.yaml"
    path.write_text(scenario if isinstance(scenario, str) else yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "LIBTAX_LANG"}
    return subprocess.run([str(calc_binary()), *args, str(path)], capture_output=True, text=True, timeout=120, env=env)


def qianhai(year):
    s = yaml.safe_load((SOURCE / "examples/scenarios/hk-resident-qianhai.yaml").read_text())
    s["year"] = year
    return s


def test_a_year_beyond_the_hong_kong_table_is_exit_2_naming_it_without_projection(tmp_path):
    r = run(tmp_path, qianhai(2027))
    assert r.returncode == 2
    assert "hong_kong_year_of_assessment = 2027/28" in r.stderr and "--projection" in r.stderr
    r = run(tmp_path, qianhai(2027), "--json")
    assert r.returncode == 2 and json.loads(r.stdout)["error"]["id"] == "calc.error.no_foreign_table"


def test_projection_carries_the_latest_table_forward_labelled_on_every_line(tmp_path):
    r = run(tmp_path, qianhai(2027), "--projection")
    assert r.returncode == 0, r.stderr
    page = r.stdout.splitlines()
    assert any(line.startswith("!! PROJECTION, not law") for line in page)
    for label in ("regime qianhai", "best legal choice", "net income", "tax due"):
        line = next(x for x in page if x.startswith(label))
        assert "[PROJECTION, not law]" in line, line
    doc = json.loads(run(tmp_path, qianhai(2027), "--projection", "--json").stdout)
    assert doc["projection"] is True and doc["summary"]["tax_due"]["projection"] is True
    line = next(x for x in doc["summary"]["regimes"] if x["id"] == "qianhai")
    assert line["projection"] is True
    # the relief is the library's with projection, on the scenario's figures
    want = libtax.talent_relief("qianhai", 2027, identity="hk", wages="720000", royalties="20000",
                                social_insurance="24000", special_additional="12000", days_in_zone=240,
                                fx_rate="1.0900", mpf_contributions="18000", projection=True)
    assert want.projected
    assert Decimal(doc["results"]["regimes"]["figures"]["qianhai.relief"]) == want.amount


def test_projection_changes_nothing_in_a_year_the_tables_cover(tmp_path):
    plain = json.loads(run(tmp_path, qianhai(2024), "--json").stdout)
    projected = json.loads(run(tmp_path, qianhai(2024), "--json", "--projection").stdout)
    assert plain["results"] == projected["results"] and projected["projection"] is False


def test_withholding_terms_and_month_keys_give_the_library_figures(tmp_path):
    months = [{"wage": "30000", "social_insurance": "2000", "tax_reductions": "50"} for _ in range(6)]
    months[5].update(bonus="36000", bonus_method="merged")
    for terms in ({}, {"first_wages_this_year": True}, {"prior_year_low_income": True}):
        s = {"year": 2024, "monthly_pay": [dict(m, month=1 + i) for i, m in enumerate(months)]}
        if terms:
            s["withholding_terms"] = terms
        r = run(tmp_path, s, "--json")
        assert r.returncode == 0, r.stderr
        got = json.loads(r.stdout)["results"]["withholding"]["figures"]
        want = libtax.withholding_run(2024, months, **terms)
        assert [Decimal(got["month_%02d" % (1 + i)]) for i in range(6)] == list(want.withheld), terms


def test_continuous_labour_months_are_labour(tmp_path):
    s = {"year": 2024, "withholding_terms": {"continuous_labour": True},
         "monthly_pay": [{"month": 7, "labour": "30000"}, {"month": 8, "labour": "30000"}]}
    got = json.loads(run(tmp_path, s, "--json").stdout)["results"]["withholding"]["figures"]
    want = libtax.withholding_run(2024, [{"labour": "30000"}] * 2, first_month=7, continuous_labour=True)
    assert [Decimal(got["month_07"]), Decimal(got["month_08"])] == list(want.withheld)
    s["monthly_pay"][1] = {"month": 8, "wage": "30000"}
    r = run(tmp_path, s)
    assert r.returncode == 2 and "monthly_pay[1].wage" in r.stderr


def test_commissions_are_comprehensive_income(tmp_path):
    r = run(tmp_path, {"year": 2024, "income": {"wages": "200000", "commissions": "100000"}}, "--json")
    got = json.loads(r.stdout)["results"]["annual_tax"]["figures"]["tax"]
    assert Decimal(got) == libtax.annual_tax(2024, wages="200000", commissions="100000").tax
    r = run(tmp_path, {"year": 2024, "income": {"wages": "200000", "commissions": "1"}, "zone": {"regimes": ["gba"]}})
    assert r.returncode == 2 and "income.commissions" in r.stderr


def test_a_nonresidents_months_are_relieved_month_by_month(tmp_path):
    # tests/cases/regimes.yaml hainan-nonresident-months-half-from-hainan-2021: 18,370.00
    pay = [{"month": i + 1, "wage": "20000"} for i in range(5)] + [{"month": 6, "wage": "200000", "zone_wage": "100000"}]
    s = {"year": 2021, "person": {"identity": "foreign", "resident": False, "talent_recognised": True},
         "zone": {"regimes": ["hainan"], "social_insurance_exempt": True, "contract_years": 1}, "monthly_pay": pay}
    r = run(tmp_path, s, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["regimes"]["figures"]["hainan.relief"] == "18370.00"


def test_chinese_keys_and_unknown_keys(tmp_path):
    doc = ("年度: 2024\n预扣预缴条件: {年度首次取得工资薪金: 是}\n"
           "按月工资薪金:\n  - {月份: 7, 工资薪金: 10000, 减免税额: 0, 全年一次性奖金: 0, 奖金计税方式: 单独计税}\n")
    r = run(tmp_path, doc, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["withholding"]["figures"]["month_07"] == "0.00"
    r = run(tmp_path, "year: 2024\nwithholding_terms: {first_wage_this_year: true}\n")
    assert r.returncode == 2 and "first_wage_this_year" in r.stderr and "`first_wages_this_year`" in r.stderr
    r = run(tmp_path, "year: 2024\nmonthly_pay:\n  - {month: 1, wage: 1, tax_reduction: 0}\n")
    assert r.returncode == 2 and "`tax_reductions`" in r.stderr
