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
from . import _errors
from . import progress as _progress
from ._errors import Message as _M

__all__ = [
    "CoercionReport",
    "FRAME_COLUMNS",
    "INCOME_COLUMNS",
    "RowProblem",
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
    "WITHHOLDING_COLUMNS",
    "withholding_batch",
]

#: The keyword columns of ``annual_tax`` in the order the batch kernel takes them.
INCOME_COLUMNS = ("wages", "labour", "author", "royalties", "social_insurance", "special_additional",
                  "other_deductions")
_RECEIPTS = ("wages", "labour", "author", "royalties")
_MAX_YUAN = 10 ** 15


def _error(cls, field, value, problem):
    """A libtax error raised from Python, like the C++ ones: .field, .value, the message in the
    process language, .messages, .message_id and .message_args (``problem``: a catalogue
    Message, or English text a C++ kernel wrote; see _errors)."""
    return _errors.error(cls, field, value, problem)



def _batch():
    from . import _batch as mod  # compiled module; imported on first use
    return mod


# ---- strict columns ----------------------------------------------------------------------------
# Every batch and frame column is converted by the rules of the scalar boundary (convert.hpp):
# amounts are int, float, str or Decimal (never bools, NaN, masked or NA entries, full-width
# digits), flags are True/False only, day counts whole numbers. A refused entry raises naming the
# column and the row's label (the pandas index when a Series or frame is given), or with
# errors="coerce" its row's result is NaN and a CoercionReport lists it.

class RowProblem(tuple):
    """One refused entry: (row label, column, value, reason)."""
    __slots__ = ()

    def __new__(cls, row, column, value, reason):
        return tuple.__new__(cls, (row, column, value, reason))

    row = property(lambda self: self[0])
    column = property(lambda self: self[1])
    value = property(lambda self: self[2])
    reason = property(lambda self: self[3])

    def __repr__(self):
        return f"RowProblem(row={self.row!r}, column={self.column!r}, value={self.value!r}, reason={self.reason!r})"


class CoercionReport(list):
    """The entries errors="coerce" turned into NaN results: a list of RowProblem, in row order."""

    @property
    def rows(self):
        """The labels of the rows whose result is NaN, each once, in row order."""
        seen, out = set(), []
        for p in self:
            if p.row not in seen:
                seen.add(p.row)
                out.append(p.row)
        return out


_ERRORS = ("raise", "coerce")


def _check_errors(errors):
    if errors not in _ERRORS:
        raise _error(_core.InputError, "errors", repr(errors), _M("error.problem.py_errors_arg"))


