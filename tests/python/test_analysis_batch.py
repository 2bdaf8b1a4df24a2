"""libtax.annual_tax_batch: every element equals the scalar annual_tax to the fen; bad rows are
named by column and row; nothing is returned half-computed; tables= is honoured."""
from decimal import Decimal

import numpy as np
import pytest

import libtax

KEYS = ("wages", "labour", "author", "royalties", "social_insurance", "special_additional", "other_deductions")


def scalar(year, row, tables=None):
    return libtax.annual_tax(year, tables=tables, **{k: v for k, v in row.items()})


def population(n, seed):
    rng = np.random.default_rng(seed)
    cols = {
        "wages": np.round(rng.lognormal(np.log(200_000), 1.0, n), 2),
        "labour": np.where(rng.random(n) < 0.3, rng.uniform(0, 300_000, n), 0.0),  # sub-fen floats too
        "author": np.where(rng.random(n) < 0.1, np.round(rng.uniform(0, 100_000, n), 2), 0.0),
        "royalties": np.where(rng.random(n) < 0.1, rng.integers(0, 100_000, n), 0).astype(np.float64),
        "social_insurance": np.round(rng.uniform(0, 50_000, n), 2),
        "special_additional": rng.integers(0, 72_000, n),  # an int column
        "other_deductions": np.where(rng.random(n) < 0.2, rng.uniform(0, 14_400, n), 0.0),
    }
    return cols


def edge_rows(year):
    """Taxable income at each bracket bound of the year's table and a fen (or less) either side."""
    rows = []
    for b in libtax.schedule(year):
        for edge in (b["over"], b["upto"]):
            if edge is None:
                continue
            for delta in ("-0.01", "-0.005", "0", "0.004", "0.005", "0.01"):
                taxable = float(edge + Decimal(delta))
                if taxable >= 0:
                    rows.append({"wages": 60000 + taxable})
                    rows.append({"wages": 60000.0, "labour": taxable / 0.8})  # an 80% income amount
    return rows


@pytest.mark.parametrize("year", [2019, 2022, 2024, 2027])
def test_batch_equals_scalar_to_the_fen_on_random_rows(year):
    cols = population(30_000, seed=year)
    tax, taxable = libtax.annual_tax_batch(year, return_taxable=True, **cols)
    assert tax.dtype == np.float64 and tax.shape == (30_000,)
    rng = np.random.default_rng(1)
    for i in rng.choice(30_000, 1500, replace=False):
        r = scalar(year, {k: cols[k][i].item() for k in KEYS})
        assert tax[i] == float(r.tax), (i, {k: cols[k][i] for k in KEYS})
        assert taxable[i] == float(r.taxable_income)


def test_batch_equals_scalar_at_bracket_edges_and_sub_fen_amounts():
    for year in (2019, 2024):
        rows = edge_rows(year) + [{"wages": 60001.005}, {"wages": 60000.125}, {"wages": 1e-7}, {"wages": 0.1 + 0.2}]
        cols = {k: np.array([float(r.get(k, 0.0)) for r in rows]) for k in KEYS}
        tax, taxable = libtax.annual_tax_batch(year, return_taxable=True, **cols)
        for i, row in enumerate(rows):
            r = scalar(year, {k: float(cols[k][i]) for k in KEYS})
            assert (tax[i], taxable[i]) == (float(r.tax), float(r.taxable_income)), row


def test_worked_example_of_the_core_contract():
    # tests/python/test_core_contract.py: 1,000,000 wages, 30,000 social insurance, 24,000 special
    # additional deductions -> taxable 886,000, tax 224,180.00 (35% bracket, quick deduction 85,920)
    tax = libtax.annual_tax_batch(2024, wages=[1_000_000, 0], social_insurance=[30000, 0], special_additional=[24000, 0])
    assert tax.tolist() == [224180.0, 0.0]


def test_large_amounts_take_the_128_bit_path_and_agree():
    wages = np.array([1e12, 9.99e14, 123456789012.34])
    tax = libtax.annual_tax_batch(2024, wages=wages, labour=wages / 3)
    for i, w in enumerate(wages):
        assert tax[i] == float(libtax.annual_tax(2024, wages=float(w), labour=float(wages[i] / 3)).tax)


