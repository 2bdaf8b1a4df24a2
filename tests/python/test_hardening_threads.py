"""Many Python threads computing at once give exactly the single-threaded figures.

The scalar calculators release the GIL while the C++ engine computes (bindings/convert.hpp,
without_gil), so these threads really run the engine concurrently: a data race in the library
(a lazily built table, a shared cache) would show as a wrong or differing figure here, and
under ThreadSanitizer in the C++ concurrency tests. annual_tax is called both ways: with an
amount of more than two places or an exponent (w / 10) it takes the general path, with plain
amounts (an int, a Decimal of at most two places) its fast path (bindings/fast_call.hpp), which
releases the GIL around the computation too.
"""
import concurrent.futures
import decimal

import libtax

WAGES = [decimal.Decimal(60_000 + 7_919 * i) + decimal.Decimal("0.05") * (i % 3) for i in range(200)]


def figures(year):
    return [
        (libtax.annual_tax(year, wages=w, social_insurance=w / 10).tax,
         libtax.annual_tax(year, wages=w, social_insurance=int(w) // 10, special_additional=24000).tax,  # the fast path
         libtax.labour_withholding(year, w / 20),
         libtax.business_tax(year, w),
         # the payroll and non-resident calculators release the GIL too
         libtax.withhold_wages(year, [{"wage": w / 12, "social_insurance": w / 120}] * 12),
         libtax.nonresident_labour_tax(year, w / 20),
         libtax.nonresident_wage_tax(year, wage_total=w / 12, wage_domestic=w / 12, china_workdays=20,
                                     calendar_days=30, residence_days=100))
        for w in WAGES
    ]


def test_threads_compute_the_single_threaded_figures():
    years = [2019, 2021, 2024, 2027] * 4
    expected = {y: figures(y) for y in set(years)}
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(figures, years))
    for year, got in zip(years, results):
        assert got == expected[year]


def test_threads_on_one_loaded_what_if_tables():
    tables = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=[2024])

    def run(_):
        return [libtax.annual_tax(2024, wages=w, tables=tables).tax for w in WAGES]

    expected = run(0)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        assert all(r == expected for r in pool.map(run, range(16)))
    assert expected[0] == decimal.Decimal("0.00")  # 60,000 is below 72,000


def regime_figures(year):
    """talent_relief and compare_regimes release the GIL too: their figures and explanations."""
    out = []
    for w in WAGES[::8]:
        r = libtax.talent_relief("gba", year, identity="foreign", wages=w, social_insurance=w / 20,
                                 talent_recognised=True, days_in_zone=330, city="shenzhen")
        ranked = libtax.compare_regimes(year, identity="foreign", wages=w, talent_recognised=True, days_in_zone=330,
                                        city="shenzhen", include_ineligible=True, bonus=w / 10)
        out.append((r.eligible, r.amount, r.tax_after_relief, r.explain("en"),
                    [(o.regime, o.computed, o.amount, o.tax_after_relief, o.bonus_treatment) for o in ranked],
                    ranked.best.regime if ranked.best else None))
    return out


def test_regime_threads_compute_the_single_threaded_figures():
    years = [2020, 2024] * 4
    expected = {y: regime_figures(y) for y in set(years)}
    # the worked example of the GBA subsidy (tests/python/test_language.py): a figure, not only agreement
    gba = libtax.talent_relief("gba", 2024, identity="foreign", wages=960_000, social_insurance=36_000,
                               special_additional=36_000, talent_recognised=True, days_in_zone=330, city="shenzhen")
    assert gba.amount == decimal.Decimal("79680.00")
    assert any(row[1] > 0 for row in expected[2024])
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(regime_figures, years))
    for year, got in zip(years, results):
        assert got == expected[year]