class _Columns:
    """The columns of one batch call: kernel arrays, the rows' labels and the refused entries."""

    def __init__(self, n=None, labels=None, defer_floats=False):
        self.n, self.labels, self.problems = n, labels, []  # problems: (position, column, value, reason, class)
        # defer_floats: clean-looking float64 columns are passed on unchecked (the kernel reads
        # them once and says whether it refused an amount); check_deferred() checks them then.
        self.defer_floats, self.deferred = defer_floats, []

    def label(self, pos):
        return pos if self.labels is None else self.labels[pos]

    def length(self, name, n):
        if self.n is None:
            self.n, self.first = n, name
        elif n != self.n:
            raise _error(_core.InputError, name, f"{n} rows",
                         _M("error.problem.py_equal_lengths", rows=self.n, first=self.first))

    def raw(self, value, name, none_given=False):
        """The entries of a column as an ndarray, and the positions that are masked or NA.
        ``none_given``: an entry that is None itself (not NaN or NA) is a value, "not given"."""
        import numpy as np

        missing = None
        if hasattr(value, "index") and hasattr(value, "isna") and hasattr(value, "to_numpy"):  # a pandas Series
            if self.labels is None:
                self.labels = list(value.index)
            na = value.isna().to_numpy()
            if none_given and na.any():
                na = na & ~np.array([x is None for x in value.to_numpy(dtype=object)], dtype=bool)
            numpy_float = isinstance(value.dtype, np.dtype) and value.dtype.kind in "fc"
            if not numpy_float and na.any():  # NaN of a numpy float column is refused as not finite
                missing = na
            plain = isinstance(value.dtype, np.dtype) and missing is None
            arr = value.to_numpy() if plain else value.to_numpy(dtype=object)
        elif isinstance(value, np.ma.MaskedArray):
            arr = np.ma.getdata(value)
            mask = np.ma.getmaskarray(value)
            missing = mask if mask.any() else None
        else:
            arr = np.asarray(value)
        if arr.ndim != 1:
            raise _error(_core.InputError, name, f"array of shape {arr.shape}", _M("error.problem.py_one_d_column"))
        self.length(name, len(arr))
        if missing is not None:
            for pos in np.flatnonzero(missing):
                self.refuse(int(pos), name, arr[pos], _M("error.problem.py_masked"), _core.InputError)
            arr = arr.copy()
            arr[missing] = 0 if arr.dtype.kind != "O" else None
        return arr, missing

    def refuse(self, pos, name, value, reason, cls=None):
        self.problems.append((pos, name, value, reason, cls or _core.InputError))

    def amounts(self, value, name):
        """An amount column as int64, float64 or object for the kernel (refused entries zeroed)."""
        import numpy as np

        if value is None:
            return None
        arr, missing = self.raw(value, name)
        kind = arr.dtype.kind
        if kind == "b":
            raise _error(_core.InputError, name, "bool array", _M("error.problem.py_not_bools"))
        if kind in "iu":
            bad_neg = arr < 0
            bad_big = arr > _MAX_YUAN
            arr = np.where(bad_neg | bad_big, 0, arr).astype(np.int64) if (bad_neg.any() or bad_big.any()) else arr
            for pos in np.flatnonzero(bad_neg | bad_big):
                big = bool(bad_big[pos])
                self.refuse(int(pos), name, value_at(value, pos), _M("error.problem.out_of_range") if big
                            else _M("error.problem.negative"), _core.RangeError if big else _core.InputError)
            return np.ascontiguousarray(arr, dtype=np.int64)
        if kind == "f":
            arr = np.ascontiguousarray(arr, dtype=np.float64)  # float16/32 widen exactly
            if self.defer_floats and missing is None:
                self.deferred.append((name, arr, value))
                return arr
            return self.floats(arr, name, value, missing)
        if kind in "OUS":
            arr = np.ascontiguousarray(arr, dtype=object)
            found = _batch().amount_problems(arr, name)
            if found:
                arr = arr.copy()
                for pos, cls, reason in found:
                    if missing is None or not missing[pos]:
                        self.refuse(int(pos), name, arr[pos], reason, getattr(_core, cls))
                    arr[pos] = 0
            return arr
        raise _error(_core.InputError, name, f"array of dtype {arr.dtype}", _M("error.problem.py_amount_kinds"))

    def floats(self, arr, name, value, missing=None):
        """A float64 amount column, checked (refused entries recorded and zeroed)."""
        import numpy as np

        if _batch().floats_in_range(arr, float(_MAX_YUAN)):  # one pass in C++: the common, clean column
            return arr
        with np.errstate(invalid="ignore"):
            finite = np.isfinite(arr)
            bad = ~finite | (arr < 0) | (np.abs(arr) > _MAX_YUAN)
        if bad.any():
            for pos in np.flatnonzero(bad):
                x = arr[pos]
                if missing is not None and missing[pos]:
                    continue
                reason, cls = ((_M("error.problem.not_finite"), _core.InputError) if not finite[pos] else
                               (_M("error.problem.out_of_range"), _core.RangeError) if abs(x) > _MAX_YUAN else
                               (_M("error.problem.negative"), _core.InputError))
                self.refuse(int(pos), name, value_at(value, pos), reason, cls)
            arr = np.where(bad, 0.0, arr)
        return arr

    def check_deferred(self):
        """Checks the deferred float columns: {name: the checked column}."""
        checked = {name: self.floats(arr, name, value) for name, arr, value in self.deferred}
        self.deferred = []
        return checked

    def flags(self, value, name):
        """A flag: True/False for every row, or a column of them (bool dtype, or True/False objects)."""
        import numpy as np

        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
            raise _error(_core.InputError, name, repr(value), _M("error.problem.py_flag_column"))
        arr, missing = self.raw(value, name)
        if arr.dtype.kind == "b":
            return arr.tolist()
        out = []
        for pos, x in enumerate(arr):
            if isinstance(x, (bool, np.bool_)):
                out.append(bool(x))
            else:
                if missing is None or not missing[pos]:
                    self.refuse(pos, name, x, _M("error.problem.py_true_false"))
                out.append(False)
        return out

    def days(self, value, name, most=366, what="days"):
        """A day count (or another whole number: ``what``, at most ``most``): a whole number (or
        None) for every row, or a column of them (with ``most``: int32, -1 where None or refused,
        converted in C++; without: a list)."""
        import numpy as np

        def whole(x):
            return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))

        if value is None or whole(value):
            return value
        if isinstance(value, (str, bytes, float)) or not hasattr(value, "__len__"):
            raise _error(_core.InputError, name, repr(value), _M("error.problem.py_days_column"))
        arr, missing = self.raw(value, name)
        if most is not None:  # in C++: int32 values, -1 where None or refused
            out, found = _batch().whole_numbers(arr, most)
            for pos, out_of_range in found:
                x = arr[pos].item() if arr.dtype.kind in "iu" else arr[pos]
                if out_of_range:
                    self.refuse(pos, name, x, _M("error.problem.py_0_to_days", most=most))
                elif missing is None or not missing[pos]:
                    self.refuse(pos, name, x, _M("error.problem.py_whole_years_or_none" if what == "years"
                                                 else "error.problem.py_whole_days_or_none"))
            return out
        out = []
        for pos, x in enumerate(arr.tolist() if arr.dtype.kind in "iu" else arr):
            if x is None or whole(x):
                if x is not None and not 0 <= x <= (most if most is not None else x):
                    self.refuse(pos, name, x, _M("error.problem.py_0_to_days", most=most))
                    x = None
                out.append(None if x is None else int(x))
            else:
                if missing is None or not missing[pos]:
                    self.refuse(pos, name, x, _M("error.problem.py_whole_years_or_none" if what == "years"
                                                 else "error.problem.py_whole_days_or_none"))
                out.append(None)
        return out

    def declared(self, value, name):
        """A column of a declared talent_relief field as a list of Python values, each entry
        checked by the scalar boundary (numpy scalars as their Python values; refused entries
        replaced by None)."""
        import numpy as np

        if isinstance(value, (list, tuple)):  # entries as given (np.asarray would turn [True, 1] into ints)
            arr = np.empty(len(value), dtype=object)
            for i, x in enumerate(value):
                arr[i] = x
            value = arr
        arr, missing = self.raw(value, name, none_given=name in _OPTIONAL_FIELDS)
        entries = [x.item() if isinstance(x, np.generic) else x for x in (arr.tolist() if arr.dtype.kind != "O" else arr)]
        if missing is not None:
            for pos in np.flatnonzero(missing):
                entries[pos] = None
        found = _batch().field_problems(entries, name)
        for pos, cls, reason in found:
            if missing is None or not missing[pos]:
                self.refuse(int(pos), name, entries[pos], reason, getattr(_core, cls))
            entries[pos] = None
        return entries

    def texts(self, value, name):
        """A text for every row, or a column of str."""
        if isinstance(value, str):
            return value
        arr, missing = self.raw(value, name)
        out = []
        for pos, x in enumerate(arr):
            if not isinstance(x, str):
                if missing is None or not missing[pos]:
                    self.refuse(pos, name, x, _M("error.problem.py_text"))
                x = "foreign"  # a valid placeholder; the row's result becomes NaN or the call raises
            out.append(x)
        return out

    def settle(self, errors):
        """Raises the first refused entry (errors="raise"), or returns the coercion report and the
        positions whose results become NaN."""
        import numpy as np

        self.problems.sort(key=lambda p: p[0])
        if errors == "raise" and self.problems:
            pos, name, value, reason, cls = self.problems[0]
            # the reason inside "row {row}: {detail}", rendered in the same language
            e = _error(cls, name, repr(value), _M("error.problem.py_row", row=repr(self.label(pos)) if self.labels is not None
                                                  else pos, detail=_errors.problem(reason)))
            e.row = self.label(pos)
            raise e
        report = CoercionReport(RowProblem(self.label(p[0]), p[1], p[2], _errors.english(p[3])) for p in self.problems)
        return report, np.array(sorted({p[0] for p in self.problems}), dtype=np.intp)

    def relabel(self, e):
        """A C++ error naming a row position, re-raised naming the row's label (its English
        problem with the label read again, so every language names the label)."""
        import re

        if self.labels is None:
            return e
        english = getattr(e, "messages", {}).get("en", str(e))
        msg = re.sub(r"\brow (\d+)\b", lambda m: f"row {self.labels[int(m.group(1))]!r}", english, count=1)
        field, value = getattr(e, "field", None), getattr(e, "value", None)
        frame = f"{field} = {value}: "
        if field is not None and msg.startswith(frame):
            return _error(type(e), field, value, msg[len(frame):])
        new = type(e)(msg)
        new.field, new.value = field, value
        return new


