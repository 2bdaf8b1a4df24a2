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
    # problem has a message id (no English sentence in str(e)), field, value and file:line verbatim,
    # the checks the package makes in Python (what_if's, C40 and C41) too; only a YAML syntax error
    # keeps yaml-cpp's own English words, inside the Chinese frame
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
            assert e.messages["zh"] == str(e), case["id"]
            assert isinstance(e.message_args, dict), case["id"]
            if e.message_id is None and "(syntax)" not in str(e):
                untranslated.append(f"{case['id']}: {e}")
    assert seen >= 90
    assert not untranslated, "\n".join(untranslated)


def test_what_ifs_own_checks_are_said_in_chinese(chinese):
    # C40 and C41 of the bad-input catalogue: raised by the package's Python code
    with pytest.raises(libtax.InputError) as info:
        libtax.what_if({"cn/2024.yaml": {"basic_deduction": {"annual": 72000}}})
    e = info.value
    assert e.message_id == "error.problem.py_what_if_base" and e.message_args == {}
    assert str(e).startswith("base = {'cn/2024.yaml': ") and str(e).endswith("：应为 libtax.Tables 或 None（修改请以 overlay=... 或关键字参数给出）")
    assert e.messages["en"].endswith(": expected a libtax.Tables or None (pass changes as overlay=... or as keywords)")
    with pytest.raises(libtax.InputError) as info:
        libtax.what_if(basic_deduction__annual=__import__("decimal").Decimal("1E+100000000"))
    assert str(info.value) == "overlay = Decimal('1E+100000000')：税率表的数值必须是至多30位数字的普通十进制数"
    with pytest.raises(libtax.InputError) as info:
        libtax.what_if(basic_deduction__annul=72000)
    e = info.value
    assert e.message_id == "error.problem.py_no_key"
    assert e.message_args == {"document": "tables/cn/2019.yaml", "path": "basic_deduction.annul"}
    assert str(e) == "basic_deduction__annul = 72000：tables/cn/2019.yaml中没有键basic_deduction.annul"


def test_batch_and_frame_checks_are_said_in_chinese_with_their_ids(chinese):
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    cases = [  # (call, message id, Chinese text)
        (lambda: libtax.annual_tax_frame(pd.DataFrame({"salary": [1.0]}), 2024), "error.problem.py_unknown_column",
         "salary = column：未知列（最接近的已知名称：'wages'）；可用 columns={'salary': 'wages'} 改名，"
         "或用 columns={'salary': None} 原样保留、不读取"),
        (lambda: libtax.annual_tax_batch(2024, wages=[1], errors="ignore"), "error.problem.py_errors_arg",
         "errors = 'ignore'：应为 'raise' 或 'coerce'"),
        (lambda: libtax.talent_relief_batch("hainan", 2024, identity="foreign", wages=[1e6], talent_recognised="yes"),
         "error.problem.py_flag_column", None),
        (lambda: libtax.talent_relief_batch("hainan", 2024, identity="foreign", wages=[1e6], days_in_zone=200.5),
         "error.problem.py_days_column", "days_in_zone = 200.5：应为整数天数、None，或由它们组成的列"),
        (lambda: libtax.annual_tax_batch(2024, wages=[1, 2], labour=[1]), "error.problem.py_equal_lengths",
         "labour = 1 rows：应与wages一样为2行；各列长度必须相同"),
        (lambda: libtax.annual_tax_frame(pd.DataFrame({"wages": [1.0]})), "error.problem.py_no_year",
         "year = None：未给出年度，数据框中也没有年度列"),
        (lambda: libtax.withholding_batch(2024, wage=np.ma.masked_array([[1.0, 2.0]], mask=[[False, True]])),
         "error.problem.py_grid_masked", "wage = masked：第0行，月份索引1：被遮盖（没有值）"),
    ]
    for call, message_id, zh in cases:
        with pytest.raises(libtax.InputError) as info:
            call()
        e = info.value
        assert e.message_id == message_id, (message_id, str(e))
        assert str(e) == e.messages["zh"] and not any(w in str(e) for w in ("expected", "unknown", "column of")), str(e)
        if zh is not None:
            assert str(e) == zh
    with pytest.raises(libtax.InputError) as info:
        libtax.annual_tax_frame(pd.DataFrame({"salary": [1.0]}), 2024)
    assert info.value.message_args == {"near": "'wages'", "rename": "columns={'salary': 'wages'}",
                                       "carry": "columns={'salary': None}"}


