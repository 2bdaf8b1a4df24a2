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


def test_a_result_not_yet_translated_says_so_in_chinese_and_shows_english():
    text = libtax.bonus_tax_detail(2024, 144_000).explain(lang="zh")
    assert text.startswith("（此说明尚无中文版本，以下为英文）\n")
    assert "14190.00" in text


@pytest.mark.parametrize("bad", ["fr", "", "ZH"])
def test_an_unknown_language_is_refused_naming_it(bad):
    with pytest.raises(libtax.InputError, match="language"):
        libtax.set_language(bad)
    with pytest.raises(libtax.InputError):
        million().explain(lang=bad)


def test_lang_must_be_text():
    with pytest.raises(libtax.InputError, match="lang"):
        million().explain(lang=1)
