"""Errors raised by the package's Python code, carried as the C++ errors are (convert.hpp).

``error(cls, field, value, problem)`` returns ``cls`` (a libtax.Error subclass) whose ``str()`` is
the message in the process language (``libtax.set_language``), ``.messages`` the message in "en"
and "zh", ``.message_id`` the problem's ``error.problem.*`` id and ``.message_args`` its
arguments, ``.field`` and ``.value`` verbatim. The frame is the catalogues' ``error.input``
("{field} = {value}: {problem}") and the problem either

* ``Message(id, **args)``: a template of the built-in catalogues (libtax/messages/<lang>.yaml); an
  argument may itself be a Message (a wrapped one, "row {row}: {detail}"), rendered in the outer
  one's language; or
* English text written by C++ code (a batch kernel's refusal), read by the C++ reader
  (``_core._read_problem``), so it is translated exactly as a C++ error's problem is.
"""
from __future__ import annotations

from . import _core

_CATALOGUES: dict = {}


def _catalogue(lang):
    c = _CATALOGUES.get(lang)
    if c is None:
        c = _CATALOGUES[lang] = _core.messages(lang)
    return c


class Message:
    """A message id of the catalogues with its arguments."""
    __slots__ = ("id", "args")

    def __init__(self, id, **args):  # noqa: A002 - the catalogues' word
        _catalogue("en")[id]  # a missing id fails here, at the raise, naming it (KeyError)
        self.id, self.args = id, args

    def render(self, lang):
        values = {k: (v.render(lang) if isinstance(v, (Message, _Read)) else str(v)) for k, v in self.args.items()}
        return _catalogue(lang)[self.id].format(**values)

    def described(self):
        """The arguments, a wrapped message as {"id": ..., "args": {...}} (its English text when
        it has no id)."""
        return {k: (_nested(v) if isinstance(v, (Message, _Read)) else str(v)) for k, v in self.args.items()}

    def __repr__(self):
        return f"Message({self.id!r}, {self.args!r})"


class _Read:
    """An English problem text read by the C++ reader: its id (None: untranslated), arguments and Chinese."""
    __slots__ = ("en", "id", "args", "zh")

    def __init__(self, en):
        self.en = en
        self.id, self.args, self.zh = _core._read_problem(en)
        self.args = dict(self.args)
        if "detail" in self.args:  # a wrapped message: its own id and arguments
            self.args["detail"] = _nested(_Read(self.args["detail"]))

    def render(self, lang):
        return self.zh if lang == "zh" else self.en

    def described(self):
        return dict(self.args)


def problem(p):
    """A problem as a Message (kept) or read from English text."""
    return p if isinstance(p, (Message, _Read)) else _Read(str(p))


def english(p):
    """A problem's English text (the reason a CoercionReport lists)."""
    return problem(p).render("en")


def error(cls, field, value, p):
    """``cls`` with the message in the process language; see the top of this module."""
    p = problem(p)
    field, value = str(field), str(value)
    messages = {lang: _catalogue(lang)["error.input"].format(field=field, value=value, problem=p.render(lang))
                for lang in ("en", "zh")}
    lang = _core.get_language()
    e = cls(messages["zh"] + "\n" + messages["en"] if lang == "both" else messages.get(lang, messages["en"]))
    e.field, e.value = field, value
    e.messages = messages
    e.message_id = p.id
    e.message_args = p.described()
    return e


def _nested(v):
    """A wrapped message in message_args: its id with its arguments (its English text when the
    C++ reader found no id)."""
    if isinstance(v, Message) or v.id:
        return {"id": v.id, "args": v.described()}
    return v.en

