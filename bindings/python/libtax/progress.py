"""Progress for long runs: rows computed in chunks, a tqdm bar on stderr.

``chunks(n, progress)`` yields ``slice`` objects covering ``range(n)`` and advances a progress bar
(Debian's python3-tqdm) by each chunk's rows after the caller has computed it. With
``progress=False`` it yields one slice of everything and draws nothing, so a run without a bar
costs nothing extra. The bar goes to stderr, so results on stdout stay clean.
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Dict, Iterator, Optional, Union

#: Rows per chunk when a bar is shown: large enough that the per-call overhead is negligible
#: (the batch kernel computes ~10^8 rows/s), small enough that the bar moves.
CHUNK_ROWS = 100_000

Progress = Union[bool, str, None]


def _bar(total: int, description: str) -> Any:
    from tqdm import tqdm  # imported only when a bar is asked for

    return tqdm(total=total, desc=description, unit="rows", unit_scale=True, leave=False, dynamic_ncols=True)


def chunks(n: int, progress: Progress = False, *, description: str = "libtax",
           chunk_rows: Optional[int] = None) -> Iterator[slice]:
    """Slices covering ``range(n)``; with ``progress`` (True, or a text naming the run) a bar on
    stderr advances by each slice's rows once the caller asks for the next one."""
    if not progress or n <= 0:
        yield slice(0, n)
        return
    bar = _bar(n, progress if isinstance(progress, str) else description)
    chunk_rows = chunk_rows or CHUNK_ROWS
    try:
        for start in range(0, n, chunk_rows):
            stop = min(n, start + chunk_rows)
            yield slice(start, stop)
            bar.update(stop - start)
    finally:
        bar.close()


def steps(total: int, progress: Progress = False, *, description: str = "libtax",
          unit: str = "steps") -> Optional[Any]:
    """A bar of ``total`` steps for runs made of a few large steps (baseline, reform, reliefs),
    or None without ``progress``; call ``.update(1)`` after each step and ``.close()`` at the end."""
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=progress if isinstance(progress, str) else description, unit=unit,
                leave=False, dynamic_ncols=True)


def _take(value: Any, rows: slice, n: int) -> Any:
    """The rows of one argument that is a column of n rows; any other argument unchanged."""
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return value
    if hasattr(value, "iloc") and len(value) == n:  # pandas Series and DataFrame
        return value.iloc[rows]
    if hasattr(value, "__len__") and not isinstance(value, dict) and len(value) == n:
        import numpy as np

        return np.asarray(value, dtype=None if hasattr(value, "dtype") else object)[rows]
    return value


def _concat(parts: Any) -> Any:
    first = parts[0]
    if isinstance(first, tuple):
        return tuple(_concat([p[i] for p in parts]) for i in range(len(first)))
    if first is None:
        return None
    if hasattr(first, "iloc"):
        import pandas as pd

        return pd.concat(parts)
    import numpy as np

    return np.concatenate(parts)


def run_in_chunks(function: Any, n: int, progress: Progress, description: str, columns: Dict[str, Any], /,
                  *args: Any, **fixed: Any) -> Any:
    """``function(*args, **columns, **fixed)`` over chunks of the n rows, the results concatenated,
    with a progress bar on stderr. Each entry of ``columns`` that holds n rows (array, list, Series,
    DataFrame) is sliced; scalars there and ``fixed`` are passed whole. Each chunk is computed as
    the whole would be, so the result is the same to the fen."""
    parts = [function(*args, **{k: _take(v, rows, n) for k, v in columns.items()}, **fixed)
             for rows in chunks(n, progress, description=description)]
    return _concat(parts)


def _rows(columns: Dict[str, Any]) -> int:
    """The number of rows: the length of the first argument that is a column (not a scalar)."""
    for value in columns.values():
        if value is not None and not isinstance(value, (str, bytes)) and hasattr(value, "__len__"):
            return len(value)
    return 0


def accepts_progress(*row_arguments: str, run: str) -> Callable[[Any], Any]:
    """Decorator: gives a function over rows a keyword ``progress=False``. With ``progress`` (True,
    or a text naming the run) the call runs over chunks of rows with a bar on stderr: the
    parameters named in ``row_arguments`` (columns or a DataFrame) are sliced, the others passed
    whole, and the results concatenated; without it the function runs as it is, unchanged."""
    def decorate(function: Any) -> Any:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def with_progress(*args: Any, progress: Progress = False, **kwargs: Any) -> Any:
            if not progress:
                return function(*args, **kwargs)
            arguments = dict(signature.bind(*args, **kwargs).arguments)
            columns = {name: arguments.pop(name) for name in row_arguments if name in arguments}
            return run_in_chunks(function, _rows(columns), progress, run, columns, **arguments)

        parameter = inspect.Parameter("progress", inspect.Parameter.KEYWORD_ONLY, default=False)
        setattr(with_progress, "__signature__", signature.replace(parameters=[*signature.parameters.values(), parameter]))
        with_progress.__doc__ = (function.__doc__ or "") + (
            "\n    progress: True (or a text naming the run) for a progress bar on stderr; the rows are\n"
            "    computed in chunks, with the same result.\n")
        return with_progress
    return decorate
