"""libtax.analysis: population runs for analysts.

* ``annual_tax_batch``: the annual tax over numpy columns, computed in C++ (GIL released, threads),
  each element equal to ``libtax.annual_tax(...).tax`` to the fen.
* ``annual_tax_frame``: a pandas DataFrame of taxpayers in, the same frame with tax, taxable income,
  effective and marginal rate (and regime reliefs) out.
* ``what_if`` / ``compare``: tables changed in Python or by a YAML overlay, and baseline-vs-reform
  in one call.
* ``plot_rates`` / ``plot_relief``: matplotlib charts returning the Figure.

numpy is imported on use of the batch functions; pandas, matplotlib and PyYAML only inside the
functions that need them, so ``import libtax`` stays fast.
"""
from __future__ import annotations

import copy as _copy
import numbers as _numbers

from . import _core
from . import progress as _progress

__all__ = [
    "INCOME_COLUMNS",
    "annual_tax_batch",
    "annual_tax_frame",
    "compare",
    "marginal_rate_batch",
    "plot_rates",
    "plot_relief",
    "relief_break_even",
    "schedule",
    "talent_relief_batch",
    "what_if",
]

#: The keyword columns of ``annual_tax`` in the order the batch kernel takes them.
INCOME_COLUMNS = ("wages", "labour", "author", "royalties", "social_insurance", "special_additional",
                  "other_deductions")
_RECEIPTS = ("wages", "labour", "author", "royalties")
_MAX_YUAN = 10 ** 15


def _error(cls, field, value, problem):
    """A libtax error raised from Python, with .field and .value like the C++ ones."""
    e = cls(f"{field} = {value}: {problem}")
    e.field, e.value = field, str(value)
    return e



def _batch():
    from . import _batch as mod  # compiled module; imported on first use
    return mod


def _column(value, name):
    """A 1-D contiguous int64, float64 or object array for the kernel, or None for zeros."""
    import numpy as np

    if value is None:
        return None
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise _error(_core.InputError, name, f"array of shape {arr.shape}", "expected a 1-D column")
    kind = arr.dtype.kind
    if kind == "b":
        raise _error(_core.InputError, name, "bool array", "expected amounts of yuan, not bools")
    if kind == "i":
        return np.ascontiguousarray(arr, dtype=np.int64)
    if kind == "u":
        if arr.size and arr.max() > _MAX_YUAN:
            row = int(arr.argmax())
            raise _error(_core.RangeError, name, repr(arr[row]), f"row {row}: beyond the supported range of +/-10^15 yuan")
        return np.ascontiguousarray(arr, dtype=np.int64)
    if kind == "f":
        return np.ascontiguousarray(arr, dtype=np.float64)  # float16/32 widen exactly
    if kind in "OUS":
        return np.ascontiguousarray(arr, dtype=object)  # str and Decimal: converted exactly, one by one
    raise _error(_core.InputError, name, f"array of dtype {arr.dtype}", "expected int, float, str or Decimal amounts")


def _columns(values):
    cols = [_column(values.get(name), name) for name in INCOME_COLUMNS]
    present = [(name, c) for name, c in zip(INCOME_COLUMNS, cols) if c is not None]
    if present:
        first_name, first = present[0]
        for name, c in present[1:]:
            if len(c) != len(first):
                raise _error(_core.InputError, name, f"{len(c)} rows",
                             f"expected {len(first)} rows like {first_name}; columns must have equal lengths")
    return cols