def value_at(value, pos):
    """The entry at a position of a column as given (for messages)."""
    try:
        return value.iloc[pos] if hasattr(value, "iloc") else value[pos]
    except Exception:  # noqa: BLE001 - only for the message
        return "?"


def _run(cols, errors, compute):
    """compute() with C++ row errors relabelled; NaN at the refused rows when coercing."""
    report, bad = cols.settle(errors)
    try:
        result = compute()
    except _core.Error as e:
        raise cols.relabel(e) from None
    if errors == "coerce":
        for r in result if isinstance(result, tuple) else (result,):
            if r is not None:
                r[bad] = float("nan")
        return result, report
    return result, None


def _column(value, name):
    """A 1-D int64, float64 or object column for the kernel, or None for zeros (strict, raising)."""
    cols = _Columns()
    arr = cols.amounts(value, name)
    cols.settle("raise")
    return arr


def _columns(values, cols=None):
    cols = cols if cols is not None else _Columns()
    return [cols.amounts(values.get(name), name) for name in INCOME_COLUMNS]


@_progress.accepts_progress(*INCOME_COLUMNS, "out", run="annual tax")
def annual_tax_batch(year, *, wages, labour=None, author=None, royalties=None, social_insurance=None,
                     special_additional=None, other_deductions=None, threads=None, tables=None,
                     return_taxable=False, errors="raise", out=None):
    """Annual comprehensive income tax of many residents at once, in yuan (numpy float64).

    Each argument is a column of yuan: a numpy array of any int or float dtype, a list, a pandas
    Series, or an object array of int/float/str/Decimal (converted exactly); None means zeros.
    Columns must have equal lengths. Element i equals ``float(libtax.annual_tax(year, wages=wages[i], ...).tax)``
    to the fen: floats are converted to the nearest fen of their binary value exactly as the scalar
    call does, and the tax is computed in exact integers from the year's table, rounded half-up.
    Entries the scalar call refuses (negative, NaN, infinite, bool, text that is not a plain
    decimal, masked or NA) are refused here too.

    threads: worker threads (None: all cores); the GIL is released while computing.
    tables: a ``libtax.Tables`` (e.g. from ``what_if``); None for the built-in tables.
    return_taxable: also return the taxable income (yuan, half-up to the fen) as a second array.
    errors: "raise" (default): libtax.InputError (a ValueError) naming the column and the row (its
      label when a pandas Series is given) of the first refused entry, RangeError beyond 10^15
      yuan; nothing is returned then. "coerce": those rows' results are NaN and the call returns
      ``(result, report)``, report a CoercionReport listing (row, column, value, reason).
    out: a float64 array of one entry per row (1-D, contiguous, writeable) to write the tax into
      and return, numpy style, instead of a new array: a caller computing batch after batch
      reuses it and saves a fresh result's page faults (about a sixth of a call on 4 M rows).
      After an error its contents are unspecified.
    Raises libtax.CoverageError for an uncovered year.
    """
    _check_errors(errors)
    cols = _Columns(defer_floats=True)
    kernel = _columns(dict(wages=wages, labour=labour, author=author, royalties=royalties,
                           social_insurance=social_insurance, special_additional=special_additional,
                           other_deductions=other_deductions), cols)

    def compute(checked):
        return _batch().annual_tax_columns(year, kernel, threads, tables, bool(return_taxable), False, out, checked)

    first = None
    if cols.deferred and not cols.problems:  # float columns read once, by the kernel: checked only if it refused one
        try:
            first = compute(False)
        except _core.Error as e:
            raise cols.relabel(e) from None
    if first is not None:
        (tax, taxable), report = first[:2], (None if errors == "raise" else CoercionReport(()))
    else:
        if cols.deferred:
            checked = cols.check_deferred()
            kernel = [checked.get(name, arr) for name, arr in zip(INCOME_COLUMNS, kernel)]
        (tax, taxable), report = _run(cols, errors, lambda: compute(True)[:2])
    result = (tax, taxable) if return_taxable else tax
    return result if errors == "raise" else (result, report)


#: The monthly columns of ``withholding_batch`` in the order the batch kernel takes them.
WITHHOLDING_COLUMNS = ("wage", "exempt_income", "social_insurance", "special_additional", "other_deductions")