def test_input_kinds_lists_ints_float32_strings_decimals_and_series():
    import pandas as pd

    expected = libtax.annual_tax_batch(2024, wages=np.array([100000.0, 250000.5]))
    assert libtax.annual_tax_batch(2024, wages=[100000, 250000.5]).tolist() == expected.tolist()
    assert libtax.annual_tax_batch(2024, wages=np.array(["100000", "250000.50"], dtype=object)).tolist() == expected.tolist()
    assert libtax.annual_tax_batch(2024, wages=[Decimal("100000"), Decimal("250000.50")]).tolist() == expected.tolist()
    assert libtax.annual_tax_batch(2024, wages=pd.Series([100000.0, 250000.5])).tolist() == expected.tolist()
    assert libtax.annual_tax_batch(2024, wages=np.array([100000, 250000], dtype=np.uint32)).tolist() == \
        libtax.annual_tax_batch(2024, wages=[100000.0, 250000.0]).tolist()
    f32 = np.array([100000.5], dtype=np.float32)
    assert libtax.annual_tax_batch(2024, wages=f32)[0] == float(libtax.annual_tax(2024, wages=float(f32[0])).tax)
    assert libtax.annual_tax_batch(2024, wages=[]).shape == (0,)


@pytest.mark.parametrize("column", KEYS)
@pytest.mark.parametrize("bad,problem", [(-1.0, "negative"), (float("nan"), "finite"), (float("inf"), "finite"),
                                         (-5, "negative"), (2e15, "range")])
def test_a_bad_row_names_the_column_and_the_row(column, bad, problem):
    n = 50_000  # several threads' chunks: the first bad row is reported whichever thread finds it
    cols = {"wages": np.full(n, 100000.0)}
    values = np.full(n, 10.0) if not isinstance(bad, int) else np.full(n, 10, dtype=np.int64)
    values[41_234] = bad
    values[45_000] = bad
    cols[column] = values
    with pytest.raises(libtax.InputError) as e:
        libtax.annual_tax_batch(2024, threads=2, **cols)
    assert e.value.field == column
    assert "row 41234" in str(e.value) and column in str(e.value)
    assert problem in str(e.value)


def test_bad_object_rows_and_shapes():
    with pytest.raises(libtax.InputError, match=r"wages = 'x': row 1"):
        libtax.annual_tax_batch(2024, wages=np.array(["1", "x"], dtype=object))
    with pytest.raises(libtax.InputError, match="row 0"):
        libtax.annual_tax_batch(2024, wages=np.array([None], dtype=object))
    with pytest.raises(libtax.InputError) as e:
        libtax.annual_tax_batch(2024, wages=[1.0, 2.0, 3.0], social_insurance=[1.0, 2.0])
    assert e.value.field == "social_insurance" and "3 rows" in str(e.value)
    with pytest.raises(libtax.InputError, match="1-D"):
        libtax.annual_tax_batch(2024, wages=np.ones((2, 2)))
    with pytest.raises(libtax.InputError, match="bool"):
        libtax.annual_tax_batch(2024, wages=np.array([True]))
    with pytest.raises(libtax.InputError, match="threads"):
        libtax.annual_tax_batch(2024, wages=[1.0], threads=0)
    with pytest.raises(libtax.CoverageError):
        libtax.annual_tax_batch(2018, wages=[1.0])
    with pytest.raises(TypeError):
        libtax.annual_tax_batch(2024)  # wages is required


def test_threads_do_not_change_results():
    cols = population(100_000, seed=5)
    one = libtax.annual_tax_batch(2024, threads=1, **cols)
    assert np.array_equal(one, libtax.annual_tax_batch(2024, threads=2, **cols))
    assert np.array_equal(one, libtax.annual_tax_batch(2024, threads=7, **cols))
    assert np.array_equal(one, libtax.annual_tax_batch(2024, **cols))


