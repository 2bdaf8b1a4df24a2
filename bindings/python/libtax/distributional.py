"""libtax.distributional: distribution tables of a population run: weighted deciles, totals and averages; winners and losers.

* ``distribution(result, by="decile" | column, weights=...)``: per group, the (weighted) people,
  their income, tax, relief and net tax, totals and averages, the share of all tax, the aggregate
  effective rate (total tax / total income) and the average of the personal effective rates.
* ``winners_losers(baseline, reform, ...)``: per group, who pays less (winners), more (losers) or
  the same under the reform, and the sums gained and lost.
* ``plot_distribution`` / ``plot_winners_losers``: the two tables as charts.

``result`` is a frame from ``libtax.annual_tax_frame`` (one row per person; ``tax`` and
``relief_<regime>`` columns). A person's relief is the largest of the frame's ``relief_*``
columns (one talent regime applies at a time); net tax = tax - relief. Income is gross receipts
(wages + labour + author + royalties) unless ``income=`` names a column.

Deciles are of income, weighted: people sorted by income (ties in row order), decile d holds those
whose cumulative weight lies in ((d-1)/10, d/10] of the total.

Money is summed in whole fen: each tax and relief is exact to the fen (a float64 of yuan), converted
to integer fen, multiplied by whole-number weights and summed in int64, then shown in yuan — the
totals are exact. Fractional weights (survey weights) give float sums, as any weighted estimate.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np

from . import _core
from ._errors import Message as _M
from .analysis import _error
from .charts import new_axes

__all__ = ["decile", "distribution", "net_tax", "plot_distribution", "plot_winners_losers", "winners_losers"]

_RECEIPTS = ("wages", "labour", "author", "royalties")
ALL = "all"

Weights = Union[None, str, Sequence[float], np.ndarray, Any]


def _fen(yuan: Any) -> np.ndarray:
    """Yuan exact to the fen (float64) as int64 fen."""
    return np.rint(np.asarray(yuan, dtype=np.float64) * 100).astype(np.int64)


def _weights(frame: Any, weights: Weights) -> np.ndarray:
    """The weight of each row: 1, a column of the frame, or an array; finite and not negative."""
    n = len(frame)
    if weights is None:
        return np.ones(n, dtype=np.int64)
    name = weights if isinstance(weights, str) else "weights"
    if isinstance(weights, str):
        if weights not in frame.columns:
            raise _error(_core.InputError, "weights", repr(weights), _M("error.problem.py_no_such_column"))
        weights = frame[weights].to_numpy()
    w = np.asarray(weights)
    if w.shape != (n,) or w.dtype.kind not in "iuf":
        raise _error(_core.InputError, name, f"{w.dtype} array of shape {w.shape}", _M("error.problem.py_weights_count", rows=n))
    bad = ~np.isfinite(w) | (w < 0) if w.dtype.kind == "f" else (w < 0)
    if bad.any():
        row = int(np.argmax(bad))
        raise _error(_core.InputError, name, repr(w[row]), _M("error.problem.py_row", row=row, detail=_M("error.problem.py_weight")))
    if w.dtype.kind == "f" and np.array_equal(w, np.floor(w)) and (w.size == 0 or w.max() < 2 ** 53):
        return w.astype(np.int64)  # whole-number weights keep money sums exact
    return w


def _income(frame: Any, income: Union[None, str, Any]) -> np.ndarray:
    if isinstance(income, str):
        return frame[income].to_numpy(dtype=np.float64)
    if income is not None:
        return np.asarray(income, dtype=np.float64)
    total = np.zeros(len(frame))
    for c in _RECEIPTS:
        if c in frame.columns:
            total = total + frame[c].to_numpy(dtype=np.float64)
    return total


def _relief_columns(frame: Any, prefix: str = "") -> List[str]:
    return [c for c in frame.columns if c.startswith(prefix + "relief_")]


def net_tax(result: Any, *, tax: str = "tax") -> np.ndarray:
    """Tax less the person's relief (the largest ``relief_*`` column), yuan exact to the fen."""
    return (_fen(result[tax]) - _relief_fen(result)) / 100


def _relief_fen(result: Any) -> np.ndarray:
    cols = _relief_columns(result)
    if not cols:
        return np.zeros(len(result), dtype=np.int64)
    return np.max(np.stack([_fen(result[c]) for c in cols]), axis=0)


def decile(income: Any, weights: Any = None) -> np.ndarray:
    """The weighted income decile (1..10) of each row: sorted by income (ties keep row order),
    decile d holds the rows whose cumulative weight is in ((d-1)/10, d/10] of the total."""
    x = np.asarray(income, dtype=np.float64)
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=np.float64)
    order = np.argsort(x, kind="stable")
    cumulative = np.cumsum(w[order])
    total = cumulative[-1] if len(cumulative) else 0.0
    out = np.empty(len(x), dtype=np.int64)
    if total <= 0:
        out[:] = 1
        return out
    out[order] = np.clip(np.ceil(cumulative * 10 / total), 1, 10).astype(np.int64)
    return out


