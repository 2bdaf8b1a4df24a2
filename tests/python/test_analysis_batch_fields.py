"""talent_relief_batch and annual_tax_frame take every declared field of talent_relief: one value
for every row or a column, each entry converted by the scalar boundary's rules, each row equal
to the scalar call to the fen."""
import numpy as np
import pandas as pd
import pytest

import libtax

DEFAULTS = {"resident": True, "social_insurance_exempt": False, "mpf_contributions": 0}


def _takes_city(regime):
    try:
        libtax.talent_relief(regime, 2024, identity="foreign", city="shenzhen")
        return True
    except libtax.InputError:
        return False


def _random_rows(rng, n, regime):
    """n random taxpayers as keyword dicts of talent_relief (every declared field of the regime input)."""
    city = _takes_city(regime)
    rows = []
    for _ in range(n):
        wages = round(float(rng.lognormal(np.log(400_000), 1.0)), 2)
        labour = round(float(rng.uniform(0, 200_000)), 2) if rng.random() < 0.3 else 0.0
        r = dict(identity=str(rng.choice(["foreign", "hk", "macao", "taiwan", "mainland"])), wages=wages, labour=labour,
                 social_insurance=round(min(wages, 400_000) * 0.105, 2), talent_recognised=bool(rng.random() < 0.8),
                 days_in_zone=int(rng.integers(0, 367)), fx_rate=str(rng.choice(["1.09", "1.12"])))
        if rng.random() < 0.5:
            r["zone_wages"] = round(wages * float(rng.choice([0.25, 0.5, 1.0])), 2)
        if labour and rng.random() < 0.5:
            r["zone_labour"] = round(labour / 2, 2)
        if rng.random() < 0.3:
            r["actual_days"] = int(rng.integers(0, r["days_in_zone"] + 1))
        if rng.random() < 0.5:
            r["social_insurance_months"] = int(rng.integers(0, 13))
        if rng.random() < 0.3:
            r["social_insurance_exempt"] = bool(rng.random() < 0.5)
        if rng.random() < 0.5:
            r["contract_years"] = int(rng.integers(0, 6))
        if rng.random() < 0.3:
            r["encouraged_industry"] = bool(rng.random() < 0.5)
        if rng.random() < 0.2:
            r["special_industry"] = "shipping"
        if rng.random() < 0.2:
            r["tax_paid_in_zone"] = round(float(rng.uniform(0, 100_000)), 2)
        if rng.random() < 0.3:
            r["mpf_contributions"] = 18000
        if city and rng.random() < 0.7:
            r["city"] = str(rng.choice(["shenzhen", "guangzhou", "zhuhai"]))
        if rng.random() < 0.3:  # a non-resident: equal months, or each month's own wages
            r["resident"] = False
            if rng.random() < 0.5:
                r["wage_months"] = int(rng.integers(1, 13))
            else:
                months = [{"wage": round(float(rng.uniform(5_000, 150_000)), 2)} for _ in range(int(rng.integers(1, 13)))]
                for m in months:
                    if rng.random() < 0.3:
                        m["zone_wage"] = round(m["wage"] / 2, 2)
                r["months"] = months
                r["wages"] = 0.0
                r.pop("zone_wages", None)
        rows.append(r)
    return rows


def _column(rows, name):
    return [r.get(name) for r in rows]