def test_marginal_rate_comes_from_the_bracket_of_the_taxable_income():
    rates = libtax.marginal_rate_batch(2024, wages=[0, 60000, 96000, 96000.01, 2_000_000])
    assert rates.tolist() == [0.0, 0.0, 0.03, 0.10, 0.45]  # 36,000 taxable is still the 3% bracket


def cpu_flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


def test_vector_lanes_and_portable_code_give_the_same_fen():
    """The SIMD lanes on the best Highway target of this CPU, the lanes with AVX-512 forced off and
    the portable code agree on every row, including rows beyond the lanes' bounds; and the lanes
    run the target the CPU has (AVX3 with AVX-512, AVX2 without)."""
    from libtax import _batch

    flags = cpu_flags()
    has512 = {"avx512f", "avx512vl", "avx512dq", "avx512bw"} <= flags
    has2 = {"avx2", "fma", "bmi2", "f16c"} <= flags
    best = _batch.vector_path(2024)
    if has512:
        assert best in ("AVX3", "AVX3_DL", "AVX3_ZEN4")
    elif has2:
        assert best == "AVX2"
    cols = population(200_000, seed=11)
    cols["wages"][:9] = [1e10, 1.0995e10, 1.1e10, 2e12, 0.0, 60000.005, 96000.0, 2.7487e9, 2.7488e9]  # 2^40, 2^38 fen
    cols["labour"][:3] = [1.0995e10, 0.0, 1.0995e10]
    results = {}
    try:
        for setting in (True, "avx2", False):
            _batch.use_vector_units(setting)
            path = _batch.vector_path(2024)
            if setting is False:
                assert path == ""
            elif setting == "avx2":
                assert not path.startswith("AVX3") and (path == "AVX2" or not has2)
            results[setting] = (libtax.annual_tax_batch(2024, threads=1, return_taxable=True, **cols),
                                libtax.marginal_rate_batch(2024, **cols))
    finally:
        assert _batch.use_vector_units(True) is False
    (fast, brackets_fast) = results[True]
    for setting in ("avx2", False):
        (other, brackets_other) = results[setting]
        assert np.array_equal(fast[0], other[0]) and np.array_equal(fast[1], other[1]), setting
        assert np.array_equal(brackets_fast, brackets_other), setting
    for i in list(range(9)) + [1000, 99_999, 199_999]:
        r = scalar(2024, {k: cols[k][i].item() for k in KEYS})
        assert fast[0][i] == float(r.tax)


def test_float_columns_take_one_pass_and_give_the_same_fen():
    """Float64 columns only: the fused pass (float yuan in lanes to float yuan) on the best target and
    with AVX-512 off agrees with the portable code and with the scalar call, rows at half a fen and
    beyond the lanes' bounds included; a refused amount is still reported (or coerced) exactly."""
    from libtax import _batch

    cols = {k: v.astype(np.float64) for k, v in population(100_000, seed=12).items()}
    cols["wages"][:6] = [60000.005, 2147483648.0, 3e9, 1.1e10, 0.0, -0.0]
    cols["labour"][:4] = [0.005, 0.015, np.nextafter(0.125, 0.0), 2.1e9]
    results = {}
    try:
        for setting in (True, "avx2", False):
            _batch.use_vector_units(setting)
            results[setting] = libtax.annual_tax_batch(2024, threads=1, return_taxable=True, **cols)
    finally:
        _batch.use_vector_units(True)
    for setting in ("avx2", False):
        assert np.array_equal(results[True][0], results[setting][0]), setting
        assert np.array_equal(results[True][1], results[setting][1]), setting
    for i in list(range(6)) + [777, 99_999]:
        r = scalar(2024, {k: cols[k][i].item() for k in KEYS})
        assert results[True][0][i] == float(r.tax) and results[True][1][i] == float(r.taxable_income.quantize(Decimal("0.01"), "ROUND_HALF_UP"))
    bad = dict(cols, social_insurance=cols["social_insurance"].copy())
    bad["social_insurance"][[70_001, 80_000]] = [-1.0, np.nan]
    with pytest.raises(libtax.InputError, match="row 70001: must not be negative"):
        libtax.annual_tax_batch(2024, **bad)
    tax, report = libtax.annual_tax_batch(2024, errors="coerce", **bad)
    assert [p.row for p in report] == [70_001, 80_000]
    assert np.isnan(tax[[70_001, 80_000]]).all() and np.array_equal(np.delete(tax, [70_001, 80_000]),
                                                                  np.delete(results[True][0], [70_001, 80_000]))