@_progress.accepts_progress(*INCOME_COLUMNS, run="annual tax")
def annual_tax_batch(year, *, wages, labour=None, author=None, royalties=None, social_insurance=None,
                     special_additional=None, other_deductions=None, threads=None, tables=None,
                     return_taxable=False):
    """Annual comprehensive income tax of many residents at once, in yuan (numpy float64).

    Each argument is a column of yuan: a numpy array of any int or float dtype, a list, a pandas
    Series, or an object array of str/Decimal (converted exactly); None means zeros. Columns must
    have equal lengths. Element i equals ``float(libtax.annual_tax(year, wages=wages[i], ...).tax)``
    to the fen: floats are converted to the nearest fen of their binary value exactly as the scalar
    call does, and the tax is computed in exact integers from the year's table, rounded half-up.

    threads: worker threads (None: all cores); the GIL is released while computing.
    tables: a ``libtax.Tables`` (e.g. from ``what_if``); None for the built-in tables.
    return_taxable: also return the taxable income (yuan, half-up to the fen) as a second array.

    Raises libtax.InputError (a ValueError) naming the column for unequal lengths or a bad dtype,
    and naming the column and the row index for a negative, NaN or infinite amount (nothing is
    returned then); libtax.RangeError beyond 10^15 yuan; libtax.CoverageError for an uncovered year.
    """
    cols = _columns(dict(wages=wages, labour=labour, author=author, royalties=royalties,
                         social_insurance=social_insurance, special_additional=special_additional,
                         other_deductions=other_deductions))
    tax, taxable, _ = _batch().annual_tax_columns(year, cols, threads, tables, bool(return_taxable), False)
    return (tax, taxable) if return_taxable else tax


def schedule(year, name="comprehensive_annual", *, tables=None):
    """The brackets of one rate schedule of a year's table, as a list of dicts
    ``{over, upto, rate, quick}`` (Decimal; ``upto`` is None for the top bracket).

    name: ``comprehensive_annual``, ``comprehensive_monthly``, ``business_annual`` or
    ``labour_prepayment``.
    """
    return _batch().schedule(year, name, tables=tables)


def marginal_rate_batch(year, *, wages, labour=None, author=None, royalties=None, social_insurance=None,
                        special_additional=None, other_deductions=None, threads=None, tables=None):
    """The statutory marginal rate of each row: the rate of the bracket of the annual table that
    holds the row's taxable income (0 when nothing is taxable). Brackets are "over X up to Y", so
    a taxable income exactly at a bracket's top keeps that bracket's rate. Rates come from the
    table (float64 array)."""
    import numpy as np

    cols = _columns(dict(wages=wages, labour=labour, author=author, royalties=royalties,
                         social_insurance=social_insurance, special_additional=special_additional,
                         other_deductions=other_deductions))
    _, _, bracket = _batch().annual_tax_columns(year, cols, threads, tables, False, True)
    rates = np.array([0.0] + [float(b["rate"]) for b in schedule(year, tables=tables)])
    return rates[bracket]


_RELIEF_COLUMNS = ("wages", "labour", "author", "royalties", "social_insurance", "special_additional",
                   "other_deductions", "business_taxable_income", "talent_subsidy")


@_progress.accepts_progress("identity", "talent_recognised", "days_in_zone", *_RELIEF_COLUMNS, run="relief")
def talent_relief_batch(regime, year, *, identity, wages=None, labour=None, author=None, royalties=None,
                        social_insurance=None, special_additional=None, other_deductions=None,
                        business_taxable_income=None, talent_subsidy=None, talent_recognised=False,
                        days_in_zone=None, city=None, fx_rate=None, threads=None, tables=None):
    """The relief one talent regime gives each row, in yuan (numpy float64; 0 when not eligible).

    Element i equals ``float(libtax.talent_relief(regime, year, identity=..., wages=wages[i], ...).amount)``
    to the fen: each row runs the same C++ calculator, in threads with the GIL released.
    Amount columns as in ``annual_tax_batch`` (None: zeros; all of the income is from the zone).
    identity ("foreign", "hk", "macao", "taiwan", "mainland"), talent_recognised (bool) and
    days_in_zone (int or None) are one value for every row or a column; city and fx_rate (HKD or
    MOP per CNY, for the regimes that compare with Hong Kong or Macao) apply to every row. Other
    keywords of ``talent_relief`` are not taken here (use the scalar call).
    Raises libtax.InputError naming the column (and the row) for bad input, for an unknown regime.
    """
    import numpy as np

    values = dict(wages=wages, labour=labour, author=author, royalties=royalties,
                  social_insurance=social_insurance, special_additional=special_additional,
                  other_deductions=other_deductions, business_taxable_income=business_taxable_income,
                  talent_subsidy=talent_subsidy)
    cols = {k: _column(v, k) for k, v in values.items() if v is not None}
    if cols:
        first = next(iter(cols))
        for k, c in cols.items():
            if len(c) != len(cols[first]):
                raise _error(_core.InputError, k, f"{len(c)} rows",
                             f"expected {len(cols[first])} rows like {first}; columns must have equal lengths")
    if not isinstance(identity, str):
        identity = [str(x) for x in np.asarray(identity, dtype=object)]
    if not isinstance(talent_recognised, (bool, np.bool_)):
        talent_recognised = [bool(x) for x in np.asarray(talent_recognised)]
    if days_in_zone is not None and not isinstance(days_in_zone, (int, np.integer)):
        days_in_zone = [None if x is None else int(x) for x in np.asarray(days_in_zone, dtype=object)]
    return _batch().talent_relief_columns(regime, year, identity, cols, talent_recognised, days_in_zone, city,
                                          fx_rate, threads, tables)


