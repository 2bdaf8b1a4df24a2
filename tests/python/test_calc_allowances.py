"""libtax-calc and a foreign resident's allowances (income.allowances): each regime line and the
best choice say which treatment, the allowance exemptions or the special additional deductions,
is cheaper after that regime's relief, with the figures of libtax.compare_regimes(...,
allowances=...) to the fen; the worked Hainan case (Caishui [2018] No. 164 item 7(1)) gives
141,000.00 with the exemptions against 176,700.00 with the deductions. Only a foreign resident
has the choice: anyone else, an unknown kind, or allowances without regimes are exit 2."""
import json
import os
import pathlib
import subprocess
from decimal import Decimal

import pytest

import libtax
from conftest import SOURCE_DIR

SCENARIO = SOURCE_DIR / "examples/scenarios/hainan-foreign-allowances.yaml"


def calc(*args):
    build = os.environ.get("LIBTAX_BUILD_DIR")
    binary = pathlib.Path(build or SOURCE_DIR / "build") / "tools/calc/libtax-calc"
    assert binary.is_file(), f"libtax-calc is not built ({binary})"
    return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=120)


def summary(*args):
    run = calc("--json", *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["summary"]


def test_the_worked_hainan_case():
    s = summary(SCENARIO)
    (line,) = s["regimes"]
    assert line["id"] == "hainan" and line["allowance_treatment"] == "exemptions"
    assert line["exemptions_tax_after_relief"] == "141000.00"
    assert line["deductions_tax_after_relief"] == "176700.00"
    assert line["allowance_saving"] == "35700.00"
    assert line["tax_after_relief"] == "141000.00" and line["relief"] == "102080.00"
    best = s["best"]
    assert best["regime"] == "hainan" and best["allowance_treatment"] == "exemptions" and best["allowance_saving"] == "35700.00"
    assert best["tax_after_relief"] == "141000.00"
    # with no regime the exemptions are cheaper too: 1,000,000 - 60,000 = 940,000 -> 243,080.00
    assert s["allowances_without_relief"] == {"allowance_treatment": "exemptions", "tax": "243080.00"}


def library_best(**kw):
    res = libtax.compare_regimes(identity="foreign", include_ineligible=True, include_what_if=True, **kw)
    return res, {o.regime: o for o in res}


CASES = {
    # the shipped case
    "hainan-exemptions": dict(year=2024, wages=1_000_000, special_additional=42000, days_in_zone=200, talent_recognised=True,
                              allowances={"housing": 180000, "children_education": 100000}, bonus=0),
    # small allowances, large deductions and a bonus: the deductions win, the bonus choice too
    "hainan-deductions-bonus": dict(year=2024, wages=400000, special_additional=72000, days_in_zone=200, talent_recognised=True,
                                    allowances={"language_training": 6000, "home_leave": 8000}, bonus=120000),
}


def scenario_text(case):
    lines = [f"year: {case['year']}", "person: {identity: foreign, days_in_china: 365, days_in_zone: %d, talent_recognised: true}" % case["days_in_zone"],
             "income:", f"  wages: {case['wages']}", f"  bonus: {case['bonus']}", "  allowances:"]
    lines += [f"    {k}: {v}" for k, v in case["allowances"].items()]
    lines += [f"deductions: {{special_additional: {case['special_additional']}}}", "zone: {regimes: [hainan]}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_calc_equals_compare_regimes_to_the_fen(name, tmp_path):
    case = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(scenario_text(case), encoding="utf-8")
    s = summary(path)
    kw = {k: v for k, v in case.items() if k not in ("days_in_zone", "talent_recognised")}
    res, options = library_best(days_in_zone=case["days_in_zone"], talent_recognised=True, **kw)
    assert Decimal(s["allowances_without_relief"]["tax"]) == res.tax_without_relief
    for line in s["regimes"]:
        o = options[line["id"]]
        assert line["allowance_treatment"] == o.allowance_treatment
        assert Decimal(line["allowance_saving"]) == o.allowance_saving
        assert Decimal(line["exemptions_tax_after_relief"]) == o.allowance_options["exemptions"]
        assert Decimal(line["deductions_tax_after_relief"]) == o.allowance_options["deductions"]
        assert Decimal(line["tax_after_relief"]) == o.tax_after_relief
        assert Decimal(line["relief"]) == o.amount
        chosen = o.allowance_options[o.allowance_treatment]
        other = o.allowance_options["deductions" if o.allowance_treatment == "exemptions" else "exemptions"]
        assert chosen <= other and o.allowance_saving == other - chosen  # the cheaper, by the difference
    if name == "hainan-deductions-bonus":
        assert s["regimes"][0]["allowance_treatment"] == "deductions"


def test_text_in_each_language():
    en = calc(SCENARIO).stdout
    assert "allowances: the allowance exemptions after relief, saving 35700.00 (with the exemptions 141000.00, with the deductions 176700.00)" in en
    zh = calc("--lang", "zh", SCENARIO).stdout
    assert "津补贴：减免后选择津补贴免税，节税35700.00（享受津补贴免税141000.00，享受专项附加扣除176700.00）" in zh
    both = calc("--lang", "both", SCENARIO).stdout
    assert "节税35700.00" in both and "saving 35700.00" in both
    assert "tax 243080.00 with the allowance exemptions, the cheaper before any relief" in en


def test_chinese_keys(tmp_path):
    zh = tmp_path / "zh.yaml"
    zh.write_text("年度: 2024\n纳税人: {身份: 外籍, 境内居住天数: 365, 区内工作天数: 200, 经认定人才: 是}\n"
                  "收入: {工资薪金: 1000000, 津补贴: {住房补贴: 180000, 子女教育费: 100000}}\n"
                  "扣除: {专项附加扣除: 42000}\n区域: {优惠政策: [海南自由贸易港]}\n", encoding="utf-8")
    assert summary(zh)["regimes"] == summary(SCENARIO)["regimes"]


def edited(tmp_path, old, new):
    text = SCENARIO.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,expected", [
    ("children_education:", "childrens_education:", "income.allowances.childrens_education: unknown key; did you mean `children_education`?"),
    ("identity: foreign", "identity: mainland", "income.allowances: the allowance exemptions and their choice against the special additional deductions are for foreign individuals"),
    ("days_in_china: 365", "days_in_china: 100\n  wage_months: 12", "income.allowances: the choice between the allowance exemptions and the special additional deductions is for resident individuals"),
    ("regimes: [hainan]", "regimes: []", "income.allowances: the allowances are weighed against the special additional deductions after each regime's relief"),
    ("housing: 180000", "housing: -1", "income.allowances.housing: '-1' is negative"),
])
def test_refused_with_exit_2(tmp_path, old, new, expected):
    run = calc(edited(tmp_path, old, new))
    assert run.returncode == 2 and expected in run.stderr, run.stderr


