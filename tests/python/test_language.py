"""Explanations in Chinese and English: explain(lang=), steps(lang=), libtax.set_language."""
import pytest

import libtax


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    libtax.set_language("en")


def million():
    return libtax.annual_tax(2024, wages=1_000_000, social_insurance=30_000, special_additional=24_000)


def test_annual_tax_explained_in_chinese_names_the_statutory_terms_and_cites_the_law():
    text = million().explain(lang="zh")
    for term in ("应纳税所得额", "速算扣除数", "专项附加扣除", "《中华人民共和国个人所得税法》第六条第一款第（一）项", "886000.00", "224180.00"):
        assert term in text
    assert "Presidential Order" not in text


def test_english_is_unchanged_and_both_gives_each_line_twice():
    r = million()
    assert r.explain() == r.explain(lang="en")
    assert "taxable income" in r.explain()
    both = r.explain(lang="both").splitlines()
    i = next(n for n, line in enumerate(both) if "应纳税所得额" in line and "886000.00" in line)
    assert "taxable income" in both[i + 1] and "886000.00" in both[i + 1]


def test_set_language_is_the_default_of_every_explain():
    assert libtax.get_language() == "en"
    libtax.set_language("zh")
    assert libtax.get_language() == "zh"
    assert "应纳税所得额" in million().explain()
    assert any(s["label"] == "应纳税所得额" for s in million().steps())
    assert "taxable income" in million().explain(lang="en")


def test_donations_and_itemised_deductions_are_explained_in_chinese():
    d = libtax.donation_deduction(2024, 100_000, 40_000)
    text = d.explain(lang="zh")
    assert "此说明尚无中文版本" not in text
    assert "扣除限额" in text and "30000.00" in text  # 30% of 100,000 (IIT Law art. 6 para. 3)
    assert d.explain(lang="en") == d.explain()
    items = libtax.annual_tax(2024, wages=500_000, special_additional={"children_education": 2},
                              other_deductions={"commercial_health_insurance": 3000})
    zh = items.explain(lang="zh")
    assert "其中: 子女教育，第1个子女" in zh and "其中: 商业健康保险" in zh and "国发〔2023〕13号" in zh, zh
    assert "of which: children's education, child 2" in items.explain(lang="en")
    # the steps replay the items too: the deductions' total is the items' sum
    steps = items.steps(lang="en")
    assert any(s["label"] == "special additional deductions" and s["value"] == "48000.00" for s in steps), steps
    # compare_regimes' options keep the trace of their relief: explained in Chinese
    opts = libtax.compare_regimes(2024, identity="foreign", wages=960_000, talent_recognised=True, days_in_zone=330, city="shenzhen")
    assert opts and not opts[0].explain(lang="zh").startswith("（此说明尚无中文版本，以下为英文）")
    assert "应纳税所得额" in opts[0].explain(lang="zh")


def test_an_item_provisions_note_is_in_the_chosen_language():
    # the tax-deferred pension's pilot note (财税〔2018〕22号, UNCONFIRMED): its note_zh in Chinese
    r = libtax.other_deductions(2024, tax_deferred_pension=20_000, tax_deferred_pension_wages=100_000,
                                tax_deferred_pension_months=12)
    zh, en = r.explain(lang="zh"), r.explain(lang="en")
    assert "6000.00" in zh and "试点地区为上海市" in zh and "pilot in Shanghai" not in zh, zh
    assert "pilot in Shanghai" in en and "试点地区" not in en, en


NOT_TRANSLATED = "此说明尚无中文版本"


def gba_relief():
    return libtax.talent_relief("gba", 2024, identity="foreign", wages=960_000, social_insurance=36_000,
                                special_additional=36_000, talent_recognised=True, days_in_zone=330, city="shenzhen")


def first_month():
    run = libtax.withholding_run(2024, [{"wage": 80_000, "social_insurance": 3_000, "special_additional": 3_000}] * 2)
    return run.months[0]