def test_every_batch_function_gives_the_same_fen_under_each_vector_setting():
    """talent_relief_batch and withholding_batch read their float columns with the vector code
    use_vector_units allows (the conversion at half a fen included): the same figures under each
    setting, equal to the scalar calls."""
    from libtax import _batch

    cols = {k: v.astype(np.float64) for k, v in population(3_000, seed=14).items()}
    cols["wages"][:3] = [600000.005, 1e7 + 0.015, np.nextafter(0.125, 0.0)]
    amounts = {k: cols[k] for k in ("wages", "labour", "social_insurance", "other_deductions")}
    wage = np.round(cols["wages"][:1_000, None] / 12 * np.ones((1, 12)), 3)
    relief, withheld = {}, {}
    try:
        for setting in (True, "avx2", False):
            _batch.use_vector_units(setting)
            relief[setting] = libtax.talent_relief_batch("gba", 2024, identity="foreign", talent_recognised=True,
                                                         threads=1, **amounts)
            withheld[setting] = libtax.withholding_batch(2024, wage=wage, threads=1)
    finally:
        _batch.use_vector_units(True)
    for setting in ("avx2", False):
        assert np.array_equal(relief[True], relief[setting]), setting
        assert np.array_equal(withheld[True], withheld[setting]), setting
    for i in (0, 1, 2, 1_500, 2_999):
        r = libtax.talent_relief("gba", 2024, identity="foreign", talent_recognised=True,
                                 **{k: v[i].item() for k, v in amounts.items()})
        assert relief[True][i] == float(r.amount), i
    for i in (0, 1, 999):
        months = libtax.withhold_wages(2024, [{"wage": w.item()} for w in wage[i]])
        assert list(withheld[True][i]) == [float(m) for m in months], i


def test_out_receives_the_result():
    cols = {k: v.astype(np.float64) for k, v in population(20_000, seed=13).items()}
    want = libtax.annual_tax_batch(2024, **cols)
    out = np.full(20_000, -1.0)
    got = libtax.annual_tax_batch(2024, out=out, **cols)
    assert got is out and np.array_equal(out, want)
    got, taxable = libtax.annual_tax_batch(2024, out=out, return_taxable=True, **cols)
    assert got is out and np.array_equal(out, want)
    for bad, match in ((np.empty(20_000, dtype=np.float32), "float64"), (np.empty(19_999), "20000 rows"),
                       (np.empty(40_000)[::2], "contiguous"), ([0.0] * 20_000, "numpy")):
        with pytest.raises(libtax.InputError, match=match) as e:
            libtax.annual_tax_batch(2024, out=bad, **cols)
        assert e.value.field == "out"


# ---- withholding_batch ----------------------------------------------------------------------

WITHHOLDING_KEYS = ("wage", "exempt_income", "social_insurance", "special_additional", "other_deductions")


def withholding_population(n, months, seed):
    rng = np.random.default_rng(seed)
    wage = np.round(rng.lognormal(np.log(15_000), 1.0, (n, months)), 2)
    wage[rng.random((n, months)) < 0.05] = 0.0  # unpaid months
    wage[:, -1] += rng.uniform(0, 1, n)  # sub-fen floats
    return {
        "wage": wage,
        "exempt_income": np.round(wage * rng.uniform(0, 0.1, (n, months)), 2),
        "social_insurance": np.round(np.minimum(wage, 4_000) * 0.22, 2),
        "special_additional": rng.choice([0, 1000, 2000, 3000, 4500], (n, months)).astype(np.int64),
        "other_deductions": np.where(rng.random((n, months)) < 0.1, rng.uniform(0, 1_200, (n, months)), 0.0),
    }