def test_a_row_wrapping_its_reason_renders_both_in_chinese(chinese):
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    # a refusal of the Python checks: "row {row}: {detail}" with the detail's own id and arguments
    with pytest.raises(libtax.InputError) as info:
        libtax.annual_tax_batch(2024, wages=np.array([1, -5]))
    e = info.value
    assert str(e) == "wages = -5：第1行：不得为负数"
    assert e.messages["en"] == "wages = -5: row 1: must not be negative"
    assert e.message_id == "error.problem.py_row"
    assert e.message_args == {"row": "1", "detail": {"id": "error.problem.negative", "args": {}}}
    # a masked entry of a pandas column, named by its label
    s = pd.Series([1.0, 2.0, 3.0], index=["ann", "bob", "cy"], dtype="Float64")
    s[1] = pd.NA
    with pytest.raises(libtax.InputError) as info:
        libtax.annual_tax_batch(2024, wages=s)
    assert str(info.value) == "wages = <NA>：第'bob'行：被遮盖或缺失（NA）：没有值"
    # a refusal the C++ boundary wrote in English ("not a plain decimal"), read by its id
    with pytest.raises(libtax.InputError) as info:
        libtax.annual_tax_batch(2024, wages=pd.Series(["1", "1,000"], index=["a", "b"]))
    e = info.value
    assert e.message_id == "error.problem.py_row" and e.message_args["detail"]["id"] == "error.problem.not_decimal"
    assert str(e).startswith("wages = '1,000'：第'b'行：") and "plain decimal" not in str(e), str(e)
    # a C++ kernel's "row {row}: {detail}" wrapping a whole input error, relabelled: both in Chinese
    with pytest.raises(libtax.InputError) as info:
        libtax.talent_relief_batch("hengqin", 2024, identity="foreign", wages=pd.Series([1e6, 1e6], index=["x", "y"]),
                                   fx_rate="1.09", zone_wages=pd.Series([0, -1], index=["x", "y"]))
    e = info.value
    assert str(e) == "zone_wages = -1.00：第'y'行：zone_wages = -1.00：不得为负数"
    assert e.message_id == "error.problem.py_row"
    assert e.message_args == {"row": "'y'", "detail": {"id": "error.problem.negative",
                                                       "args": {"field": "zone_wages", "value": "-1.00"}}}
    # the same without labels: the C++ error as raised
    with pytest.raises(libtax.InputError) as info:
        libtax.talent_relief_batch("hengqin", 2024, identity="foreign", wages=[1e6, 1e6], fx_rate="1.09", zone_wages=[0, -1])
    assert str(info.value) == "zone_wages = -1.00：第1行：zone_wages = -1.00：不得为负数"
    assert info.value.message_args["detail"] == {"id": "error.problem.negative", "args": {"field": "zone_wages", "value": "-1.00"}}
    # a C++ kernel's "row {row}, month {month}: {detail}"
    with pytest.raises(libtax.InputError) as info:
        libtax.withholding_batch(2024, wage=[[1.0, -2.0]])
    assert str(info.value) == "wage = -2.0：第0行第2月：金额不得为负数"
    assert info.value.message_id == "error.problem.py_row_month"
    # and the English stays as it was
    libtax.set_language("en")
    with pytest.raises(libtax.InputError) as info:
        libtax.annual_tax_batch(2024, wages=np.array([1, -5]))
    assert str(info.value) == "wages = -5: row 1: must not be negative"


def test_errors_of_the_calculators_carry_their_arguments(chinese):
    with pytest.raises(libtax.CoverageError) as info:
        libtax.annual_tax(2018, wages=100000)
    args = info.value.message_args
    assert args["origin"] == "error.origin.built_in" and args["years"].startswith("2019")
    with pytest.raises(libtax.InputError) as info:
        libtax.calc({"year": 2024, "income": {"wages": float("nan")}})
    e = info.value
    assert e.message_id == "error.problem.not_finite" and str(e) == "income.wages = nan：不是有限的金额"


def test_a_wrong_out_array_is_said_in_chinese(chinese):
    np = pytest.importorskip("numpy")
    cases = [([1.0, 2.0, 3.0], "应为numpy float64数组或None"),
             (np.zeros(3, dtype=np.int64), "应为float64数组"),
             (np.zeros(2), "应为含3行的一维数组"),
             (np.zeros(6)[::2], "应为连续存储且可写的数组")]
    for out, text in cases:
        with pytest.raises(libtax.InputError) as info:
            libtax.annual_tax_batch(2024, wages=np.array([1e5, 2e5, 3e5]), out=out)
        e = info.value
        assert e.field == "out" and text in str(e), str(e)
        assert e.message_id.startswith("error.problem.py_out_") and "expected" in e.messages["en"]
