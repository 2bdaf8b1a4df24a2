"""The scenario the page sends, written out as a libtax-calc scenario file (YAML).

The page sends the scenario as JSON in the shape of the file (``title``, ``year``, ``person``,
``income``, ``deductions``, ``zone`` with ``income_from_zone`` and ``regimes``, ``monthly_pay``,
``payments``), every number as the text typed. Nothing here judges a value: the text is written
as it was typed (quoted when it is not a plain decimal), so the library's scenario reader is the
one place that accepts or refuses it, naming the dotted field. This module only checks the shape
(mappings, lists and scalars where the file has them) and bounds the size; its refusals are
messages of the catalogues (``web_request.*``), sent in the page's language.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List

from .. import _core
from .._errors import Message

MAX_ITEMS = 400          # keys and list items in one scenario: a person's year needs far fewer
MAX_TEXT = 1000          # characters of one value

_PLAIN = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?\Z")
_WORD = re.compile(r"[a-z][a-z0-9-]{0,63}\Z")  # ids and names such as foreign, shenzhen, gba
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}
_KEY = re.compile(r"[^\W\d]\w{0,63}\Z")  # a word: the file's keys, English or their Chinese aliases (年度, 工资薪金)


class ShapeError(ValueError):
    """The request is not a scenario in the file's shape (``field`` is the dotted name). ``str()``
    is the message in the process language (``libtax.set_language``), ``.messages`` it in "en" and
    "zh" (the server sends the page's), ``.message`` the problem in English, ``.message_id`` and
    ``.message_args`` the problem's id and arguments."""

    def __init__(self, field: str, problem: Message) -> None:
        whole = Message("web_request.at_field", field=field, problem=problem) if field else problem
        self.messages = {lang: whole.render(lang) for lang in ("en", "zh")}
        lang = _core.get_language()
        super().__init__(self.messages["zh"] + "\n" + self.messages["en"] if lang == "both"
                         else self.messages.get(lang, self.messages["en"]))
        self.field = field
        self.message = problem.render("en")
        self.message_id = problem.id
        self.message_args = problem.described()


def _scalar(value: Any, field: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ShapeError(field, Message("web_request.too_long", limit=MAX_TEXT))
        text = value.strip()
        if _PLAIN.match(text) or (_WORD.match(text) and text not in _YAML_WORDS):
            return text
        # JSON's double-quoted string is a YAML double-quoted scalar; the reader sees the text as typed
        return json.dumps(text, ensure_ascii=False)
    raise ShapeError(field, Message("web_request.not_scalar", type=type(value).__name__))


def _count(node: Any, budget: List[int]) -> None:
    if isinstance(node, dict):
        budget[0] += len(node)
        for v in node.values():
            _count(v, budget)
    elif isinstance(node, list):
        budget[0] += len(node)
        for v in node:
            _count(v, budget)


def to_yaml(scenario: Dict[str, Any]) -> str:
    """The scenario as the text of a libtax-calc scenario file."""
    if not isinstance(scenario, dict):
        raise ShapeError("", Message("web_request.not_mapping"))
    budget = [0]
    _count(scenario, budget)
    if budget[0] > MAX_ITEMS:
        raise ShapeError("", Message("web_request.too_many_values", limit=MAX_ITEMS))
    lines: List[str] = ["# libtax-calc scenario, written by libtax-web"]
    _mapping(scenario, "", 0, lines)
    return "\n".join(lines) + "\n"


def _key(key: Any, prefix: str) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise ShapeError(prefix.rstrip("."), Message("web_request.not_key", key=repr(str(key)[:40])))
    return key


def _mapping(node: Dict[str, Any], prefix: str, indent: int, lines: List[str]) -> None:
    pad = " " * indent
    for raw_key, value in node.items():
        key = _key(raw_key, prefix)
        field = prefix + key
        if value is None or value == "" or value == [] or value == {}:
            continue  # not given: the reader's default applies
        if isinstance(value, dict):
            if not any(v not in (None, "", [], {}) for v in value.values()):
                continue
            lines.append(f"{pad}{key}:")
            _mapping(value, field + ".", indent + 2, lines)
        elif isinstance(value, list):
            if all(isinstance(v, dict) for v in value):
                lines.append(f"{pad}{key}:")
                for i, item in enumerate(value):
                    parts = []
                    for k, v in item.items():
                        name = _key(k, f"{field}[{i}].")
                        if v is None or v == "":
                            continue
                        parts.append(f"{name}: {_scalar(v, f'{field}[{i}].{name}')}")
                    lines.append(f"{pad}  - {{{', '.join(parts)}}}")
            else:
                items = [_scalar(v, f"{field}[{i}]") for i, v in enumerate(value)]
                lines.append(f"{pad}{key}: [{', '.join(items)}]")
        else:
            lines.append(f"{pad}{key}: {_scalar(value, field)}")
