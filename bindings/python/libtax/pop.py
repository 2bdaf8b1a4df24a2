"""libtax-pop: a population file through libtax, with an optional reform, like Tax-Calculator's
``tc`` and TAXSIM.

    libtax-pop people.csv --year 2025 [--reform reform.yaml] [--weights COLUMN] --out results.csv
               [--regime ID ...] [--by decile|COLUMN] [--keep COLUMN ...] [--threads N] [--quiet]
               [--lang zh|en|both]

Input: a CSV file, one row per person, a header row naming the columns:
  amounts (yuan, whole fen, no thousands separators; missing columns are zeros):
    wages, labour, author, royalties, social_insurance, special_additional, other_deductions,
    business_taxable_income, talent_subsidy
  for the talent regimes (``--regime``): identity (foreign, hk, macao, taiwan, mainland),
    talent_recognised (true/false or 1/0), days_in_zone (whole days)
  id (kept in the output), the ``--weights`` column and the ``--keep`` columns; any other column is
  an error naming it.
Output (``--out``, written to a temporary file and renamed, so a failed run leaves none): per
person, the kept columns, tax, taxable_income, effective_rate, marginal_rate, relief_<regime>,
net_tax; with ``--reform`` the same figures under the reform (``*_reform``) and net_tax_change.
Amounts are yuan, exact to the fen. Standard output: the distribution table (``--by``, default
weighted deciles of gross income) and, with a reform, the winners and losers.
The reform is a what-if overlay file (``libtax.what_if(overlay=...)``: YAML keyed by table
document, e.g. ``cn/2025.yaml: {basic_deduction: {annual: 72000, monthly: 6000}}``).

Exit status: 0 done; 2 bad input, with ``FILE:LINE: column NAME: problem`` on stderr; 1 an
unexpected failure. A progress bar goes to stderr (``--quiet`` silences it and the tables).

Language: ``--lang zh|en|both`` (default: the LIBTAX_LANG environment variable, else en) for every
line it prints (the problems with the input, a library error, the tables' titles, the bar's label;
``both``: each line in Chinese, then in English), from the catalogues' ``pop.*`` messages
(libtax/messages/); file names, column names and values verbatim. The library's process language
is set to it for the run, so a library error raised inside reads the same.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from typing import Any, Optional, Sequence

from . import _core
from ._errors import Message
from .progress import chunks

AMOUNTS = ("wages", "labour", "author", "royalties", "social_insurance", "special_additional",
           "other_deductions", "business_taxable_income", "talent_subsidy")
REGIME_INPUTS = ("identity", "talent_recognised", "days_in_zone")
IDENTITIES = ("foreign", "hk", "macao", "taiwan", "mainland")
#: Amounts whose fen a float64 holds exactly (2^53 fen); the tables' own limit is 10^15 yuan.
MAX_YUAN = 9e13


LANGS = ("zh", "en", "both")


class BadInput(Exception):
    """Bad input: the message is ``FILE:LINE: column NAME: problem`` (or ``FILE: problem``), a
    ``pop.*`` message of the catalogues. ``str()`` is the English text; ``.message`` the Message,
    ``.messages`` its text in "en" and "zh", ``.message_id`` and ``.message_args`` its id and
    arguments (a wrapped problem as {"id": ..., "args": ...})."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message
        self.messages = {lang: message.render(lang) for lang in ("en", "zh")}
        self.message_id = message.id
        self.message_args = message.described()


def _bad(path: str, problem: Message, row: Optional[int] = None, column: Optional[str] = None, *,
         line: Any = None) -> BadInput:
    """BadInput naming the file, the line (``row``: 0 is line 2, -1 the header; or ``line``) and
    the column."""
    if row is not None:
        line = row + 2  # the header is line 1, row 0 is line 2
    if line is None:
        return BadInput(Message("pop.error.in_file", file=path, problem=problem))
    if column is None:
        return BadInput(Message("pop.error.at_line", file=path, line=line, problem=problem))
    return BadInput(Message("pop.error.at_column", file=path, line=line, column=column, problem=problem))