def _groups(frame: Any, by: Optional[str], income: np.ndarray, w: np.ndarray) -> Optional[np.ndarray]:
    """The group of each row; None for one group of everyone (only the ``all`` row)."""
    if by is None:
        return None
    if by == "decile":
        return decile(income, w)
    if by not in frame.columns:
        raise _error(_core.InputError, "by", repr(by), _M("error.problem.py_by"))
    return frame[by].to_numpy()


def _weighted_sums(groups: Optional[np.ndarray], w: np.ndarray, values: Dict[str, np.ndarray]) -> Any:
    """Per group (and the row ``all``): the sum of weight x value for each named column; int64
    fen columns stay integers when the weights are whole numbers."""
    import pandas as pd

    if w.dtype.kind in "iu" and len(w):
        largest = max(int(np.abs(v).max()) for v in values.values() if v.dtype.kind in "iu" and len(v))
        if largest * int(w.sum()) >= 2 ** 62:  # an int64 sum could overflow: sum in floats instead
            w = w.astype(np.float64)
    data = {name: (v * w) for name, v in values.items()}
    data["people"] = w
    data["records"] = np.ones(len(w), dtype=np.int64)
    rows = pd.DataFrame(data)
    total = pd.DataFrame({c: [rows[c].sum()] for c in rows.columns}, index=[ALL])  # keeps int dtypes
    table = total if groups is None else pd.concat([rows.groupby(groups, sort=True, dropna=False).sum(), total])
    table.index.name = "group"
    return table


def _yuan(fen: Any) -> Any:
    return fen / 100


def distribution(result: Any, by: Optional[str] = "decile", *, weights: Weights = None,
                 income: Union[None, str, Any] = None, tax: str = "tax") -> Any:
    """Counts, totals and averages per group of a population result (a pandas DataFrame).

    by: "decile" (weighted deciles of income, 1..10), a column of ``result`` (e.g. "identity",
      "city"), or None (one group). A last row ``all`` covers everyone.
    weights: None (each row one person), a column name, or an array (finite, >= 0).
    income: the income that ranks and rates people: None (gross receipts), a column or an array.
    tax: the tax column (e.g. "tax_reform" of a ``compare`` frame).

    Columns: people (sum of weights), records (rows), income_total/_mean, tax_total/_mean,
    taxpayers (people with tax > 0), relief_total/_mean, net_tax_total/_mean, tax_share (of all
    tax), effective_rate (tax_total / income_total), average_effective_rate (mean of each
    person's tax / income, 0 without income); money in yuan.
    """
    w = _weights(result, weights)
    inc = _income(result, income)
    tax_fen = _fen(result[tax])
    relief_fen = _relief_fen(result)
    with np.errstate(divide="ignore", invalid="ignore"):
        personal_rate = np.where(inc > 0, (tax_fen / 100) / np.where(inc > 0, inc, 1.0), 0.0)
    sums = _weighted_sums(_groups(result, by, inc, w), w, {
        "income": _fen(inc), "tax": tax_fen, "relief": relief_fen, "net_tax": tax_fen - relief_fen,
        "taxpayers": (tax_fen > 0).astype(np.int64), "rate": personal_rate})
    return _distribution_table(sums)


def _distribution_table(sums: Any) -> Any:
    import pandas as pd

    people = sums["people"].astype(np.float64)
    safe = people.where(people > 0, np.nan)
    out = pd.DataFrame(index=sums.index)
    out["people"], out["records"] = sums["people"], sums["records"]
    for name in ("income", "tax", "relief", "net_tax"):
        out[name + "_total"] = _yuan(sums[name])
        out[name + "_mean"] = (_yuan(sums[name]) / safe).round(2)
    out["taxpayers"] = sums["taxpayers"]
    out["tax_share"] = sums["tax"] / sums.loc[ALL, "tax"] if sums.loc[ALL, "tax"] else 0.0
    income = sums["income"].where(sums["income"] > 0, np.nan)
    out["effective_rate"] = (sums["tax"] / income).fillna(0.0)
    out["average_effective_rate"] = (sums["rate"] / safe).fillna(0.0)
    return out


