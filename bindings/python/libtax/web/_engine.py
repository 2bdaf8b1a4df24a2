"""The one place libtax-web computes: a scenario through libtax.

``compute(yaml_text, lang)`` returns the ``libtax-calc --json`` document (a dict: scenario,
results with figures, explanations and notes, total_tax, and ``summary`` where the library gives
one) and the text report; ``statement(yaml_text, lang)`` returns the HTML statement. They call
``libtax.calc_text`` (the library's scenario calculation, on the text the page's form became, named
"scenario"; a libtax with only ``libtax.calc`` is given a temporary file). A bad scenario raises
``ScenarioError`` with the dotted field the library names.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from typing import Any, Dict, Optional

import libtax

LANGS = ("zh", "en", "both")


class ScenarioError(Exception):
    """The library refused the scenario: ``field`` is the dotted name (``income.wages``), or ''."""

    def __init__(self, field: str, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.line = line


class EngineMissing(Exception):
    """This libtax has no scenario calculation (libtax.calc_text / libtax.calc)."""


@dataclass
class Report:
    json: Dict[str, Any]
    text: str
    engine: str  # "libtax.calc"


_MSG = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<field>[A-Za-z_][\w.\[\]-]*|\([a-z ]+\)): (?P<problem>.*)$", re.S)


def _scrub(text: str, path: str) -> str:
    """An error message names the temporary file: the user knows it as 'scenario'."""
    return text.replace(path, "scenario")


def _in_language(exc: BaseException, lang: Optional[str]) -> str:
    """The library error's message in the page's language (its .messages), else as raised."""
    messages = getattr(exc, "messages", None)
    if not isinstance(messages, dict) or lang not in LANGS:
        return str(exc)
    return messages["zh"] + "\n" + messages["en"] if lang == "both" else str(messages.get(lang, exc))


def _error_from(exc: BaseException, path: str, lang: Optional[str] = None) -> ScenarioError:
    text = _scrub(_in_language(exc, lang), path)
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


NAME = "scenario"  # what the report and the errors call the page's scenario


def has_binding() -> bool:
    return callable(getattr(libtax, "calc_text", None)) or callable(getattr(libtax, "calc", None))


def _library_report(yaml_text: str, lang: Optional[str]) -> Any:
    """libtax's CalcReport for the text; errors become ScenarioError."""
    calc_text = getattr(libtax, "calc_text", None)
    if callable(calc_text):
        try:
            return calc_text(yaml_text, name=NAME, **_lang_kw(lang))
        except libtax.Error as e:
            raise _error_from(e, NAME, lang) from None

    def run(path: str) -> Any:
        try:
            return libtax.calc(path, **_lang_kw(lang))  # type: ignore[attr-defined]
        except libtax.Error as e:
            raise _error_from(e, path, lang) from None
    return _with_file(yaml_text, run)


def has_statement() -> bool:
    cls = getattr(libtax, "CalcReport", None)
    return has_binding() and cls is not None and hasattr(cls, "statement")


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
        r = _library_report(yaml_text, lang)
        doc = r.json if isinstance(r.json, dict) else json.loads(r.json)
        return Report(doc, str(r.text), "libtax.calc")

    raise EngineMissing("this libtax has no calc_text() or calc(): libtax-web needs libtax 0.1 with libtax.calc")


def statement(yaml_text: str, lang: Optional[str] = None, fmt: str = "html") -> Optional[bytes]:
    """The statement as HTML (UTF-8) or PDF bytes, or None when this libtax cannot write one."""
    if not has_statement():
        return None
    r = _library_report(yaml_text, lang)
    try:
        if fmt != "pdf":
            return str(r.statement(**_lang_kw(lang))).encode("utf-8")
        with tempfile.TemporaryDirectory(prefix="libtax-web-") as tmp:
            path = os.path.join(tmp, "statement.pdf")
            r.statement(path, **_lang_kw(lang))  # the library writes it (WeasyPrint), atomically
            with open(path, "rb") as f:
                return f.read()
    except libtax.Error as e:
        raise _error_from(e, NAME, lang) from None