# (result, a Chinese term its explanation must hold, the figure of the worked example)
EVERY_RESULT = {
    # 144,000 / 12 = 12,000: 10% row of the monthly table, quick deduction 210: 14,400 - 210
    "bonus": (lambda: libtax.bonus_tax_detail(2024, 144_000), "按月换算", "14190.00"),
    # other income 828,000 taxable: 203,880 + bonus 14,190 = 218,070 separately
    "bonus comparison": (lambda: libtax.bonus_comparison(2024, 144_000, wages=960_000, social_insurance=36_000, special_additional=36_000),
                         "并入综合所得", "218070.00"),
    # 50,000 - 20% = 40,000 at 30% - 2,000 (STA 2018 No. 61 Table 2)
    "prepayment": (lambda: libtax.labour_withholding_detail(2024, 50_000), "预扣", "10000.00"),
    # 500,000 x 30% - 40,500 (IIT Law Annex Table 2)
    "business": (lambda: libtax.business_tax_detail(2024, 500_000), "经营所得", "109500.00"),
    # month 1: 80,000 - 5,000 - 3,000 - 3,000 = 69,000 x 10% - 2,520
    "withholding month": (first_month, "累计", "4380.00"),
    "withholding run": (lambda: libtax.withholding_run(2024, [{"wage": 80_000, "social_insurance": 3_000, "special_additional": 3_000}] * 2),
                        "累计", "6900.00"),
    # 828,000 x 35% - 85,920 = 203,880 due
    "reconciliation": (lambda: libtax.reconcile(2024, wages=960_000, social_insurance=36_000, special_additional=36_000, prepaid=200_000),
                       "应纳税额", "203880.00"),
    # 203,880 - 828,000 x 15% = 79,680 (Caishui [2019] 31 art. 1)
    "talent relief": (gba_relief, "超过15%的税额", "79680.00"),
    # non-resident: 50,000 x 80% = 40,000 a month: 30% - 4,410
    "non-resident": (lambda: libtax.nonresident_labour_tax_detail(2024, 50_000), "应纳税所得额", "7590.00"),
    # 500,000 - 3 x 100,000 = 200,000 on the annual table: 20% - 16,920
    "severance": (lambda: libtax.severance_tax_detail(2024, 500_000, local_average_wage=100_000), "超过部分", "23080.00"),
    # 10,000 x 3% = 300 (MOF/STA Announcement 2022 No. 34 art. 1)
    "private pension payout": (lambda: libtax.private_pension_withdrawal_tax(2024, 10_000), "领取的个人养老金", "300.00"),
    # two children, 2,000 a month each (Guofa [2023] 13 item 2): 48,000
    "special additional deductions": (lambda: libtax.special_additional_deductions(2024, children_education=2), "子女教育", "48000.00"),
    # health insurance capped at 2,400 (Caishui [2017] 39)
    "other deductions": (lambda: libtax.other_deductions(2024, commercial_health_insurance=3000), "商业健康保险", "2400.00"),
    # 30% of 100,000 (IIT Law art. 6 para. 3)
    "donations": (lambda: libtax.donation_deduction(2024, 100_000, 40_000), "扣除限额", "30000.00"),
    # 243,080 x 200,000 / 1,000,000 (MOF/STA Announcement 2020 No. 3)
    "foreign tax credit": (lambda: libtax.foreign_tax_credit(2024, comprehensive_tax=243080, comprehensive_income_amount=1_000_000,
                                                             countries=[{"country": "X", "comprehensive_income_amount": 200_000,
                                                                         "foreign_tax_paid": 60_000}]), "抵免限额", "48616.00"),
}


@pytest.mark.parametrize("name", list(EVERY_RESULT))
def test_every_traced_result_explains_itself_in_chinese_english_and_both(name):
    make, term, figure = EVERY_RESULT[name]
    r = make()
    zh, en, both = r.explain(lang="zh"), r.explain(lang="en"), r.explain(lang="both")
    assert NOT_TRANSLATED not in zh and term in zh and figure in zh, zh
    assert figure in en and not any("\u4e00" <= ch <= "\u9fff" for ch in en.splitlines()[0]), en  # an English title
    assert r.explain() == en
    assert term in both and len(both.splitlines()) > len(zh.splitlines())
    libtax.set_language("zh")
    assert r.explain() == zh
    if hasattr(r, "steps"):
        steps = r.steps(lang="zh")
        assert steps and all(any("\u4e00" <= ch <= "\u9fff" for ch in s["label"]) for s in steps), steps
        libtax.set_language("en")
        assert r.steps(lang="en") == r.steps()


def test_the_english_of_a_traced_result_is_what_it_was():
    # .explain() without lang renders the same English the result's calculator recorded before
    assert "quick deduction once" in libtax.bonus_tax_detail(2024, 144_000).explain()
    assert "basis: Caishui [2023] No. 34" in gba_relief().explain()


@pytest.mark.parametrize("bad", ["fr", "", "ZH"])
def test_an_unknown_language_is_refused_naming_it(bad):
    with pytest.raises(libtax.InputError, match="language"):
        libtax.set_language(bad)
    with pytest.raises(libtax.InputError):
        million().explain(lang=bad)


def test_lang_must_be_text():
    with pytest.raises(libtax.InputError, match="lang"):
        million().explain(lang=1)
