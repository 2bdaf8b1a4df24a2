"""The one place libtax-web computes: a scenario file through libtax.

``compute(yaml_text, lang)`` returns the ``libtax-calc --json`` document (a dict: scenario,
results with figures, explanations and notes, total_tax, and ``summary`` where the library gives
one) and the text report; ``statement(yaml_text, lang)`` returns the HTML statement. Both go
through ``libtax.calc`` (the library's scenario calculation) when the installed libtax has it,
otherwise through the libtax-calc program of the same build (same reader, same JSON). A bad
scenario raises ``ScenarioError`` with the dotted field the library names.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Any, Dict, Optional

import libtax

LANGS = ("zh", "en", "both")
TIMEOUT_S = 60  # one person's year computes in milliseconds; a stuck program must not hold a request


class ScenarioError(Exception):
    """The library refused the scenario: ``field`` is the dotted name (``income.wages``), or ''."""

    def __init__(self, field: str, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.line = line


class EngineMissing(Exception):
    """Neither libtax.calc nor the libtax-calc program is in this installation."""


@dataclass
class Report:
    json: Dict[str, Any]
    text: str
    engine: str  # "libtax.calc" or the program's path


_MSG = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<field>[A-Za-z_][\w.\[\]-]*|\([a-z ]+\)): (?P<problem>.*)$", re.S)


def _scrub(text: str, path: str) -> str:
    """An error message names the temporary file: the user knows it as 'scenario'."""
    return text.replace(path, "scenario")


def _error_from(exc: BaseException, path: str) -> ScenarioError:
    text = _scrub(str(exc), path)
    field = str(getattr(exc, "field", "") or getattr(exc, "key", "") or "")
    line = int(getattr(exc, "line", 0) or 0)
    m = _MSG.match(text)
    if m:
        field = field or m.group("field")
        line = line or int(m.group("line"))
    elif not field:
        head = text.split(" = ", 1)[0] if " = " in text else text.split(":", 1)[0]
        if re.fullmatch(r"[A-Za-z_][\w.\[\]]*", head):
            field = head
    if field.startswith("("):
        field = ""
    return ScenarioError(field, text, line)


def program() -> Optional[str]:
    """The libtax-calc program used when the library has no ``calc``: $LIBTAX_CALC, the one shipped
    in the package, one on PATH, or the one a CMake build put beside build/python."""
    candidates = [os.environ.get("LIBTAX_CALC", "")]
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates.append(os.path.join(here, "bin", "libtax-calc"))
    candidates.append(shutil.which("libtax-calc") or "")
    candidates.append(os.path.join(os.path.dirname(os.path.dirname(here)), "tools", "calc", "libtax-calc"))
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            # the pip package's ``libtax-calc`` on PATH may be the Python launcher: it execs the same program
            return c
    return None


def has_binding() -> bool:
    return callable(getattr(libtax, "calc", None))


def has_statement() -> bool:
    if not has_binding():
        return False
    cls = getattr(libtax, "CalcReport", None)
    return cls is None or hasattr(cls, "statement")


def _with_file(yaml_text: str, fn):  # type: ignore[no-untyped-def]
    fd, path = tempfile.mkstemp(prefix="libtax-web-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(yaml_text)
        return fn(path)
    finally:
        os.unlink(path)


def _lang_kw(lang: Optional[str]) -> Dict[str, Any]:
    return {"lang": lang} if lang in LANGS else {}


def compute(yaml_text: str, lang: Optional[str] = None) -> Report:
    if has_binding():
        def run(path: str) -> Report:
            try:
                r = libtax.calc(path, **_lang_kw(lang))  # type: ignore[attr-defined]
            except libtax.Error as e:
                raise _error_from(e, path) from None
            doc = r.json if isinstance(r.json, dict) else json.loads(r.json)
            doc = json.loads(_scrub(json.dumps(doc, ensure_ascii=False), path))
            return Report(doc, _scrub(str(r.text), path), "libtax.calc")
        return _with_file(yaml_text, run)

    found = program()
    if found is None:
        raise EngineMissing("libtax-calc is not in this installation and libtax has no calc()")
    exe: str = found

    def run_program(path: str) -> Report:
        p = subprocess.run([exe, "--json", path], capture_output=True, text=True, timeout=TIMEOUT_S)
        try:
            doc = json.loads(_scrub(p.stdout, path))
        except ValueError:
            raise RuntimeError(f"libtax-calc exit {p.returncode}: {_scrub(p.stderr, path).strip()}") from None
        if "error" in doc:
            e = doc["error"]
            raise ScenarioError(str(e.get("field") or ""), _scrub(str(e.get("message", "")), path), int(e.get("line") or 0))
        t = subprocess.run([exe, path], capture_output=True, text=True, timeout=TIMEOUT_S)
        return Report(doc, _scrub(t.stdout, path), exe)
    return _with_file(yaml_text, run_program)


def statement(yaml_text: str, lang: Optional[str] = None) -> Optional[str]:
    """The HTML statement, or None when this libtax cannot write one yet."""
    if not has_statement():
        return None

    def run(path: str) -> Optional[str]:
        try:
            r = libtax.calc(path, **_lang_kw(lang))  # type: ignore[attr-defined]
            if not hasattr(r, "statement"):
                return None
            html = r.statement(**_lang_kw(lang))
        except libtax.Error as e:
            raise _error_from(e, path) from None
        return _scrub(str(html), path)
    return _with_file(yaml_text, run)
