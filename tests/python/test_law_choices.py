"""Choices after relief: compare_regimes weighs the annual one-time bonus taxed separately against
merged into comprehensive income on the person's whole tax after each regime's relief
(tests/cases/choices.yaml, worked by hand; the C++ test reads the same file)."""
import pathlib
from decimal import Decimal as D

import pytest
import yaml

import libtax

CASES = yaml.safe_load((pathlib.Path(__file__).resolve().parents[1] / "cases" / "choices.yaml").read_text(encoding="utf-8"))["cases"]


def _args(case):
    return {k: (v if isinstance(v, (bool, int)) else str(v)) for k, v in case["args"].items()}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_choices(case):
    res = libtax.compare_regimes(case["year"], **_args(case), **case["options"])
    e = case["expect"]
    assert isinstance(res, list)
    assert res.best is not None and res.best.regime == e["best"] and res.best.best
    assert res.tax_without_relief == D(e["tax_without_relief"])
    assert res.treatment_without_relief == e["treatment_without_relief"]
    for regime, w in e["regimes"].items():
        item = next(r for r in res if r.regime == regime)
        assert item.bonus_treatment == w["bonus_treatment"]
        assert item.amount == D(w["relief"])
        assert item.tax_before_relief == D(w["tax_before_relief"])
        assert item.tax_after_relief == D(w["tax_after_relief"])
        assert item.bonus_saving == D(w["bonus_saving"])
        assert item.bonus_options == {"separate": D(w["separate_tax_after_relief"]), "merged": D(w["merged_tax_after_relief"])}
        assert "the cheaper after relief" in item.explain(lang="en")
        assert "按优惠后税额较低者" in item.explain(lang="zh")
    assert "best legal choice" in res.explain(lang="en")


HAINAN_EXECUTIVE = dict(identity="mainland", wages=1_500_000, labour=50_000, zone_labour=0, social_insurance=42_000,
                        special_additional=60_000, other_deductions=2_400, days_in_zone=200, actual_days=200,
                        talent_recognised=True)


def test_hainan_executive_merges_although_separate_is_cheaper_before_relief():
    res = libtax.compare_regimes(2025, bonus=300_000, place="hainan", **HAINAN_EXECUTIVE)
    h = res.best
    assert h.regime == "hainan" and h.bonus_treatment == "merged"
    assert h.tax == D("572100.00") and h.amount == D("313786.96") and h.tax_after_relief == D("258313.04")
    assert h.bonus_options["separate"] == D("270923.77")
    # before relief, separate taxation is the cheaper one (the reason the choice must follow the relief)
    plain = libtax.bonus_comparison(2025, 300_000, wages=1_500_000, labour=50_000, social_insurance=42_000,
                                    special_additional=60_000, other_deductions=2_400)
    assert plain.cheaper == "separate" and plain.separate_total == D("495690.00") and plain.merged_total == D("572100.00")
    assert res.treatment_without_relief == "separate" and res.tax_without_relief == D("495690.00")


def test_without_a_bonus_every_item_is_merged_and_ranked_by_the_tax_after_relief():
    res = libtax.compare_regimes(2024, identity="hk", wages=1_000_000, talent_recognised=True, city="shenzhen", fx_rate=1,
                                 days_in_zone=200)
    assert res and res.best is res[0]
    taxes = [r.tax_after_relief for r in res if r.computed and r.eligible and r.enacted]
    assert taxes == sorted(taxes)
    for r in res:
        assert r.bonus_treatment == "merged"
        assert r.tax_after_relief == r.tax_before_relief - r.amount
        assert "separate" not in r.bonus_options


def test_nothing_claimable_has_no_best():
    res = libtax.compare_regimes(2024, identity="mainland", wages=100_000)
    assert res.best is None and all(not r.best for r in res)


def test_the_bonus_is_checked():
    with pytest.raises(libtax.InputError, match="zone_bonus"):
        libtax.compare_regimes(2025, bonus=100, zone_bonus=101, place="hainan", **HAINAN_EXECUTIVE)
    with pytest.raises(libtax.InputError, match="bonus"):
        libtax.compare_regimes(2025, bonus=-1, place="hainan", **HAINAN_EXECUTIVE)
    with pytest.raises(libtax.NotAvailableError, match="resident"):
        libtax.compare_regimes(2025, bonus=1000, resident=False, wage_months=12, **HAINAN_EXECUTIVE)


def test_every_regime_states_whether_it_relieves_a_separate_bonus():
    for regime in libtax.regimes():
        text = pathlib.Path(__file__).resolve().parents[2].joinpath("tables", "regimes", regime + ".yaml").read_text(encoding="utf-8")
        assert "\nseparate_bonus:" in text, regime