def winners_losers(baseline: Any, reform: Any = None, *, by: Optional[str] = "decile", weights: Weights = None,
                   income: Union[None, str, Any] = None) -> Any:
    """Who gains and who loses from a reform, per group (a pandas DataFrame; last row ``all``).

    baseline, reform: two frames of the same people in the same order, from
      ``annual_tax_frame`` under the baseline and the reform tables (with the same ``regimes=``);
      or one ``compare`` frame as ``baseline`` (columns tax_baseline and tax_reform) and no reform.
    A person's change is net tax under the reform less net tax under the baseline (net of the
    largest relief), exact to the fen: a winner pays less, a loser more. Groups as in
    ``distribution``, deciles of the baseline's income; weights from the baseline frame.

    Columns: people, winners, losers, unchanged (sums of weights), winners_share, losers_share,
    gain_total (what winners pay less, yuan, positive), loss_total (what losers pay more),
    change_total (reform - baseline), change_mean (per person), average_gain, average_loss.
    """
    before, after = _net_fen_pair(baseline, reform)
    w = _weights(baseline, weights)
    inc = _income(baseline, income)
    change = after - before
    sums = _weighted_sums(_groups(baseline, by, inc, w), w, {
        "winners": (change < 0).astype(np.int64), "losers": (change > 0).astype(np.int64),
        "unchanged": (change == 0).astype(np.int64),
        "gain": np.where(change < 0, -change, 0), "loss": np.where(change > 0, change, 0), "change": change})
    return _winners_table(sums)


def _net_fen_pair(baseline: Any, reform: Any) -> Any:
    if reform is None:
        if "tax_baseline" not in baseline.columns or "tax_reform" not in baseline.columns:
            raise _error(_core.InputError, "reform", None,
                         _M("error.problem.py_reform_frame"))
        return _fen(baseline["tax_baseline"]), _fen(baseline["tax_reform"])
    if len(reform) != len(baseline):
        raise _error(_core.InputError, "reform", f"{len(reform)} rows",
                     _M("error.problem.py_reform_rows", rows=len(baseline)))
    return _fen(baseline["tax"]) - _relief_fen(baseline), _fen(reform["tax"]) - _relief_fen(reform)


def _winners_table(sums: Any) -> Any:
    import pandas as pd

    people = sums["people"].astype(np.float64).where(sums["people"] > 0, np.nan)
    out = pd.DataFrame(index=sums.index)
    out["people"] = sums["people"]
    for name in ("winners", "losers", "unchanged"):
        out[name] = sums[name]
    out["winners_share"] = (sums["winners"] / people).fillna(0.0)
    out["losers_share"] = (sums["losers"] / people).fillna(0.0)
    for name in ("gain", "loss", "change"):
        out[name + "_total"] = _yuan(sums[name])
    out["change_mean"] = (_yuan(sums["change"]) / people).round(2).fillna(0.0)
    out["average_gain"] = (_yuan(sums["gain"]) / sums["winners"].where(sums["winners"] > 0, np.nan)).round(2).fillna(0.0)
    out["average_loss"] = (_yuan(sums["loss"]) / sums["losers"].where(sums["losers"] > 0, np.nan)).round(2).fillna(0.0)
    return out


# ---- charts ---------------------------------------------------------------------------------

def _group_labels(table: Any) -> List[str]:
    return [str(g) for g in table.index if g != ALL]


def plot_distribution(table: Any, column: str = "tax_mean", *, label: Optional[str] = None, ax: Any = None,
                      title: Optional[str] = None) -> Any:
    """Bars of one column of a ``distribution`` table per group (the ``all`` row left out);
    returns the Figure (displayed in Jupyter when it ends a cell). Several calls on one ``ax``
    with different ``label``s draw side-by-side bars (e.g. baseline and reform)."""
    fig, ax = new_axes(ax)
    rows = table.drop(index=ALL, errors="ignore")
    drawn = len(ax.containers)
    x = np.arange(len(rows))
    ax.bar(x + 0.4 * drawn, rows[column].to_numpy(dtype=np.float64), width=0.4,
           label=label if label is not None else column)
    ax.set_xticks(x + 0.2 * drawn, _group_labels(rows))
    ax.set_xlabel(str(table.index.name if table.index.name != "group" else "group"))
    ax.set_ylabel(column.replace("_", " "))
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}")
    ax.set_title(title or f"{column.replace('_', ' ')} by group")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend()
    return fig


def plot_winners_losers(table: Any, *, ax: Any = None, title: Optional[str] = None, ylabel: str = "group") -> Any:
    """Per group, the shares of people who gain, are unchanged and lose (stacked to 100%), from
    a ``winners_losers`` table, with the ``all`` row as the last bar; returns the Figure."""
    fig, ax = new_axes(ax)
    labels = [str(g) for g in table.index]
    people = table["people"].to_numpy(dtype=np.float64)
    people = np.where(people > 0, people, 1.0)
    left = np.zeros(len(table))
    for name, colour in (("winners", "tab:green"), ("unchanged", "lightgrey"), ("losers", "tab:red")):
        share = table[name].to_numpy(dtype=np.float64) / people * 100
        ax.barh(labels, share, left=left, color=colour, label=name)
        left = left + share
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of people (%)")
    ax.set_ylabel(ylabel)
    ax.invert_yaxis()
    ax.set_title(title or "winners and losers of the reform")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False)
    return fig