def _grid(value, name, shape):
    """A 2-D (employees x months) column flattened row-major for the kernel, or None for zeros."""
    import numpy as np

    if value is None:
        return None
    arr = np.asarray(value)
    if arr.ndim != 2:
        raise _error(_core.InputError, name, f"array of shape {arr.shape}",
                     _M("error.problem.py_2d_grid"))
    if shape is not None and arr.shape != shape:
        raise _error(_core.InputError, name, f"array of shape {arr.shape}", _M("error.problem.py_grid_shape", shape=shape))
    if isinstance(value, np.ma.MaskedArray) and np.ma.getmaskarray(value).any():
        row, month = (int(x) for x in np.argwhere(np.ma.getmaskarray(value))[0])
        raise _error(_core.InputError, name, "masked", _M("error.problem.py_grid_masked", row=row, month=month))
    flat = np.ascontiguousarray(np.ma.getdata(arr)).reshape(-1)
    if flat.dtype.kind == "b":
        raise _error(_core.InputError, name, "bool array", _M("error.problem.py_not_bools"))
    if flat.dtype.kind in "iu":
        if flat.size and (flat.min() < 0 or flat.max() > _MAX_YUAN):
            flat = flat.astype(object)  # the kernel names the row and month
        return flat.astype(np.int64, copy=False) if flat.dtype.kind != "O" else flat
    if flat.dtype.kind == "f":  # a float64 grid is read in place (astype copies unless told not to)
        return flat.astype(np.float64, copy=False)
    if flat.dtype.kind in "OUS":
        return flat.astype(object)
    raise _error(_core.InputError, name, f"array of dtype {flat.dtype}", _M("error.problem.py_amount_kinds"))


def withholding_batch(year, *, wage, social_insurance=None, special_additional=None, exempt_income=None,
                      other_deductions=None, first_month=1, threads=None, tables=None):
    """Cumulative monthly withholding of wages (STA Ann. 2018 No. 61 art. 6) for many employees.

    Each argument is a 2-D array of yuan, one row per employee and one column per consecutive
    month at the agent starting at calendar month ``first_month`` (None: zeros; same shape as
    ``wage``). Returns a float64 array of that shape: each month's withholding in yuan, row i equal
    to ``libtax.withhold_wages(year, [{"wage": wage[i, 0], ...}, ...], first_month=first_month)``
    to the fen. Computed in C++ on integer fen (libtax/payroll/withholding_batch.hpp), with the
    GIL released, in ``threads`` threads (None: all cores).

    Raises libtax.InputError naming the column, the row and the month for a negative, NaN or
    infinite amount, or exempt income above the month's wage (nothing is returned then);
    libtax.RangeError beyond 10^15 yuan; libtax.CoverageError for a year no table covers.
    """
    import numpy as np

    if isinstance(first_month, bool) or not isinstance(first_month, (int, np.integer)):
        raise _error(_core.InputError, "first_month", repr(first_month), _M("error.problem.py_month_1_to_12"))
    w = np.asarray(wage)
    shape = w.shape if w.ndim == 2 else None
    cols = [_grid(v, name, shape) for name, v in zip(
        WITHHOLDING_COLUMNS, (wage, exempt_income, social_insurance, special_additional, other_deductions))]
    rows, months = shape
    return _batch().withholding_columns(year, cols, rows, months, int(first_month), threads, tables)


def schedule(year, name="comprehensive_annual", *, tables=None):
    """The brackets of one rate schedule of a year's table, as a list of dicts
    ``{over, upto, rate, quick}`` (Decimal; ``upto`` is None for the top bracket).

    name: ``comprehensive_annual``, ``comprehensive_monthly``, ``business_annual`` or
    ``labour_prepayment``.
    """
    return _batch().schedule(year, name, tables=tables)


def marginal_rate_batch(year, *, wages, labour=None, author=None, royalties=None, social_insurance=None,
                        special_additional=None, other_deductions=None, threads=None, tables=None, errors="raise"):
    """The statutory marginal rate of each row: the rate of the bracket of the annual table that
    holds the row's taxable income (0 when nothing is taxable). Brackets are "over X up to Y", so
    a taxable income exactly at a bracket's top keeps that bracket's rate. Rates come from the
    table (float64 array). Columns and ``errors`` as in ``annual_tax_batch``."""
    import numpy as np

    _check_errors(errors)
    cols = _Columns()
    kernel = _columns(dict(wages=wages, labour=labour, author=author, royalties=royalties,
                           social_insurance=social_insurance, special_additional=special_additional,
                           other_deductions=other_deductions), cols)
    rates = np.array([0.0] + [float(b["rate"]) for b in schedule(year, tables=tables)])
    result, report = _run(cols, errors, lambda: rates[_batch().annual_tax_columns(year, kernel, threads, tables, False, True)[2]])
    return result if errors == "raise" else (result, report)


_RELIEF_COLUMNS = ("wages", "labour", "author", "royalties", "social_insurance", "special_additional",
                   "other_deductions", "business_taxable_income", "talent_subsidy")


#: The declared fields of ``talent_relief`` other than identity, the amount columns,
#: talent_recognised and days_in_zone: one value for every row or a column each (see
#: ``talent_relief_batch``), in declaration order.
_FIELD_COLUMNS = ("zone_wages", "zone_labour", "zone_author", "zone_royalties", "zone_business_taxable_income", "city",
                  "resident", "wage_months", "months", "actual_days", "social_insurance_months", "social_insurance_exempt",
                  "contract_years", "special_industry", "encouraged_industry", "tax_paid_in_zone",
                  "business_tax_paid_in_zone", "fx_rate", "mpf_contributions")


