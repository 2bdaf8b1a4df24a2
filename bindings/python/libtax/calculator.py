"""libtax.calc: libtax-calc's calculation from Python, one person's tax year from a scenario.

calc(scenario) takes the path of a scenario file (as libtax-calc does; see the README, "Embedding",
for the format) or a dict with the file's structure; calc_text(yaml_text) the file's text. Both
return a CalcReport: .json is the dict `libtax-calc --json` prints for the same file, .text its
text output. tables is a directory of what-if tables (laid out like tables/), a libtax.Tables, or
None for the built-in ones.

A bad scenario raises libtax.TableError with .file, .line and .field (the dotted key, also .key);
a bad argument libtax.InputError with .field and .value (and .file, .line 0 for a value the
scenario gives that only the calculation refuses).
"""
from __future__ import annotations

import decimal
import json
import os
from typing import Any, Mapping, Optional, Union

from . import _core
from . import _errors
from ._errors import Message as _M
from ._calculator import CalcReport
from ._calculator import calc_file as _calc_file
from ._calculator import calc_text as _calc_text

__all__ = ["calc", "calc_text", "CalcReport"]

ScenarioSource = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def _tables(tables: Any) -> Optional[_core.Tables]:
    if tables is None or isinstance(tables, _core.Tables):
        return tables
    if isinstance(tables, (str, os.PathLike)):
        return _core.Tables.load(tables)
    raise _errors.error(_core.InputError, "tables", repr(tables), _M("error.problem.py_tables_dir"))


def _scalar(value: Any, where: str) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise _bad(where, value, _M("error.problem.not_finite"))
        return format(value, "f")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _bad(where, value, _M("error.problem.not_finite"))
        return format(decimal.Decimal(repr(value)), "f")  # the shortest decimal that reads back as this float
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    raise _bad(where, value, _M("error.problem.py_scenario_value"))


def _bad(where: str, value: Any, problem: _errors.Message) -> Exception:
    return _errors.error(_core.InputError, where or "scenario", repr(value), problem)


def _yaml_lines(value: Any, indent: str, where: str) -> list[str]:
    """Block YAML of a dict or list: one key or item a line, so errors name a line of this text."""
    out: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise _bad(where, key, _M("error.problem.py_keys_strings"))
            at = f"{where}.{key}" if where else key
            name = json.dumps(key, ensure_ascii=False)
            if isinstance(item, (Mapping, list, tuple)) and len(item):
                out.append(f"{indent}{name}:")
                out += _yaml_lines(item, indent + "  ", at)
            elif isinstance(item, (Mapping, list, tuple)):
                out.append(f"{indent}{name}: {'{}' if isinstance(item, Mapping) else '[]'}")
            else:
                out.append(f"{indent}{name}: {_scalar(item, at)}")
    else:
        for i, item in enumerate(value):
            at = f"{where}[{i}]"
            if isinstance(item, (Mapping, list, tuple)) and len(item):
                inner = _yaml_lines(item, indent + "  ", at)
                out.append(indent + "- " + inner[0][len(indent) + 2:])
                out += inner[1:]
            else:
                out.append(f"{indent}- {_scalar(item, at) if not isinstance(item, (Mapping, list, tuple)) else '[]'}")
    return out


def scenario_yaml(scenario: Mapping[str, Any]) -> str:
    """The YAML text of a scenario given as a dict (what calc() reads for it)."""
    if not isinstance(scenario, Mapping):
        raise _bad("scenario", scenario, _M("error.problem.py_dict"))
    return "\n".join(_yaml_lines(scenario, "", "")) + "\n"


def _located(e: Exception, name: str) -> Exception:
    """Errors say where: TableError's key is also .field; an InputError gets .file and .line 0."""
    if isinstance(e, _core.TableError):
        e.field = e.key  # type: ignore[attr-defined]
    elif isinstance(e, _core.InputError):
        e.file, e.line = name, 0  # type: ignore[attr-defined]
    return e


def calc_text(yaml_text: str, *, name: str = "<text>", tables: Any = None, lang: Optional[str] = None) -> CalcReport:
    """Computes a scenario given as YAML text (the scenario file's content); name stands for the
    file in the report and in errors."""
    try:
        return _calc_text(yaml_text, name, _tables(tables), lang)
    except _core.Error as e:
        raise _located(e, name) from None


def calc(scenario: ScenarioSource, *, tables: Any = None, lang: Optional[str] = None) -> CalcReport:
    """Computes one person's tax year as libtax-calc does: scenario is the path of a scenario file
    (str or os.PathLike) or a dict with the file's structure (read as YAML named "<dict>")."""
    if isinstance(scenario, Mapping):
        return calc_text(scenario_yaml(scenario), name="<dict>", tables=tables, lang=lang)
    if isinstance(scenario, (str, os.PathLike)):
        path = os.fspath(scenario)
        if not isinstance(path, str):
            raise _bad("scenario", scenario, _M("error.problem.py_text_path"))
        try:
            return _calc_file(path, _tables(tables), lang)
        except _core.Error as e:
            raise _located(e, path) from None
    raise _bad("scenario", scenario, _M("error.problem.py_path_or_dict"))