# ---- pandas ---------------------------------------------------------------------------------

@_progress.accepts_progress("df", run="annual tax")
def annual_tax_frame(df, year=None, *, regimes=(), identity_column="identity", tables=None, threads=None,
                     prefix=""):
    """A copy of ``df`` (one row per taxpayer) with the annual tax added.

    Input columns are named like the keywords of ``libtax.annual_tax`` (wages, labour, author,
    royalties, social_insurance, special_additional, other_deductions); missing ones are zeros.
    ``year`` is the tax year, or None to read it per row from a ``year`` column.

    Adds (each name preceded by ``prefix``):
      tax             annual tax, yuan (float64, exact to the fen)
      taxable_income  yuan, half-up to the fen
      effective_rate  tax / gross receipts (wages + labour + author + royalties); 0 without receipts
      marginal_rate   rate of the bracket holding the taxable income (0 when nothing is taxable)
      relief_<regime> for each regime in ``regimes``: ``talent_relief_batch`` with the frame's
                      ``identity`` column (default "foreign"), ``talent_recognised`` and
                      ``days_in_zone`` columns when present
    """
    import numpy as np
    import pandas as pd

    out = df.copy()
    n = len(out)
    tax = np.zeros(n)
    taxable = np.zeros(n)
    marginal = np.zeros(n)
    years = [year] if year is not None else sorted(pd.unique(out["year"]))
    for y in years:
        mask = np.ones(n, dtype=bool) if year is not None else (out["year"] == y).to_numpy()
        sub = out.loc[mask]
        cols = {c: sub[c].to_numpy() for c in INCOME_COLUMNS if c in sub.columns}
        if "wages" not in cols:
            cols["wages"] = np.zeros(len(sub), dtype=np.int64)
        kernel_cols = _columns(cols)
        t, ti, br = _batch().annual_tax_columns(int(y), kernel_cols, threads, tables, True, True)
        rates = np.array([0.0] + [float(b["rate"]) for b in schedule(int(y), tables=tables)])
        tax[mask], taxable[mask], marginal[mask] = t, ti, rates[br]
    gross = np.zeros(n)
    for c in _RECEIPTS:
        if c in out.columns:
            gross = gross + out[c].to_numpy(dtype=float)
    out[prefix + "tax"] = tax
    out[prefix + "taxable_income"] = taxable
    with np.errstate(divide="ignore", invalid="ignore"):
        out[prefix + "effective_rate"] = np.where(gross > 0, tax / np.where(gross > 0, gross, 1.0), 0.0)
    out[prefix + "marginal_rate"] = marginal
    for regime in regimes:
        if year is None:
            raise _error(_core.InputError, "year", None, "regime reliefs need one tax year")
        identity = out[identity_column].to_numpy() if identity_column in out.columns else "foreign"
        cols = {c: out[c].to_numpy() for c in _RELIEF_COLUMNS if c in out.columns}
        extra = {k: out[k].to_numpy() for k in ("talent_recognised", "days_in_zone") if k in out.columns}
        out[prefix + "relief_" + regime] = talent_relief_batch(regime, year, identity=identity, tables=tables,
                                                               threads=threads, **cols, **extra)
    return out