#: The fields whose default is None: a None entry means "not given" for that row.
_OPTIONAL_FIELDS = ("zone_wages", "zone_labour", "zone_author", "zone_royalties", "zone_business_taxable_income", "city",
                    "wage_months", "months", "actual_days", "social_insurance_months", "contract_years",
                    "special_industry", "encouraged_industry", "tax_paid_in_zone", "business_tax_paid_in_zone",
                    "fx_rate")


def _is_months_of_one_row(value):
    """Whether ``months`` is one row's months (a list of {wage, zone_wage} dicts, for every row)
    rather than a column of them (one list, or None, per row)."""
    return isinstance(value, (list, tuple)) and (len(value) == 0 or isinstance(value[0], dict))


def _is_scalar(value):
    import numpy as np

    return value is None or isinstance(value, (str, bytes, bool, int, float, np.generic)) or not hasattr(value, "__len__") \
        or type(value).__name__ == "Decimal"


@_progress.accepts_progress("identity", "talent_recognised", "days_in_zone", *_RELIEF_COLUMNS, *_FIELD_COLUMNS,
                            run="relief")
def talent_relief_batch(regime, year, *, identity, wages=None, labour=None, author=None, royalties=None,
                        social_insurance=None, special_additional=None, other_deductions=None,
                        business_taxable_income=None, talent_subsidy=None, talent_recognised=False,
                        days_in_zone=None, zone_wages=None, zone_labour=None, zone_author=None, zone_royalties=None,
                        zone_business_taxable_income=None, city=None, resident=None, wage_months=None, months=None,
                        actual_days=None, social_insurance_months=None, social_insurance_exempt=None,
                        contract_years=None, special_industry=None, encouraged_industry=None, tax_paid_in_zone=None,
                        business_tax_paid_in_zone=None, fx_rate=None, mpf_contributions=None, projection=False,
                        threads=None, tables=None, errors="raise"):
    """The relief one talent regime gives each row, in yuan (numpy float64; 0 when not eligible).

    Element i equals ``float(libtax.talent_relief(regime, year, identity=..., wages=wages[i], ...).amount)``
    to the fen: each row runs the same C++ calculator, in threads with the GIL released.
    Amount columns as in ``annual_tax_batch`` (None: zeros; all of the income is from the zone).
    identity ("foreign", "hk", "macao", "taiwan", "mainland"), talent_recognised (True/False:
    bools only, as the scalar call takes) and days_in_zone (whole numbers or None) are one value
    for every row or a column.

    Every other keyword of ``talent_relief`` (zone_wages ... zone_business_taxable_income, city,
    resident, wage_months, months, actual_days, social_insurance_months, social_insurance_exempt,
    contract_years, special_industry, encouraged_industry, tax_paid_in_zone,
    business_tax_paid_in_zone, fx_rate, mpf_contributions) is one value for every row or a column
    (list, array, Series) whose entries are converted exactly as the scalar keyword converts its
    value: flags True/False only (numpy bools too), day and month counts whole numbers (ints,
    numpy ints; not floats), amounts as in ``annual_tax``; None where the keyword's default is None
    means "not given" for that row; a masked or NA entry is refused. ``months`` (a non-resident's
    wages month by month) is either one list of ``{"wage": ..., "zone_wage": ...}`` dicts for
    every row, or a column holding such a list (or None) per row. ``projection=True`` carries the
    latest Hong Kong / Macao table forward, as the scalar call's ``projection``.
    Raises libtax.InputError naming the column (and the row) for bad input, for an unknown
    regime; ``errors`` as in ``annual_tax_batch``.
    """
    _check_errors(errors)
    cols = _Columns()
    values = dict(wages=wages, labour=labour, author=author, royalties=royalties,
                  social_insurance=social_insurance, special_additional=special_additional,
                  other_deductions=other_deductions, business_taxable_income=business_taxable_income,
                  talent_subsidy=talent_subsidy)
    kernel = {k: cols.amounts(v, k) for k, v in values.items() if v is not None}
    identity = cols.texts(identity, "identity")
    talent_recognised = cols.flags(talent_recognised, "talent_recognised")
    days_in_zone = cols.days(days_in_zone, "days_in_zone")
    given = dict(zone_wages=zone_wages, zone_labour=zone_labour, zone_author=zone_author, zone_royalties=zone_royalties,
                 zone_business_taxable_income=zone_business_taxable_income, city=city, resident=resident,
                 wage_months=wage_months, months=months, actual_days=actual_days,
                 social_insurance_months=social_insurance_months, social_insurance_exempt=social_insurance_exempt,
                 contract_years=contract_years, special_industry=special_industry,
                 encouraged_industry=encouraged_industry, tax_paid_in_zone=tax_paid_in_zone,
                 business_tax_paid_in_zone=business_tax_paid_in_zone, fx_rate=fx_rate,
                 mpf_contributions=mpf_contributions)
    fields, field_columns = {}, {}
    for name, value in given.items():
        if value is None:
            continue
        if (_is_months_of_one_row(value) if name == "months" else _is_scalar(value)):
            fields[name] = value.item() if hasattr(value, "item") and not hasattr(value, "__len__") else value
        else:
            field_columns[name] = cols.declared(value, name)
    if not isinstance(projection, bool):
        raise _error(_core.InputError, "projection", repr(projection), _M("error.problem.py_true_false"))
    result, report = _run(cols, errors, lambda: _batch().talent_relief_columns(
        regime, year, identity, kernel, talent_recognised, days_in_zone, fields, field_columns, projection, threads,
        tables))
    return result if errors == "raise" else (result, report)


# ---- pandas ---------------------------------------------------------------------------------

def _declared(contract):
    """The field names of a declared contract (libtax/contract/), in declaration order."""
    return tuple(f["name"] for f in _core._contract(contract))


