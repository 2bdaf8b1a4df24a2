"""Errors and eligibility reasons in the process language (libtax.set_language): str(e) is the
message in the language set when the error was raised, e.messages holds it in "en" and "zh", and
field, value, file and line stay as given."""
from __future__ import annotations

import pytest

import libtax


@pytest.fixture
def chinese():
    before = libtax.get_language()
    libtax.set_language("zh")
    try:
        yield
    finally:
        libtax.set_language(before)


def test_a_year_no_table_covers_is_said_in_chinese(chinese):
    with pytest.raises(libtax.CoverageError) as info:
        libtax.annual_tax(2018, wages=100000)
    e = info.value
    assert str(e).startswith("year = 2018：没有税率表涵盖该纳税年度（内置税率表涵盖2019")
    assert e.messages["en"].startswith("year = 2018: no tax table covers this year")
    assert e.messages["zh"] == str(e)
    assert e.field == "year" and e.value == "2018"
    assert e.message_id == "error.problem.year_not_covered_have"


def test_an_unknown_keyword_is_said_in_chinese_with_the_closest_name(chinese):
    with pytest.raises(libtax.InputError) as info:
        libtax.annual_tax(2024, wagez=100000)
    e = info.value
    assert e.field == "wagez"
    assert "未知" in str(e) and "wages" in str(e), str(e)
    assert not any(w in str(e) for w in ("unknown", "did you mean")), str(e)


def test_an_amount_out_of_range_and_a_negative_one_in_chinese(chinese):
    with pytest.raises(libtax.RangeError) as info:
        libtax.annual_tax(2024, wages=10**16)
    assert "超出支持的范围" in str(info.value)
    with pytest.raises(libtax.InputError) as info:
        libtax.annual_tax(2024, wages=-1)
    assert str(info.value) == "wages = -1.00：不得为负数"


def test_english_stays_the_default_and_both_gives_chinese_then_english():
    with pytest.raises(libtax.CoverageError) as info:
        libtax.annual_tax(2018, wages=1)
    assert str(info.value).startswith("year = 2018: no tax table covers this year")
    libtax.set_language("both")
    try:
        with pytest.raises(libtax.CoverageError) as info:
            libtax.annual_tax(2018, wages=1)
    finally:
        libtax.set_language("en")
    zh, en = str(info.value).split("\n")
    assert zh.startswith("year = 2018：没有税率表") and en.startswith("year = 2018: no tax table")


def test_eligibility_reasons_and_delivery_follow_the_language(chinese):
    r = libtax.talent_relief("hainan", 2024, identity="foreign", wages=1000000, days_in_zone=100, talent_recognised=True)
    assert not r.eligible
    assert any(s.startswith("在区天数：不符合：在区天数100未达到不少于183天的要求") for s in r.reasons), r.reasons
    assert not any("FAILED" in s or "passed" in s for s in r.reasons)
    assert r.reaches.startswith("在海南办理年度汇算时申报")
    text = r.explain()
    assert "海南自由贸易港（全岛）" in text and "Hainan Free Trade Port" not in text
    libtax.set_language("en")
    assert any(s.startswith("presence: FAILED: days in the zone 100 do not meet the minimum of 183") for s in r.reasons)


def test_the_catalogues_are_readable_from_python():
    zh, en = libtax.messages("zh"), libtax.messages("en")
    assert set(zh) == set(en)
    assert zh["eligibility.failed"] == "不符合" and en["eligibility.failed"] == "FAILED"
    with pytest.raises(libtax.InputError):
        libtax.messages("fr")


def test_every_bad_input_of_the_catalogue_is_said_in_chinese(chinese):
    # every table, call and table-call case of tests/cases/bad_inputs.yaml raises an error whose
    # problem has a message id (no English sentence in str(e)), field, value and file:line verbatim;
    # only a YAML syntax error keeps yaml-cpp's own English words, inside the Chinese frame (and the
    # two checks what_if makes in Python, C40 and C41, stay English)
    from test_hardening_bad_inputs import BILLION_LAUGHS, CATALOGUE, document_of

    untranslated, seen = [], 0
    for case in CATALOGUE["tables"] + CATALOGUE["calls"] + CATALOGUE["table_calls"]:
        try:
            if "call" in case:
                eval("libtax." + case["call"], {"libtax": libtax, "BILLION_LAUGHS": BILLION_LAUGHS,  # noqa: S307
                                                "Tables": libtax.Tables, "decimal": __import__("decimal")})
            else:
                libtax.Tables.from_documents({case.get("name", "tables/cn/2024.yaml"): document_of(case)})
        except libtax.Error as e:
            seen += 1
            if not hasattr(e, "messages"):  # raised by the package's Python code (what_if's own checks): English
                continue
            assert e.messages["zh"] == str(e)
            if e.message_id is None and "(syntax)" not in str(e):
                untranslated.append(f"{case['id']}: {e}")
    assert seen >= 90
    assert not untranslated, "\n".join(untranslated)