def read_people(path: str, *, weights: Optional[str] = None, keep: Sequence[str] = ()) -> Any:
    """The population file as a DataFrame, every column checked (BadInput names file, line, column)."""
    import pandas as pd

    try:
        frame = pd.read_csv(path, float_precision="round_trip", low_memory=False, skipinitialspace=False)
    except FileNotFoundError:
        raise _bad(path, Message("pop.problem.no_such_file")) from None
    except pd.errors.ParserError as e:
        shape = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(e))
        if shape:
            raise _bad(path, Message("pop.problem.cells", cells=shape[3], columns=shape[1]), line=shape[2]) from None
        raise _bad(path, Message("pop.problem.not_csv", reason=e)) from None
    except (pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise _bad(path, Message("pop.problem.not_csv", reason=e)) from None
    known = set(AMOUNTS) | set(REGIME_INPUTS) | {"id"} | set(keep) | ({weights} if weights else set())
    for column in frame.columns:
        if column not in known:
            raise _bad(path, Message("pop.problem.unknown_column", expected=", ".join(AMOUNTS + REGIME_INPUTS + ("id",))),
                       -1, column)
    if weights and weights not in frame.columns:
        raise _bad(path, Message("pop.problem.no_weights_column"), -1, weights)
    for column in AMOUNTS:
        if column in frame.columns:
            frame[column] = _amounts(frame[column], path, column)
    if weights:
        frame[weights] = _numbers(frame[weights], path, weights, whole=False)
    _regime_inputs(frame, path)
    return frame


def _numbers(column: Any, path: str, name: str, *, whole: bool) -> Any:
    """A numeric column: every cell a finite number >= 0 (and whole when ``whole``)."""
    import numpy as np
    import pandas as pd

    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna().to_numpy() | ~np.isfinite(values.to_numpy(dtype=np.float64, na_value=np.nan))
    if bad.any():
        row = int(np.argmax(bad))
        text = column.iloc[row]
        problem = (Message("pop.problem.empty_cell") if pd.isna(text) or str(text).strip() == ""
                   else Message("pop.problem.not_number", value=repr(str(text))))
        raise _bad(path, problem, row, name)
    x = values.to_numpy(dtype=np.float64)
    negative = x < 0
    if negative.any():
        row = int(np.argmax(negative))
        raise _bad(path, Message("pop.problem.negative", value=column.iloc[row]), row, name)
    if whole and not np.array_equal(x, np.floor(x)):
        row = int(np.argmax(x != np.floor(x)))
        raise _bad(path, Message("pop.problem.not_whole", value=column.iloc[row]), row, name)
    return values


def _amounts(column: Any, path: str, name: str) -> Any:
    """Amounts of yuan in whole fen: a cell is refused when its value is not the double nearest to
    a number with at most two decimals (so '1.005' is refused, never rounded one way or the other)."""
    import numpy as np

    values = _numbers(column, path, name, whole=False)
    x = values.to_numpy(dtype=np.float64)
    large = x > MAX_YUAN
    if large.any():
        row = int(np.argmax(large))
        raise _bad(path, Message("pop.problem.beyond_range", value=column.iloc[row], limit=f"{MAX_YUAN:.0e}"), row, name)
    not_fen = np.rint(x * 100) / 100 != x
    if not_fen.any():
        row = int(np.argmax(not_fen))
        raise _bad(path, Message("pop.problem.decimals", value=column.iloc[row]), row, name)
    return values


def _regime_inputs(frame: Any, path: str) -> None:
    import numpy as np

    if "identity" in frame.columns:
        text = frame["identity"].astype(str).str.strip()
        bad = ~text.isin(IDENTITIES).to_numpy()
        if bad.any():
            row = int(np.argmax(bad))
            raise _bad(path, Message("pop.problem.identity", value=repr(frame["identity"].iloc[row]),
                                     choices=", ".join(IDENTITIES)), row, "identity")
        frame["identity"] = text
    if "talent_recognised" in frame.columns:
        text = frame["talent_recognised"].astype(str).str.strip().str.lower()
        truth = {"true": True, "1": True, "false": False, "0": False}
        bad = ~text.isin(list(truth)).to_numpy()
        if bad.any():
            row = int(np.argmax(bad))
            raise _bad(path, Message("pop.problem.talent_recognised", value=repr(frame["talent_recognised"].iloc[row])),
                       row, "talent_recognised")
        frame["talent_recognised"] = text.map(truth).astype(bool)
    if "days_in_zone" in frame.columns:
        frame["days_in_zone"] = _numbers(frame["days_in_zone"], path, "days_in_zone", whole=True).astype(np.int64)


def compute(frame: Any, year: int, *, regimes: Sequence[str] = (), tables: Any = None, threads: Optional[int] = None,
            progress: Any = False, description: str = "tax") -> Any:
    """``annual_tax_frame`` (with a progress bar over chunks of rows) with net_tax added."""
    import numpy as np

    from .analysis import annual_tax_frame
    from .distributional import net_tax

    read = set(AMOUNTS) | set(REGIME_INPUTS)
    carried = {c: None for c in frame.columns if c not in read}  # ids, weights, --keep columns: carried unread
    result = annual_tax_frame(frame, year, regimes=regimes, tables=tables, threads=threads,
                              progress=progress and description, columns=carried or None)
    result["net_tax"] = np.round(net_tax(result), 2)
    return result


FIGURES = ("tax", "taxable_income", "effective_rate", "marginal_rate")


def results_table(people: Any, base: Any, reform: Any, *, keep: Sequence[str]) -> Any:
    """The per-person output: kept columns, the baseline's figures, the reform's, net_tax_change."""
    import numpy as np
    import pandas as pd

    out = pd.DataFrame(index=people.index)
    for column in keep:
        out[column] = people[column]
    reliefs = [c for c in base.columns if c.startswith("relief_")]
    for column in FIGURES + tuple(reliefs) + ("net_tax",):
        out[column] = base[column].to_numpy()
    if reform is not None:
        for column in FIGURES + tuple(reliefs) + ("net_tax",):
            out[column + "_reform"] = reform[column].to_numpy()
        change = np.rint(reform["net_tax"].to_numpy() * 100) - np.rint(base["net_tax"].to_numpy() * 100)
        out["net_tax_change"] = change / 100
    return out


def write_atomically(table: Any, path: str, *, progress: Any = False, description: str = "write") -> None:
    """Writes the CSV to a temporary file beside ``path`` and renames it: never half a file.
    Floats are written in their shortest round-trip form: an amount exact to the fen shows as its
    decimal (224180.0, 1234.5, 0.01), never a binary approximation."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".libtax-pop-", suffix=".csv", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            for i, rows in enumerate(chunks(len(table), progress, description=description)):
                table.iloc[rows].to_csv(f, index=False, header=(i == 0))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp made it private; the result gets ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _text(message: Message, lang: str, *, both: str = "\n") -> str:
    """The message in ``lang``; "both": in Chinese, ``both``, in English."""
    if lang == "both":
        return message.render("zh") + both + message.render("en")
    return message.render(lang)


def _summary(base: Any, reform: Any, *, by: Optional[str], weights: Optional[str], lang: str = "en") -> str:
    from .distributional import distribution, winners_losers

    columns = ["people", "income_mean", "tax_mean", "relief_mean", "net_tax_mean", "net_tax_total",
               "tax_share", "effective_rate"]
    rates = {"tax_share", "effective_rate", "winners_share", "losers_share"}

    def show(table: Any, names: Sequence[str]) -> str:
        formats = {c: ("{:.4f}".format if c in rates else "{:,.2f}".format) for c in names
                   if table[c].dtype.kind == "f"}
        return str(table[list(names)].to_string(formatters=formats))

    table = distribution(base, by, weights=weights)
    group = by or "all"
    text = [_text(Message("pop.summary.baseline", by=group), lang) + "\n" + show(table, columns)]
    if reform is not None:
        after = distribution(reform, by, weights=weights)
        text.append(_text(Message("pop.summary.reform", by=group), lang) + "\n" + show(after, columns))
        wl = winners_losers(base, reform, by=by, weights=weights)
        text.append(_text(Message("pop.summary.winners_losers"), lang) + "\n" + show(wl, [
            "people", "winners", "losers", "unchanged", "gain_total", "loss_total", "change_total", "change_mean"]))
    return "\n\n".join(text) + "\n"


def _arguments(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="libtax-pop", description="Annual IIT of a population file, with an optional reform.")
    p.add_argument("people", help="CSV file, one row per person (see the columns in libtax/pop.py)")
    p.add_argument("--year", type=int, required=True, help="tax year, e.g. 2025")
    p.add_argument("--out", required=True, help="CSV file of per-person results (written atomically)")
    p.add_argument("--reform", help="what-if overlay YAML (libtax.what_if) for the reform")
    p.add_argument("--weights", help="column of weights (people each row stands for)")
    p.add_argument("--regime", action="append", default=[], help="talent regime id for reliefs (repeatable)")
    p.add_argument("--by", default="decile", help="groups of the printed tables: decile (default), a column, or all")
    p.add_argument("--keep", action="append", default=[], help="extra input column copied to the output (repeatable)")
    p.add_argument("--threads", type=int, help="worker threads (default: all cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no tables")
    p.add_argument("--lang", help="zh, en or both: the language of every message "
                   "(default: the LIBTAX_LANG environment variable, else en)")
    return p.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    from .analysis import what_if

    given = getattr(args, "lang", None)
    lang: str = given if isinstance(given, str) and given in LANGS else "en"
    progress = not args.quiet
    by = None if args.by == "all" else args.by
    people = read_people(args.people, weights=args.weights, keep=args.keep)
    if by not in (None, "decile") and by not in people.columns:
        raise _bad(args.people, Message("pop.problem.no_by_column"), -1, by)
    keep = (["id"] if "id" in people.columns else []) + [c for c in args.keep if c != "id"]
    if args.weights and args.weights not in keep:
        keep.append(args.weights)
    reform_tables = None
    if args.reform:
        if not os.path.exists(args.reform):
            raise _bad(args.reform, Message("pop.problem.no_such_file"))
        reform_tables = what_if(overlay=args.reform)
    base = compute(people, args.year, regimes=args.regime, threads=args.threads, progress=progress,
                   description=_text(Message("pop.progress.baseline"), lang, both="/"))
    reform = None
    if reform_tables is not None:
        reform = compute(people, args.year, regimes=args.regime, tables=reform_tables, threads=args.threads,
                         progress=progress, description=_text(Message("pop.progress.reform"), lang, both="/"))
    write_atomically(results_table(people, base, reform, keep=keep), args.out, progress=progress,
                     description=_text(Message("pop.progress.write"), lang, both="/"))
    if not args.quiet:
        sys.stdout.write(_summary(base, reform, by=by, weights=args.weights, lang=lang))
    return 0


def _language(option: Optional[str]) -> "tuple[str, Optional[Message]]":
    """The language of the run (--lang, else LIBTAX_LANG, else en) and the usage error when the
    one given is not zh, en or both (printed in the language found so far)."""
    lang, problem = "en", None
    env = os.environ.get("LIBTAX_LANG", "")
    if env:
        if env in LANGS:
            lang = env
        else:
            problem = Message("pop.error.env_lang", value=env[:40])
    if option is not None:
        if option in LANGS:
            lang, problem = option, None
        else:
            problem = Message("pop.error.lang", value=option[:40])
    return lang, problem


def _say(message: Message, lang: str) -> None:
    print(_text(message, lang), file=sys.stderr)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The ``libtax-pop`` command; returns the exit status. The library's process language is the
    run's while it lasts (and restored after, for a caller in the same process)."""
    args = _arguments(argv)
    lang, problem = _language(args.lang)
    if problem is not None:
        _say(problem, lang)
        return 2
    args.lang = lang
    previous = _core.get_language()
    _core.set_language(lang)
    try:
        return run(args)
    except BadInput as e:
        _say(Message("pop.error.frame", message=e.message), lang)
        return 2
    except _core.Error as e:  # a libtax error: a table of the reform, a year no table covers, ...
        where = args.reform if isinstance(e, _core.TableError) and args.reform else args.people
        messages = getattr(e, "messages", None)
        for one in (("zh", "en") if lang == "both" else (lang,)):
            text = messages[one] if isinstance(messages, dict) and one in messages else str(e)
            print(Message("pop.error.frame", message=Message("pop.error.library", file=where, error=text)).render(one),
                  file=sys.stderr)
        return 2
    except OSError as e:
        _say(Message("pop.error.frame", message=str(e)), lang)
        return 2
    finally:
        _core.set_language(previous)


if __name__ == "__main__":
    sys.exit(main())