#: The columns a frame may carry, from the declared contracts (libtax/contract/): the fields of
#: ``comprehensive_income`` the batch kernel computes plus the per-row ``year``, and the fields
#: of ``talent_case`` that ``talent_relief_batch`` reads (with ``regimes=``).
FRAME_COLUMNS = {
    "annual_tax": tuple(n for n in _declared("comprehensive_income") if n in INCOME_COLUMNS) + ("year",),
    "talent_relief": tuple(n for n in _declared("talent_case") if n not in INCOME_COLUMNS and n != "identity"),
}
#: Declared fields the batch does not compute yet: a frame column of that name is refused, not dropped.
_NOT_IN_BATCH = tuple(n for n in _declared("comprehensive_income") + _declared("talent_case")
                      if n not in INCOME_COLUMNS and n not in FRAME_COLUMNS["talent_relief"] and n != "identity")
#: Names people use for a frame's columns, and the libtax name they mean (for the error message).
_COMMON_NAMES = {"salary": "wages", "salaries": "wages", "wage": "wages", "pay": "wages", "gross_pay": "wages",
                 "income": "wages", "labor": "labour", "labour_remuneration": "labour", "royalty": "royalties",
                 "social_security": "social_insurance", "insurance": "social_insurance",
                 "special_deductions": "special_additional", "bonus": "wages", "annual_bonus": "wages",
                 "business_income": "business_taxable_income", "tax_year": "year", "days": "days_in_zone"}


def _closest(name, known):
    import difflib

    key = str(name).strip().lower().replace(" ", "_").replace("-", "_")
    if key in _COMMON_NAMES and _COMMON_NAMES[key] in known:
        return _COMMON_NAMES[key]
    match = difflib.get_close_matches(key, list(known), n=1, cutoff=0.0)
    return match[0] if match else None


#: Columns a frame carries through unread without being mapped: ``weight``, the row's weight in
#: ``libtax.distribution`` and ``libtax.winners_losers``.
CARRIED_COLUMNS = ("weight",)


def _frame_columns(df, columns, regimes, identity_column, year):
    """The frame's columns under their libtax names ({libtax name: frame column}); every other
    column must be mapped to None in ``columns`` (carried through, not read)."""
    known = set(FRAME_COLUMNS["annual_tax"])
    if regimes:
        known |= set(FRAME_COLUMNS["talent_relief"]) | {identity_column}
    else:
        known |= {identity_column, "talent_recognised", "days_in_zone"}  # who the person is: read by regimes=
    mapping = {c: None for c in CARRIED_COLUMNS if c in df.columns}  # carried through unread
    mapping.update(columns or {})
    for source, target in mapping.items():
        if source not in df.columns:
            raise _error(_core.InputError, "columns", repr(source), _M("error.problem.py_no_column_to_map"))
        if target is not None and target not in known:
            hint = _closest(target, known)
            raise _error(_core.InputError, "columns", f"{source!r}: {target!r}",
                         _M("error.problem.py_not_frame_column_near", near=repr(hint)) if hint
                         else _M("error.problem.py_not_frame_column"))
    used = {}
    for col in df.columns:
        target = mapping.get(col, col)
        if col in mapping and target is None:
            continue
        if target not in known:
            hint = _closest(col, known | set(FRAME_COLUMNS["talent_relief"]))
            why = (_M("error.problem.py_regimes_only")
                   if target in FRAME_COLUMNS["talent_relief"] else
                   _M("error.problem.py_not_in_batch")
                   if target in _NOT_IN_BATCH else
                   _M("error.problem.py_unknown_column", near=repr(hint), rename=f"columns={{{col!r}: {hint!r}}}",
                      carry=f"columns={{{col!r}: None}}"))
            raise _error(_core.InputError, str(col), "column", why)
        if target in used:
            raise _error(_core.InputError, str(col), "column", _M("error.problem.py_maps_as_well", target=repr(target), other=repr(used[target])))
        used[target] = col
    if year is not None and "year" in used:
        raise _error(_core.InputError, "year", repr(year), _M("error.problem.py_year_twice", column=repr(used["year"])))
    if year is None and "year" not in used:
        raise _error(_core.InputError, "year", "None", _M("error.problem.py_no_year"))
    return used