@pytest.mark.parametrize("regime", libtax.regimes())
def test_every_field_as_a_column_equals_the_scalar_call_on_every_row(regime):
    rng = np.random.default_rng(sum(map(ord, regime)))
    try:  # a year beyond the Hong Kong / Macao tables: the burden regimes with projection
        libtax.talent_relief(regime, 2027, identity="hk", wages=1, fx_rate="1.09", projection=True)
        burden = True
    except libtax.InputError as e:
        burden = "projection is for the burden regimes" not in str(e)
    for year, projection in ((2021, False), (2024, False), (2027, burden)):
        rows = []
        for r in _random_rows(rng, 150, regime):
            try:
                r["_want"] = float(libtax.talent_relief(regime, year, projection=projection, **r).amount)
            except libtax.Error:
                continue  # a case the scalar call refuses (checked below: the batch refuses it too)
            rows.append(r)
        names = sorted({k for r in rows for k in r} - {"_want"})
        amounts = {"wages", "labour", "social_insurance"}
        kw = {}
        for name in names:
            col = _column(rows, name)
            if name in amounts:
                kw[name] = np.array([0.0 if x is None else x for x in col])
            elif name in ("talent_recognised", "days_in_zone", "identity"):
                kw[name] = col if name != "days_in_zone" else np.array(col, dtype=np.int64)
            elif name in DEFAULTS:  # fields without a None default: the default where the row gives none
                kw[name] = [DEFAULTS[name] if x is None else x for x in col]
            else:
                kw[name] = col  # None: not given for that row
        got = libtax.talent_relief_batch(regime, year, projection=projection, threads=1, **kw)
        want = np.array([r["_want"] for r in rows])
        assert len(rows) > 50
        bad = np.flatnonzero(got != want)
        assert bad.size == 0, (regime, year, [(int(i), rows[i], got[i], want[i]) for i in bad[:3]])


def test_a_row_the_scalar_call_refuses_is_refused_naming_its_row():
    with pytest.raises(libtax.InputError, match=r"zone_wages.*row 1"):
        libtax.talent_relief_batch("hainan", 2024, identity="foreign", wages=[100_000.0, 100_000.0],
                                   zone_wages=[50_000, 200_000])


def test_scalars_broadcast_and_equal_the_same_value_as_a_column():
    kw = dict(identity="foreign", wages=[300_000.0, 900_000.0, 2_000_000.0], talent_recognised=True, days_in_zone=300)
    broadcast = libtax.talent_relief_batch("hengqin", 2024, city=None, resident=True, contract_years=2,
                                           social_insurance_months=12, encouraged_industry=True, fx_rate="1.09", **kw)
    column = libtax.talent_relief_batch("hengqin", 2024, resident=[True] * 3, contract_years=np.array([2, 2, 2]),
                                        social_insurance_months=[12, 12, 12], encouraged_industry=[True] * 3,
                                        fx_rate=["1.09"] * 3, **kw)
    assert np.array_equal(broadcast, column)
    assert (broadcast > 0).any()


def test_months_as_one_list_for_every_row_or_a_column_of_lists():
    months = [{"wage": "20000"}] * 5 + [{"wage": "200000", "zone_wage": "100000"}]
    kw = dict(identity="foreign", resident=False, talent_recognised=True, social_insurance_exempt=True, contract_years=1)
    one = libtax.talent_relief_batch("hainan", 2021, months=months, **kw)
    assert list(one) == [18370.0]  # the worked case of tests/cases/regimes.yaml
    col = libtax.talent_relief_batch("hainan", 2021, months=[months, None, [{"wage": "20000"}] * 5 + [{"wage": "200000"}]],
                                     wages=[0, 300000, 0], wage_months=[None, 6, None], **kw)
    assert list(col) == [18370.0, 14040.0, 40040.0]


@pytest.mark.parametrize("field, value", [("resident", 1), ("resident", "False"), ("social_insurance_exempt", 0),
                                          ("encouraged_industry", "yes"), ("social_insurance_exempt", None)])
def test_a_flag_column_takes_booleans_only(field, value):
    with pytest.raises(libtax.InputError, match=rf"{field} = .*row 1: expected True or False"):
        libtax.talent_relief_batch("hengqin", 2024, identity="foreign", wages=[1e6, 1e6], fx_rate="1.09",
                                   **{field: [True, value]})
    # numpy bools are booleans
    libtax.talent_relief_batch("hengqin", 2024, identity="foreign", wages=[1e6, 1e6], fx_rate="1.09",
                               **{field: np.array([True, False])})