@_progress.accepts_progress("df", run="baseline and reform")
def compare(df, year=None, *, reform, baseline=None, threads=None):
    """Baseline against reform over a DataFrame in one call.

    Returns a copy of ``df`` with ``tax_baseline``, ``tax_reform`` and ``tax_change``
    (reform - baseline, yuan) plus the taxable income and rates of both (``*_baseline``,
    ``*_reform``). ``reform`` and ``baseline`` are ``libtax.Tables`` (None: built-in).
    """
    base = annual_tax_frame(df, year, tables=baseline, threads=threads)
    ref = annual_tax_frame(df, year, tables=reform, threads=threads)
    out = df.copy()
    for c in ("tax", "taxable_income", "effective_rate", "marginal_rate"):
        out[c + "_baseline"] = base[c].to_numpy()
        out[c + "_reform"] = ref[c].to_numpy()
    out["tax_change"] = (out["tax_reform"] - out["tax_baseline"]).round(2)
    return out


# ---- what-if tables -------------------------------------------------------------------------

def _doc_name(documents, key):
    """The document a key like 'cn/2024.yaml' or 'tables/cn/2024.yaml' refers to."""
    if key in documents:
        return key
    for prefix in ("tables/",):
        if prefix + key in documents:
            return prefix + key
    matches = [name for name in documents if name.endswith("/" + key)]
    if len(matches) == 1:
        return matches[0]
    raise _error(_core.InputError, "overlay", repr(key),
                 f"no table document of that name (have: {', '.join(sorted(documents))})")


def _merge(into, change, where):
    """Deep-merges mapping ``change`` into ``into``; a mapping with integer keys merges into the
    items of a list (e.g. ``{"versions": {0: {"rate": 0.20}}}``); anything else replaces."""
    for k, v in change.items():
        if isinstance(into, list):
            if not isinstance(k, int) or not -len(into) <= k < len(into):
                raise _error(_core.InputError, "overlay", f"{where}[{k!r}]", f"no item {k!r} in a list of {len(into)}")
            if isinstance(v, dict) and isinstance(into[k], (dict, list)):
                _merge(into[k], v, f"{where}[{k}]")
            else:
                into[k] = _copy.deepcopy(v)
        elif isinstance(v, dict) and isinstance(into.get(k), (dict, list)):
            _merge(into[k], v, where + "." + str(k))
        else:
            into[k] = _copy.deepcopy(v)


def _yaml_value(v):
    """Python values to what the table loader reads exactly: Decimal and float as decimal text."""
    import decimal

    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, decimal.Decimal):
        return _Exact(format(v, "f"))
    if isinstance(v, float):
        return _Exact(repr(v)) if "e" not in repr(v) else _Exact(format(decimal.Decimal(repr(v)), "f"))
    if isinstance(v, dict):
        return {k: _yaml_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_yaml_value(x) for x in v]
    return v


class _Exact(str):
    """A number written as plain decimal text in the YAML (never a quoted string)."""


def _dump(data):
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):  # the loader rejects anchors and aliases
            return True

    Dumper.add_representer(_Exact, lambda d, s: d.represent_scalar("tag:yaml.org,2002:float", str(s)))
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1000)