@_progress.accepts_progress("df", run="annual tax")
def annual_tax_frame(df, year=None, *, regimes=(), identity_column="identity", tables=None, threads=None,
                     prefix="", columns=None, errors="raise"):
    """A copy of ``df`` (one row per taxpayer, its index kept) with the annual tax added.

    Input columns are named like the keywords of ``libtax.annual_tax`` (wages, labour, author,
    royalties, social_insurance, special_additional, other_deductions); missing ones are zeros.
    ``year`` is the tax year, or None to read it per row from a ``year`` column. With ``regimes``
    the frame may also carry the identity column and every other keyword of ``talent_relief``
    (business_taxable_income, talent_subsidy, talent_recognised, days_in_zone, zone_wages, city,
    resident, months, ...: see ``talent_relief_batch``), converted by the same rules. Any other column is an InputError naming it and the
    closest known name, unless ``columns`` maps it: ``columns={"salary": "wages"}`` reads it as
    that column, ``columns={"employee_id": None}`` carries it through unread.

    Adds (each name preceded by ``prefix``):
      tax             annual tax, yuan (float64, exact to the fen)
      taxable_income  yuan, half-up to the fen
      effective_rate  tax / gross receipts (wages + labour + author + royalties); 0 without receipts
      marginal_rate   rate of the bracket holding the taxable income (0 when nothing is taxable)
      relief_<regime> for each regime in ``regimes``: ``talent_relief_batch`` with the frame's
                      ``identity`` column (default "foreign") and its talent_relief columns

    Entries are converted as the scalar calls convert them. errors="raise" (default): the first
    refused entry raises naming its column and the row's index label. errors="coerce": those rows'
    results are NaN and ``out.attrs["libtax_report"]`` is a CoercionReport of (row, column, value, reason).
    """
    import numpy as np
    import pandas as pd

    _check_errors(errors)
    used = _frame_columns(df, columns, regimes, identity_column, year)
    out = df.copy()
    n = len(out)
    labels = list(df.index)
    tax, taxable, marginal = np.zeros(n), np.zeros(n), np.zeros(n)
    cols = _Columns(n, labels)
    report = CoercionReport()
    if year is not None:
        groups = [(year, np.arange(n))]
    else:
        years = cols.days(df[used["year"]], "year", most=None, what="years")  # whole numbers, as the scalar year
        bad = [i for i, y in enumerate(years) if y is None]
        for i in bad:
            if not any(p[0] == i for p in cols.problems):
                cols.refuse(i, "year", None, _M("error.problem.py_tax_year_whole"))
        yr = np.array([-1 if y is None else y for y in years])
        groups = [(int(y), np.flatnonzero(yr == y)) for y in sorted(set(yr.tolist()) - {-1})]
    amounts = {name: cols.amounts(df[used[name]], name) for name in INCOME_COLUMNS if name in used}
    if "wages" not in amounts:
        amounts["wages"] = np.zeros(n, dtype=np.int64)
    rep, bad_rows = cols.settle(errors)
    report.extend(rep)
    for y, rows in groups:
        kernel = [None if amounts.get(c) is None else amounts[c][rows] for c in INCOME_COLUMNS]
        try:
            t, ti, br = _batch().annual_tax_columns(int(y), kernel, threads, tables, True, True)
        except _core.Error as e:
            raise _Columns(len(rows), [labels[i] for i in rows]).relabel(e) from None
        rates = np.array([0.0] + [float(b["rate"]) for b in schedule(int(y), tables=tables)])
        tax[rows], taxable[rows], marginal[rows] = t, ti, rates[br]
    gross = np.zeros(n)
    for c in _RECEIPTS:
        if c in amounts and amounts[c] is not None:
            gross = gross + amounts[c].astype(float)
    nan_rows = np.zeros(n, dtype=bool)
    nan_rows[bad_rows] = True
    if year is None:
        nan_rows |= yr < 0
    tax[nan_rows] = taxable[nan_rows] = marginal[nan_rows] = np.nan
    out[prefix + "tax"] = tax
    out[prefix + "taxable_income"] = taxable
    with np.errstate(divide="ignore", invalid="ignore"):
        out[prefix + "effective_rate"] = np.where(gross > 0, tax / np.where(gross > 0, gross, 1.0), np.where(nan_rows, np.nan, 0.0))
    out[prefix + "marginal_rate"] = marginal
    for regime in regimes:
        if year is None:
            raise _error(_core.InputError, "year", None, _M("error.problem.py_regimes_one_year"))
        identity = pd.Series(df[used[identity_column]].to_numpy(), index=df.index) if identity_column in used else "foreign"
        rcols = {c: df[used[c]] for c in _RELIEF_COLUMNS if c in used}
        extra = {k: df[used[k]] for k in ("talent_recognised", "days_in_zone") + _FIELD_COLUMNS if k in used}
        relief = talent_relief_batch(regime, year, identity=identity, tables=tables, threads=threads, errors=errors,
                                     **rcols, **extra)
        if errors == "coerce":
            relief, rep = relief
            seen = {(p.row, p.column, p.reason) for p in report}
            report.extend(p for p in rep if (p.row, p.column, p.reason) not in seen)
        out[prefix + "relief_" + regime] = relief
    if errors == "coerce":
        position = {}
        for i, label in enumerate(labels):
            position.setdefault(label, i)
        out.attrs["libtax_report"] = CoercionReport(sorted(report, key=lambda p: position.get(p.row, 0)))
    return out


@_progress.accepts_progress("df", run="baseline and reform")
def compare(df, year=None, *, reform, baseline=None, threads=None, columns=None):
    """Baseline against reform over a DataFrame in one call.

    Returns a copy of ``df`` with ``tax_baseline``, ``tax_reform`` and ``tax_change``
    (reform - baseline, yuan) plus the taxable income and rates of both (``*_baseline``,
    ``*_reform``). ``reform`` and ``baseline`` are ``libtax.Tables`` (None: built-in).
    """
    base = annual_tax_frame(df, year, tables=baseline, threads=threads, columns=columns)
    ref = annual_tax_frame(df, year, tables=reform, threads=threads, columns=columns)
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
                 _M("error.problem.py_no_document", have=", ".join(sorted(documents))))


def _full_years(documents):
    """Each yearly table (cn/<year>.yaml) with its `extends` chain laid out (the loader's rules,
    libtax/src/tables/year_chain.hpp): documents and schedules merge by key, a provision (a
    mapping with a `source`) replaces the inherited one, `~` ends one, groups merge by key."""
    import yaml

    def overlay(derived, base, top):
        out = _copy.deepcopy(base)
        for k, v in derived.items():
            if top and k in ("table", "year", "period", "extends"):
                out[k] = v
            elif top and k in ("documents", "schedules"):
                out.setdefault(k, {}).update(_copy.deepcopy(v))
            elif v is None:
                out.pop(k, None)
            elif isinstance(v, dict) and "source" not in v and isinstance(out.get(k), dict):
                out[k] = overlay(v, out[k], False)
            else:
                out[k] = _copy.deepcopy(v)
        return out

    raw = {name: yaml.safe_load(text) for name, text in documents.items()
           if "/cn/" in "/" + name and name.endswith(".yaml")}
    by_year = {t.get("year"): name for name, t in raw.items() if isinstance(t, dict)}
    full = {}

    def resolve(name, seen=()):
        if name not in full:
            t = raw[name]
            base = t.get("extends") if isinstance(t, dict) else None
            if base is None or base not in by_year or by_year[base] in seen:
                full[name] = t  # the loader reports a broken chain with file:line
            else:
                full[name] = overlay(t, resolve(by_year[base], seen + (name,)), True)
                full[name].pop("extends", None)
        return full[name]

    for name in raw:
        resolve(name)
    return {name: t for name, t in full.items() if isinstance(raw[name], dict) and "extends" in raw[name]}