@pytest.mark.parametrize("field", ["actual_days", "social_insurance_months", "contract_years", "wage_months"])
@pytest.mark.parametrize("value", [100.5, 6.0, "6", True])
def test_day_and_month_counts_must_be_whole_numbers(field, value):
    with pytest.raises(libtax.InputError, match=rf"{field} = .*row 1"):
        libtax.talent_relief_batch("hainan", 2024, identity="foreign", wages=[1e6, 1e6], days_in_zone=200,
                                   resident=False, **{field: [6, value]})


def test_a_day_count_column_is_converted_by_the_scalar_rules():
    """days_in_zone as a column (converted in C++): ints, numpy ints of any width and None are taken;
    floats, bools, texts, counts beyond 0..366 and NA are refused naming the row (its label for a
    Series), or coerced to NaN; each taken row equals the scalar call."""
    wages = [900_000.0] * 6

    def one(d):
        return float(libtax.talent_relief("hainan", 2024, identity="foreign", wages=900_000.0, talent_recognised=True,
                                          **({} if d is None else {"days_in_zone": d})).amount)

    kw = dict(identity="foreign", wages=wages, talent_recognised=True)
    days = [0, 183, 366, None, np.int16(200), np.uint8(90)]
    want = [one(None if d is None else int(d)) for d in days]
    assert libtax.talent_relief_batch("hainan", 2024, days_in_zone=days, **kw).tolist() == want
    for dtype in (np.int64, np.int32, np.uint16):
        arr = np.array([0, 183, 366, 10, 200, 90], dtype=dtype)
        assert libtax.talent_relief_batch("hainan", 2024, days_in_zone=arr, **kw).tolist() == [one(int(d)) for d in arr]
    for bad, problem in ((183.0, "a whole number"), (True, "a whole number"), ("183", "a whole number"),
                         (np.float64(5), "a whole number"), (367, "0 to 366"), (-1, "0 to 366"), (2**70, "0 to 366")):
        column = np.array([183, 183, 183, bad, 183, 183], dtype=object)
        with pytest.raises(libtax.InputError, match=rf"days_in_zone = .*row 3: expected {problem}"):
            libtax.talent_relief_batch("hainan", 2024, days_in_zone=column, **kw)
        got, report = libtax.talent_relief_batch("hainan", 2024, days_in_zone=column, errors="coerce", **kw)
        assert np.isnan(got[3]) and [p.row for p in report] == [3] and got[0] == one(183)
    with pytest.raises(libtax.InputError, match=r"days_in_zone = .*row 1: expected 0 to 366"):
        libtax.talent_relief_batch("hainan", 2024, days_in_zone=np.array([5, 400, 5, 5, 5, 5], dtype=np.uint64), **kw)
    with pytest.raises(libtax.InputError, match="row 0: expected a whole number"):
        libtax.talent_relief_batch("hainan", 2024, days_in_zone=np.array([5.0] * 6), **kw)  # a float array
    index = list("abcdef")
    series = pd.Series([200, 200, pd.NA, 200, 200, 200], index=index, dtype="Int64")
    with pytest.raises(libtax.InputError, match=r"days_in_zone = <NA>: row 'c': masked or missing"):
        libtax.talent_relief_batch("hainan", 2024, days_in_zone=series, **dict(kw, wages=pd.Series(wages, index=index)))
    masked = np.ma.masked_array([200] * 6, mask=[False, False, False, False, True, False])
    got, report = libtax.talent_relief_batch("hainan", 2024, days_in_zone=masked, errors="coerce", **kw)
    assert np.isnan(got[4]) and [p.row for p in report] == [4] and got[5] == one(200)