def what_if(base=None, overlay=None, *, years=None, **changes):
    """A new ``libtax.Tables`` with some values changed; ``base`` (default: built-in) is untouched.

    overlay: a mapping, YAML text, or path of a YAML file, keyed by table document, each value
      deep-merged into that document, e.g.
      ``{"cn/2024.yaml": {"basic_deduction": {"annual": 72000, "monthly": 6000}}}``; integer keys
      reach into lists, e.g. a Beijing what-if with a 20% threshold:
      ``{"regimes/beijing-two-zones.yaml": {"versions": {0: {"rate": 0.20}}}}``.
      A key naming no existing document adds a new one (its full structure).
    changes: ``path=value`` applied to every year document (or those in ``years``), the path's
      parts joined by ``__``, e.g. ``what_if(basic_deduction__annual=72000)``. A path the
      document does not have is an InputError (an overlay can add new keys instead).

    The changed documents are re-serialised and validated by the same C++ loader as the built-in
    tables, so a bad what-if raises the same libtax.TableError (file, line, key).
    """
    import os
    import yaml

    base = base if base is not None else _core.Tables.builtin()
    documents = base.documents()
    parsed = {}

    def doc(name):
        if name not in parsed:
            parsed[name] = yaml.safe_load(documents[name]) if name in documents else {}
        return parsed[name]

    if overlay is not None:
        if isinstance(overlay, str):
            if os.path.exists(overlay):
                with open(overlay, encoding="utf-8") as f:
                    overlay = f.read()
            overlay = yaml.safe_load(overlay)
        if not isinstance(overlay, dict):
            raise _error(_core.InputError, "overlay", type(overlay).__name__, "expected a mapping keyed by table document")
        for key, change in overlay.items():
            try:
                name = _doc_name(documents, key)
            except ValueError:
                if not str(key).endswith(".yaml"):
                    raise
                name = key if str(key).startswith("tables/") else "tables/" + str(key)
            if not isinstance(change, dict):
                raise _error(_core.InputError, f"overlay[{key!r}]", repr(change), "expected a mapping of the document's keys")
            _merge(doc(name), _yaml_value(change), name)

    if changes:
        targets = [name for name in documents if "/cn/" in "/" + name and name.endswith(".yaml")]
        if years is not None:
            wanted = {int(y) for y in ([years] if isinstance(years, _numbers.Integral) else years)}
            targets = [t for t in targets if int(os.path.basename(t).split(".")[0]) in wanted]
            missing = wanted - {int(os.path.basename(t).split(".")[0]) for t in targets}
            if missing:
                raise _error(_core.CoverageError, "years", sorted(missing), "no table document covers these years")
        for path, value in changes.items():
            parts = path.split("__")
            for name in targets:
                node = doc(name)
                for p in parts[:-1]:
                    if not isinstance(node, dict) or p not in node:
                        raise _error(_core.InputError, path, repr(value), f"{name} has no key {'.'.join(parts)}")
                    node = node[p]
                if not isinstance(node, dict) or parts[-1] not in node:
                    raise _error(_core.InputError, path, repr(value), f"{name} has no key {'.'.join(parts)}")
                node[parts[-1]] = _yaml_value(value)

    new_docs = dict(documents)
    for name, data in parsed.items():
        new_docs[name] = _dump(data)
    return _core.Tables.from_documents(new_docs)


# ---- charts ---------------------------------------------------------------------------------

def _income_grid(income, points):
    import numpy as np

    if income is None:
        income = (0, 2_000_000)
    if isinstance(income, tuple) and len(income) == 2:
        return np.linspace(float(income[0]), float(income[1]), points).round(2)
    return np.asarray(income, dtype=float)


def plot_rates(year, *, income=None, points=801, social_insurance=0, special_additional=0, regime=None,
               identity="foreign", talent_recognised=True, days_in_zone=None, city=None, fx_rate=None, tables=None,
               ax=None, label=None):
    """Effective and marginal tax rates against annual wages, one call; returns the Figure, which
    Jupyter displays when it ends a cell.

    Each curve's legend names whose tables it shows: ``label`` (e.g. a reform's name), else
    "baseline" for the built-in tables and "reform" for ``tables=``; so a reform drawn over the
    baseline (``ax=fig.axes[0]``) gets its own entries.

    income: (low, high) yuan or an array of wage levels. With ``regime``, also draws the rates
    after that regime's relief for a recognised talent (the relief options as in
    ``talent_relief_batch``). The marginal rate is the table's bracket rate (a step curve); the
    effective rate is tax / wages.
    """
    import numpy as np

    from .charts import new_axes, series_label

    wages = _income_grid(income, points)
    n = len(wages)
    si = np.full(n, float(social_insurance))
    sa = np.full(n, float(special_additional))
    tax = annual_tax_batch(year, wages=wages, social_insurance=si, special_additional=sa, tables=tables)
    marginal = marginal_rate_batch(year, wages=wages, social_insurance=si, special_additional=sa, tables=tables)
    with np.errstate(divide="ignore", invalid="ignore"):
        eff = np.where(wages > 0, tax / np.where(wages > 0, wages, 1), 0.0)
    fig, ax = new_axes(ax)
    ax.step(wages, marginal * 100, where="post", label=series_label("marginal rate, bracket", label, tables))
    ax.plot(wages, eff * 100, label=series_label("effective rate", label, tables))
    if regime is not None:
        relief = talent_relief_batch(regime, year, identity=identity, talent_recognised=talent_recognised,
                                     days_in_zone=days_in_zone, city=city, fx_rate=fx_rate, wages=wages, social_insurance=si,
                                     special_additional=sa, tables=tables)
        with np.errstate(divide="ignore", invalid="ignore"):
            eff_r = np.where(wages > 0, (tax - relief) / np.where(wages > 0, wages, 1), 0.0)
        ax.plot(wages, eff_r * 100, label=series_label(f"effective rate after {regime}", label, tables))
    ax.set_xlabel("annual wages (yuan)")
    ax.set_ylabel("rate (%)")
    ax.set_title(f"IIT {year}: effective and marginal rates")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