def _merge(into, change, where):
    """Deep-merges mapping ``change`` into ``into``; a mapping with integer keys merges into the
    items of a list (e.g. ``{"versions": {0: {"rate": 0.20}}}``); anything else replaces."""
    for k, v in change.items():
        if isinstance(into, list):
            if not isinstance(k, int) or not -len(into) <= k < len(into):
                raise _error(_core.InputError, "overlay", f"{where}[{k!r}]", _M("error.problem.py_no_list_item", item=repr(k), count=len(into)))
            if isinstance(v, dict) and isinstance(into[k], (dict, list)):
                _merge(into[k], v, f"{where}[{k}]")
            else:
                into[k] = _copy.deepcopy(v)
        elif isinstance(v, dict) and isinstance(into.get(k), (dict, list)):
            _merge(into[k], v, where + "." + str(k))
        else:
            into[k] = _copy.deepcopy(v)


_MAX_OVERLAY_DEPTH = 32  # as the table loader's nesting limit


def _yaml_value(v, depth=0):
    """Python values to what the table loader reads exactly: Decimal and float as decimal text.
    A Decimal's size is checked from its exponent before it is written out in full (a table
    holds nothing beyond 10^30), and nesting is bounded as in the loader (no RecursionError)."""
    import decimal

    if depth > _MAX_OVERLAY_DEPTH:
        raise _error(_core.InputError, "overlay", "(nested value)", _M("error.problem.py_nested_deeper", levels=_MAX_OVERLAY_DEPTH))
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, float):
        v = decimal.Decimal(repr(v)) if "e" in repr(v) else _Exact(repr(v))
        if isinstance(v, _Exact):
            return v
    if isinstance(v, decimal.Decimal):
        if v.is_finite() and not v.is_zero() and not -30 <= v.adjusted() <= 30:
            raise _error(_core.InputError, "overlay", _bounded(repr(v)), _M("error.problem.py_table_value"))
        return _Exact(format(v, "f"))
    if isinstance(v, dict):
        return {k: _yaml_value(x, depth + 1) for k, x in v.items()}
    if isinstance(v, list):
        return [_yaml_value(x, depth + 1) for x in v]
    return v


def _bounded(text, limit=200):
    """At most `limit` characters of `text` for a message (as the C++ errors quote values)."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _overlay_text(overlay):
    """The overlay given as YAML text or a file path, parsed only after the C++ loader's checks:
    a regular file of at most 4 MiB, no anchors or aliases (nothing is expanded), nesting at most
    32 levels, one document. A TableError names the file (or "overlay") and the line."""
    import os
    import yaml

    if "\n" not in overlay and os.path.exists(overlay):
        name, text = overlay, _core.Tables._read_document(overlay)
    else:
        name, text = "overlay", overlay
    _core.Tables._check_document(name, text)
    return yaml.safe_load(text)


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
      parts joined by ``__``, e.g. ``what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000)``
      (the loader checks the rules between values: annual = 12 x monthly). A path the
      document does not have is an InputError (an overlay can add new keys instead).

    The changed documents are re-serialised and validated by the same C++ loader as the built-in
    tables, so a bad what-if raises the same libtax.TableError (file, line, key).
    """
    import os
    import yaml

    if base is not None and not isinstance(base, _core.Tables):
        raise _error(_core.InputError, "base", _bounded(repr(base)),
                     _M("error.problem.py_what_if_base"))
    base = base if base is not None else _core.Tables.builtin()
    documents = base.documents()
    parsed = {}
    if overlay is not None or changes:
        # a year that extends another is written out whole, so a change reaches only its years
        parsed.update(_full_years(documents))

    def doc(name):
        if name not in parsed:
            parsed[name] = yaml.safe_load(documents[name]) if name in documents else {}
        return parsed[name]

    if overlay is not None:
        if isinstance(overlay, (str, os.PathLike)):
            overlay = _overlay_text(os.fspath(overlay))
        if not isinstance(overlay, dict):
            raise _error(_core.InputError, "overlay", type(overlay).__name__, _M("error.problem.py_overlay_mapping"))
        for key, change in overlay.items():
            try:
                name = _doc_name(documents, key)
            except ValueError:
                if not str(key).endswith(".yaml"):
                    raise
                name = key if str(key).startswith("tables/") else "tables/" + str(key)
            if not isinstance(change, dict):
                raise _error(_core.InputError, f"overlay[{key!r}]", repr(change), _M("error.problem.py_overlay_document"))
            _merge(doc(name), _yaml_value(change), name)

    if changes:
        targets = [name for name in documents if "/cn/" in "/" + name and name.endswith(".yaml")]
        if years is not None:
            wanted = {int(y) for y in ([years] if isinstance(years, _numbers.Integral) else years)}
            targets = [t for t in targets if int(os.path.basename(t).split(".")[0]) in wanted]
            missing = wanted - {int(os.path.basename(t).split(".")[0]) for t in targets}
            if missing:
                raise _error(_core.CoverageError, "years", sorted(missing), _M("error.problem.py_no_documents_years"))
        for path, value in changes.items():
            parts = path.split("__")
            for name in targets:
                node = doc(name)
                for p in parts[:-1]:
                    if not isinstance(node, dict) or p not in node:
                        raise _error(_core.InputError, path, repr(value), _M("error.problem.py_no_key", document=name, path=".".join(parts)))
                    node = node[p]
                if not isinstance(node, dict) or parts[-1] not in node:
                    raise _error(_core.InputError, path, repr(value), _M("error.problem.py_no_key", document=name, path=".".join(parts)))
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