LIST_FORM = ("    - {kind: housing, amount: 180000}\n"
             "    - {kind: children_education, amount: 100000, form: reimbursed, with_documents: true, in_china: true}\n")
MAPPING_FORM = "    housing: 180000\n    children_education: 100000\n"


def test_the_list_of_claims_reads_as_the_mapping(tmp_path):
    """income.allowances as the declared records (the Python keyword's list form): the same claims, the same figures."""
    assert summary(edited(tmp_path, MAPPING_FORM, LIST_FORM)) == summary(SCENARIO)


def test_a_claim_in_cash_is_wages(tmp_path):
    """form: cash is not exempt (Caishui [2018] No. 164 item 7 exempts allowances in kind or reimbursed
    against receipts): school fees paid in cash count as wages, so the case equals 100,000 more wages
    with only the housing allowance, whose figures compare_regimes gives."""
    cash = LIST_FORM.replace("form: reimbursed", "form: cash")
    line = summary(edited(tmp_path, MAPPING_FORM, cash))["regimes"][0]
    _, options = library_best(year=2024, wages=1_100_000, special_additional=42000, days_in_zone=200, talent_recognised=True, bonus=0,
                              allowances={"housing": 180000})
    o = options["hainan"]
    assert Decimal(line["exemptions_tax_after_relief"]) == o.allowance_options["exemptions"]
    assert Decimal(line["deductions_tax_after_relief"]) == o.allowance_options["deductions"]
    assert Decimal(line["exemptions_tax_after_relief"]) > Decimal("141000.00")  # the reimbursed case's


@pytest.mark.parametrize("new,expected", [
    ("    - {kind: housing, amount: 180000, form: paper}\n", ":17: income.allowances[0].form: 'paper' is not one of"),
    ("    - {kind: housing, amount: 180000}\n    - {kind: housing, amont: 5}\n",
     ":18: income.allowances[1].amont: unknown key; did you mean `amount`?"),
    ("    - {kind: housing}\n", ":17: income.allowances[0].amount: missing required key"),
    ("    - {kind: housing, amount: -5}\n", ":17: income.allowances[0].amount: '-5' is negative"),
])
def test_a_bad_claim_names_its_element(tmp_path, new, expected):
    run = calc(edited(tmp_path, MAPPING_FORM, new))
    assert run.returncode == 2 and expected in run.stderr, run.stderr