def withholding_scalar(year, cols, i, first_month=1):
    months = cols["wage"].shape[1]
    rows = [{k: cols[k][i, j].item() for k in WITHHOLDING_KEYS if k in cols} for j in range(months)]
    return [float(x) for x in libtax.withhold_wages(year, rows, first_month=first_month)]


@pytest.mark.parametrize("year,months,first_month,seed", [(2024, 12, 1, 1), (2019, 12, 1, 2), (2023, 5, 8, 3), (2027, 1, 12, 4)])
def test_withholding_batch_equals_withhold_wages_row_by_row(year, months, first_month, seed):
    cols = withholding_population(300, months, seed)
    got = libtax.withholding_batch(year, first_month=first_month, threads=2, **cols)
    assert got.shape == (300, months) and got.dtype == np.float64
    for i in range(300):
        assert got[i].tolist() == withholding_scalar(year, cols, i, first_month), i


def test_withholding_batch_high_earners_every_bracket_and_the_slow_path():
    # monthly wages up to 10^13 yuan: cumulative taxable income beyond 2^53 / 45 fen takes the
    # schedule's own exact path; both must give the scalar's fen
    wage = np.array([[10 ** e + 0.005] * 12 for e in range(2, 14)])
    got = libtax.withholding_batch(2024, wage=wage)
    for i in range(len(wage)):
        assert got[i].tolist() == withholding_scalar(2024, {"wage": wage}, i)


def test_withholding_batch_worked_cases():
    import yaml
    from conftest import SOURCE_DIR

    doc = yaml.safe_load((SOURCE_DIR / "tests/cases/payroll.yaml").read_text())
    plain = set(WITHHOLDING_KEYS)
    ran = 0
    for case in doc["withholding"]:
        terms = case.get("terms") or {}
        if set(terms) - {"first_month"} or "withheld" not in case["expect"]:
            continue
        months = [dict(m) for m in case["months"]] if "months" in case else [dict(case["every_month"]) for _ in range(case["count"])]
        for n, m in (case.get("change") or {}).items():
            months[int(n) - 1] = dict(m)
        if not all(set(m) <= plain for m in months):
            continue
        cols = {k: np.array([[str(m.get(k, 0)) for m in months]], dtype=object) for k in WITHHOLDING_KEYS}
        got = libtax.withholding_batch(case["year"], first_month=terms.get("first_month", 1), **cols)
        assert [f"{x:.2f}" for x in got[0]] == case["expect"]["withheld"], case["id"]
        ran += 1
    assert ran >= 2  # E1 (the official example) and E13 by the old method at least


def test_withholding_batch_refuses_bad_months_naming_row_month_and_column():
    wage = np.full((3, 12), 20_000.0)
    with pytest.raises(libtax.InputError, match=r"social_insurance = -1\.0: row 2, month 5"):
        si = np.zeros((3, 12))
        si[2, 4] = -1.0
        libtax.withholding_batch(2024, wage=wage, social_insurance=si)
    with pytest.raises(libtax.InputError, match=r"wage = nan: row 1, month 3"):
        w = wage.copy()
        w[1, 2] = np.nan
        libtax.withholding_batch(2024, wage=w)
    with pytest.raises(libtax.InputError, match=r"exempt_income = 20000\.01: row 0, month 4: more than the month's pay"):
        ex = np.zeros((3, 12))
        ex[0, 3] = 20_000.01
        libtax.withholding_batch(2024, wage=wage, exempt_income=ex)
    with pytest.raises(libtax.RangeError, match=r"wage = .*row 0, month 2: the cumulative amount"):
        libtax.withholding_batch(2024, wage=np.full((1, 2), 9e14))
    with pytest.raises(libtax.InputError, match="shape"):
        libtax.withholding_batch(2024, wage=wage, social_insurance=np.zeros((3, 11)))
    with pytest.raises(libtax.InputError, match="months"):
        libtax.withholding_batch(2024, wage=wage, first_month=2)
    with pytest.raises(libtax.CoverageError):
        libtax.withholding_batch(2018, wage=wage)