def test_na_is_refused_naming_the_row_label_unless_coerced():
    index = ["ann", "bob", "cy"]
    wages = pd.Series([800_000.0, 900_000.0, 1_000_000.0], index=index)
    recognised = pd.Series([True, pd.NA, True], index=index, dtype="boolean")
    years = pd.Series([3, 2, pd.NA], index=index, dtype="Int64")
    kw = dict(identity="foreign", wages=wages, talent_recognised=True, days_in_zone=300, fx_rate="1.09")
    with pytest.raises(libtax.InputError, match=r"social_insurance_exempt = <NA>: row 'bob': masked or missing"):
        libtax.talent_relief_batch("hengqin", 2024, social_insurance_exempt=recognised, contract_years=years, **kw)
    got, report = libtax.talent_relief_batch("hengqin", 2024, social_insurance_exempt=recognised, contract_years=years,
                                             errors="coerce", **kw)
    assert np.isnan(got[1]) and np.isnan(got[2])
    assert got[0] == float(libtax.talent_relief("hengqin", 2024, identity="foreign", wages=800_000.0, talent_recognised=True,
                                                days_in_zone=300, fx_rate="1.09", social_insurance_exempt=True,
                                                contract_years=3).amount)
    assert [(p.row, p.column) for p in report] == [("bob", "social_insurance_exempt"), ("cy", "contract_years")]
    # a masked numpy entry likewise
    masked = np.ma.masked_array([3, 3, 3], mask=[False, False, True])
    with pytest.raises(libtax.InputError, match=r"contract_years = .*row 2: masked or missing"):
        libtax.talent_relief_batch("hengqin", 2024, contract_years=masked, **dict(kw, wages=[1e6] * 3))


def test_frame_reads_every_field_keeps_its_index_and_names_row_labels():
    df = pd.DataFrame({"wages": [800_000.0, 900_000.0, 1_000_000.0], "identity": ["foreign", "macao", "foreign"],
                       "talent_recognised": [True, True, True], "days_in_zone": [300, 250, 200],
                       "zone_wages": pd.Series([400_000.0, None, 1_000_000.0], dtype=object, index=[101, 205, 307]),
                       "contract_years": [3, 1, 5],
                       "social_insurance_months": [12, 12, 6], "fx_rate": ["1.09", "1.09", "1.09"]},
                      index=pd.Index([101, 205, 307], name="person"))
    out = libtax.annual_tax_frame(df, 2024, regimes=["hengqin"])
    assert list(out.index) == [101, 205, 307]
    for i, label in enumerate(df.index):
        row = {k: v for k, v in df.loc[label].items() if not (k == "zone_wages" and v is None)}
        row = {k: (float(v) if k in ("wages", "zone_wages") else int(v) if k in ("days_in_zone", "contract_years",
               "social_insurance_months") else bool(v) if k == "talent_recognised" else v) for k, v in row.items()}
        assert out["relief_hengqin"].iloc[i] == float(libtax.talent_relief("hengqin", 2024, **row).amount), label
    bad = df.assign(contract_years=pd.Series([3, 1.5, 5], dtype=object, index=df.index))
    with pytest.raises(libtax.InputError, match=r"contract_years = 1.5: row 205"):
        libtax.annual_tax_frame(bad, 2024, regimes=["hengqin"])
    out = libtax.annual_tax_frame(bad, 2024, regimes=["hengqin"], errors="coerce")
    assert np.isnan(out["relief_hengqin"].loc[205]) and not np.isnan(out["relief_hengqin"].loc[101])
    assert [(p.row, p.column) for p in out.attrs["libtax_report"]] == [(205, "contract_years")]


def test_projection_carries_the_foreign_table_forward_as_the_scalar_call():
    kw = dict(identity="hk", wages=[900_000.0], talent_recognised=True, days_in_zone=300, fx_rate="1.09")
    with pytest.raises(libtax.InputError, match="hong_kong_year_of_assessment = 2027/28"):
        libtax.talent_relief_batch("qianhai", 2027, **kw)
    got = libtax.talent_relief_batch("qianhai", 2027, projection=True, **kw)
    want = libtax.talent_relief("qianhai", 2027, projection=True, **{k: (v[0] if isinstance(v, list) else v) for k, v in kw.items()})
    assert want.projected and got[0] == float(want.amount)
