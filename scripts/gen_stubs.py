#!/usr/bin/env python3
"""Writes the .pyi type stubs of libtax's compiled modules from what the modules say of themselves.

    PYTHONPATH=build/python /usr/bin/python3 scripts/gen_stubs.py [--out DIR] [_core _payroll ...]

Functions get the signature pybind11 records (the first docstring line); the functions whose
keywords are a declared contract (annual_tax, reconcile, talent_relief, ...) carry a signature line
generated from the declaration (libtax/contract/, bindings/contract_adapter.hpp), so their stubs
list every declared keyword with its type and default. Classes get their methods and properties,
each property typed by its getter's signature; the error classes their attributes. The build
runs this into <build>/python/libtax/ (bindings/CMakeLists.txt); the test suite type-checks the
result with mypy and checks the committed copies in bindings/python/libtax/ are the same.
"""
import argparse
import importlib
import inspect
import pathlib
import re
import sys

SOURCE_OUT = pathlib.Path(__file__).resolve().parents[1] / "bindings/python/libtax"
MODULES = ["_core", "_payroll", "_foreign", "_regimes", "_calculator"]
HEADER = [
    "import datetime",
    "import os",
    "from decimal import Decimal",
    "from typing import Any, Dict, List, Literal, Optional, Sequence, Tuple, Union",
]


# Parameters pybind11 only knows as py::object, typed by their name (the boundary rules of
# bindings/convert.hpp say what each accepts).
PARAM_TYPES = {
    "year": "int", "years": "int", "month": "int", "first_month": "int", "calendar_days": "int", "residence_days": "int",
    "tables": "Tables", "senior_manager": "bool", "six_year_chain": "bool",
    "stays": "Sequence[Tuple[Union[str, datetime.date], Union[str, datetime.date]]]",
    "start": "Union[str, datetime.date]", "end": "Union[str, datetime.date]",
    "months": "Sequence[Dict[str, Any]]", "amounts": "Dict[str, Any]", "state": "Dict[str, Any]",
    "allowances": "Dict[str, Amount]", "path": "Union[str, os.PathLike[str]]", "yaml_text": "str", "name": "str", "grants": "Sequence[Amount]", "counted_abroad": "Any",
    "months_to_retirement": "int", "payout": "str",
}
AMOUNTS = {"amount", "bonus", "taxable_income", "wage_total", "wage_domestic", "earlier_this_year", "local_average_wage",
           "prior_year_income", "sourced_wages", "wages", "labour", "author", "royalties", "social_insurance",
           "special_additional", "other_deductions", "china_workdays", "wage"}
# C++ classes named in a signature before their Python class was registered.
CPP_NAMES = {"PyState": "WithholdingState", "PyMonth": "MonthWithholding", "PyRun": "WithholdingRun"}


def typed_param(m):
    name, default = m.group(1), m.group(2) or ""
    t = "Amount" if name in AMOUNTS else PARAM_TYPES.get(name, "object")
    if default.strip() == "= None" and t not in ("object", "Any"):
        t += " | None"
    return f"{name}: {t}{default}"


def clean(text, here, used):
    """pybind11's type names as stub names; names of other libtax modules are recorded in `used`."""
    text = text.replace("decimal.Decimal", "Decimal")

    def local(m):
        mod, name = m.group(1), m.group(2)
        if mod != here:
            used.setdefault(mod, set()).add(name)
        return name

    text = re.sub(r"libtax\.(_\w+)\.(\w+)", local, text)
    text = re.sub(r"= <[^>]*>", "= ...", text)
    text = re.sub(r"\(anonymous namespace\)::(\w+)", lambda m: CPP_NAMES.get(m.group(1), "Any"), text)
    text = re.sub(r"\b(\w+): object( = [^,)]+)?", typed_param, text)
    if "Tables" in text and here != "_core":
        used.setdefault("_core", set()).add("Tables")
    return text


def signature(name, doc, here, used, method=False):
    first = (doc or "").strip().splitlines()[0] if doc else ""
    m = re.match(rf"^{re.escape(name)}\((.*)\)\s*->\s*(.+)$", first)
    if not m:
        return f"def {name}(*args: Any, **kwargs: Any) -> Any: ..."
    args, ret = clean(m.group(1), here, used), clean(m.group(2).strip(), here, used)
    if method:
        args = re.sub(r"^self(: \w+)?", "self", args)
    return f"def {name}({args}) -> {ret}: ..."


def property_type(prop, here, used):
    doc = (prop.fget.__doc__ or "") if prop.fget else ""
    m = re.match(r"^\(.*?\)\s*->\s*(.+)$", doc.strip().splitlines()[0] if doc.strip() else "")
    return clean(m.group(1).strip(), here, used) if m else "Any"


def class_lines(name, cls, here, used):
    if issubclass(cls, BaseException):
        base = cls.__bases__[0].__name__
        attrs = {"Error": ["messages: dict[str, str]", "message_id: Optional[str]", "message_args: dict[str, Any]"], "InputError": ["field: str", "value: str"],
                 "TableError": ["file: str", "line: int", "key: str"]}.get(name, [])
        return [f"class {name}({base}):"] + (["    " + a for a in attrs] or ["    ..."])
    body = []
    for an, av in sorted(vars(cls).items()):
        if an.startswith("_") and an not in ("__repr__",):
            continue
        if isinstance(av, property):
            body.append(f"    @property\n    def {an}(self) -> {property_type(av, here, used)}: ...")
        elif isinstance(av, staticmethod) or type(av).__name__ == "builtin_function_or_method":
            body.append("    @staticmethod\n    " + signature(an, getattr(cls, an).__doc__, here, used))
        elif callable(av):
            s = signature(an, getattr(av, "__doc__", ""), here, used, method=True)
            if "(self" not in s:
                s = s.replace(f"def {an}(", f"def {an}(self, ", 1).replace(", )", ")")
            body.append("    " + s)
    base = getattr(cls, "__stub_base__", "")  # a Python list subclass names what it holds
    return [f"class {name}({base}):" if base else f"class {name}:"] + (body or ["    ..."])


def stub(modname):
    mod = importlib.import_module(f"libtax.{modname}")
    used = {}
    lines = []
    if modname == "_core":
        lines += ["Amount = Union[int, float, str, Decimal]", ""]
    else:
        used.setdefault("_core", set()).add("Amount")
    objs = sorted(vars(mod).items(), key=lambda kv: (not inspect.isclass(kv[1]), kv[0]))
    errors = [kv for kv in objs if inspect.isclass(kv[1]) and issubclass(kv[1], BaseException)]
    # error classes in the order of their bases (Error first)
    errors.sort(key=lambda kv: len(kv[1].__mro__))
    for name, obj in errors + [kv for kv in objs if kv not in errors]:
        if name.startswith("_") and name != "_contract":
            continue
        if inspect.isclass(obj):
            lines += class_lines(name, obj, modname, used) + [""]
        elif callable(obj):
            lines += [signature(name, obj.__doc__, modname, used), ""]
    head = [f'"""Type stubs of libtax.{modname} (generated by scripts/gen_stubs.py; do not edit)."""'] + HEADER
    for other, names in sorted(used.items()):
        head.append(f"from .{other} import {', '.join(sorted(names))}")
    return "\n".join(head + [""] + lines).rstrip() + "\n"


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(SOURCE_OUT))
    ap.add_argument("modules", nargs="*", default=MODULES)
    a = ap.parse_args(argv)
    out = pathlib.Path(a.out)
    for modname in a.modules:
        (out / f"{modname}.pyi").write_text(stub(modname))


if __name__ == "__main__":
    main(sys.argv[1:])