def plot_relief(regime, year, *, income=None, points=801, identity="foreign", social_insurance=0,
                special_additional=0, talent_recognised=True, days_in_zone=None, city=None, fx_rate=None,
                tables=None, ax=None, label=None):
    """The relief of a talent regime against annual wages with its break-even (the least wages,
    to the fen, with a relief above zero: ``relief_break_even``) marked; returns the Figure
    (displayed by Jupyter when it ends a cell). Legend entries as in ``plot_rates``."""
    import numpy as np

    from .charts import new_axes, series_label

    wages = _income_grid(income, points)
    n = len(wages)
    si = np.full(n, float(social_insurance))
    sa = np.full(n, float(special_additional))
    relief = talent_relief_batch(regime, year, identity=identity, talent_recognised=talent_recognised,
                                     days_in_zone=days_in_zone, city=city, fx_rate=fx_rate, wages=wages, social_insurance=si,
                                 special_additional=sa, tables=tables)
    fig, ax = new_axes(ax)
    ax.plot(wages, relief, label=series_label(f"relief: {regime}", label, tables))
    even = relief_break_even(regime, year, identity=identity, social_insurance=social_insurance,
                             special_additional=special_additional, talent_recognised=talent_recognised,
                             days_in_zone=days_in_zone, city=city, fx_rate=fx_rate, high=float(wages.max()),
                             tables=tables)
    if even is not None:
        ax.axvline(float(even), linestyle="--", color="grey")
        ax.annotate(f"break-even {float(even):,.2f}", (float(even), 0), textcoords="offset points", xytext=(5, 10))
    ax.set_xlabel("annual wages (yuan)")
    ax.set_ylabel("relief (yuan)")
    ax.set_title(f"{regime} {year}: relief against wages")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


def relief_break_even(regime, year, *, identity="foreign", social_insurance=0, special_additional=0,
                      talent_recognised=True, days_in_zone=None, city=None, fx_rate=None, high=10_000_000,
                      tables=None):
    """The least annual wages (Decimal yuan, to the fen) at which ``regime`` gives a relief above
    zero, other inputs fixed; None when even ``high`` gives none. Found by bisection on the fen
    with the scalar ``libtax.talent_relief`` (exact; the relief grows with wages for these regimes).
    For a 15%-of-taxable-income regime and a resident this is where the 25% bracket's tax passes
    15%: taxable income 319,200 (domain notes 0.2; Hainan FTP FAQ "about 319,000")."""
    from decimal import Decimal

    def relief(fen):
        kw = dict(identity=identity, wages=Decimal(fen) / 100, social_insurance=social_insurance,
                  special_additional=special_additional, talent_recognised=bool(talent_recognised), tables=tables)
        if days_in_zone is not None:
            kw["days_in_zone"] = days_in_zone
        if city is not None:
            kw["city"] = city
        if fx_rate is not None:
            kw["fx_rate"] = fx_rate
        return _regimes_talent_relief()(regime, year, **kw).amount

    lo, hi = 0, int(round(float(high) * 100))
    if relief(hi) <= 0:
        return None
    if relief(lo) > 0:
        return Decimal(0).quantize(Decimal("0.01"))
    while hi - lo > 1:  # relief(lo) == 0 < relief(hi)
        mid = (lo + hi) // 2
        if relief(mid) > 0:
            hi = mid
        else:
            lo = mid
    return (Decimal(hi) / 100).quantize(Decimal("0.01"))


def _regimes_talent_relief():
    from .regimes import talent_relief
    return talent_relief
