"""The surfaces every case runs through, and how each one expresses a case.

A surface is a function (case) -> the figure in fen, or raises CannotExpress naming the fields the
surface has no way to take (a declared field missing from it). SURFACES is the hook: a new surface
(Java, Go, a later batch function) is one more entry.

The C++ surface is the Catch2 runners of the same files (tests/cpp/<domain>/), which assert the
same expected figures; ctest runs them.
"""
import inspect
import json
import os
import pathlib
import subprocess
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction

import yaml

import libtax

SOURCE_DIR = pathlib.Path(os.environ.get("LIBTAX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BUILD_DIR = pathlib.Path(os.environ.get("LIBTAX_BUILD_DIR", SOURCE_DIR / "build"))
sys.path.insert(0, str(SOURCE_DIR / "tests/python"))
from test_payroll_cases import months_of  # noqa: E402  (the payroll cases' months, one reading of the file format)


class CannotExpress(Exception):
    """The surface has no way to take these fields (named in the message)."""


def fen(v):
    d = Decimal(str(v)) * 100
    if d != d.to_integral_value():
        raise ValueError(f"{v!r} is not a whole number of fen")
    return int(d)


def contract(name):
    return {f["name"]: f for f in libtax._core._contract(name)}


def require(given, accepted, surface):
    missing = sorted(set(given) - set(accepted))
    if missing:
        raise CannotExpress(f"{surface} has no {', '.join(missing)}")


# ---- the cases -------------------------------------------------------------------------------

def _load(name):
    return yaml.safe_load((SOURCE_DIR / "tests/cases" / name).read_text())


def annual_cases():
    return [c for c in _load("comprehensive.yaml")["cases"] if c["call"] == "annual_tax" and "tax" in c["expect"]]


def relief_cases():
    return _load("regimes.yaml")["cases"]


def withholding_cases():
    return _load("payroll.yaml")["withholding"]


# ---- libtax-calc --------------------------------------------------------------------------------

def calc_binary():
    p = BUILD_DIR / "tools/calc/libtax-calc"
    assert p.exists(), f"libtax-calc is not built ({p})"
    return p


def run_calc(scenario):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        yaml.safe_dump(scenario, f, sort_keys=False)
        path = f.name
    try:
        out = subprocess.run([str(calc_binary()), "--json", path], capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(path)
    return out.returncode, json.loads(out.stdout) if out.stdout.strip().startswith("{") else None, out.stderr


def calc_figure(scenario, section, figure):
    code, doc, err = run_calc(scenario)
    assert code == 0, err
    return fen(doc["results"][section]["figures"][figure])


def _scenario_of_talent(year, args, regimes=None):
    """A scenario from talent-case keywords: each declared field goes under its group's section."""
    fields = contract("talent_case")
    sections = {"person": "person", "income": "income", "deductions": "deductions", "zone": "zone",
                "zone_income": "zone"}
    s = {"year": year}
    for k, v in args.items():
        if k == "commissions":  # agents' commissions: comprehensive income, not a talent-case field
            s.setdefault("income", {})[k] = str(v)
            continue
        if k == "months":  # a non-resident's months: monthly_pay, each with its part from the zone
            s["monthly_pay"] = [dict({"month": i + 1, "wage": str(m["wage"])},
                                     **({"zone_wage": str(m["zone_wage"])} if m.get("zone_wage") is not None else {}))
                                for i, m in enumerate(v)]
            continue
        group = fields[k]["group"]
        sec = s.setdefault(sections[group], {})
        if group == "zone_income":
            sec.setdefault("income_from_zone", {})[k[len("zone_"):]] = str(v)
        else:
            sec[k] = str(v) if fields[k]["kind"] in ("money", "rate") else v
    if regimes:
        s.setdefault("zone", {})["regimes"] = regimes
    return s


# ---- the C interface ---------------------------------------------------------------------------

_C = {}


def c_call(line):
    if "proc" not in _C:
        exe = BUILD_DIR / "tests/conformance/conformance_c_surface"
        assert exe.exists(), f"the C surface driver is not built ({exe})"
        _C["proc"] = subprocess.Popen([str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    p = _C["proc"]
    p.stdin.write(line + "\n")
    p.stdin.flush()
    answer = p.stdout.readline().split()
    if answer[0] == "unknown":
        raise CannotExpress(f"the C interface has no {answer[1]}")
    assert answer[0] == "ok", " ".join(answer)
    return answer[1:]


def c_words(args, fields):
    words = []
    for k, v in args.items():
        kind = fields[k]["kind"] if k in fields else "money"
        if kind == "months":  # WAGE[:ZONE_WAGE],... in fen
            words.append(f"{k}=" + ",".join(f"{fen(m['wage'])}" + (f":{fen(m['zone_wage'])}" if m.get("zone_wage") is not None else "")
                                            for m in v))
        elif kind == "money":
            words.append(f"{k}={fen(v)}")
        elif kind == "flag":
            words.append(f"{k}={1 if v else 0}")
        elif kind == "rate":
            r = Fraction(Decimal(str(v)))
            words.append(f"{k}={r.numerator}/{r.denominator}")
        else:
            words.append(f"{k}={v}")
    return words


# ---- annual tax ----------------------------------------------------------------------------------

def annual_python(case):
    return fen(libtax.annual_tax(case["year"], **case["args"]).tax)


def annual_batch(case):
    require(case["args"], inspect.signature(libtax.annual_tax_batch).parameters, "annual_tax_batch")
    cols = {k: [str(v)] for k, v in case["args"].items()}
    cols.setdefault("wages", ["0"])
    return round(float(libtax.annual_tax_batch(case["year"], **cols)[0]) * 100)


def annual_frame(case):
    import pandas as pd
    cols = {k: [str(v)] for k, v in case["args"].items()}
    out = libtax.annual_tax_frame(pd.DataFrame(cols), case["year"])
    return round(float(out["tax"][0]) * 100)


def annual_c(case):
    return int(c_call(" ".join(["annual_tax", str(case["year"])] + c_words(case["args"], contract("comprehensive_income"))))[0])


def annual_calc(case):
    return calc_figure(_scenario_of_talent(case["year"], case["args"]), "annual_tax", "tax")


ANNUAL = {"python": annual_python, "python_batch": annual_batch, "python_frame": annual_frame, "c": annual_c,
          "calc": annual_calc}


# ---- talent relief -------------------------------------------------------------------------------

def relief_python(case):
    return fen(libtax.talent_relief(case["regime"], case["year"], **case["args"]).amount)


def relief_compare(case):
    got = [r for r in libtax.compare_regimes(case["year"], include_ineligible=True, include_what_if=True, **case["args"])
           if r.regime == case["regime"]]
    assert len(got) == 1 and got[0].computed, got
    return fen(got[0].amount)


def relief_batch(case):
    params = inspect.signature(libtax.talent_relief_batch).parameters
    require(case["args"], params, "talent_relief_batch")
    args = {k: ([str(v)] if contract("talent_case")[k]["kind"] == "money" else v) for k, v in case["args"].items()}
    return round(float(libtax.talent_relief_batch(case["regime"], case["year"], **args)[0]) * 100)


def relief_frame(case):
    import pandas as pd
    # the columns annual_tax_frame passes on to talent_relief_batch with regimes=
    require(case["args"], set(libtax.FRAME_COLUMNS["talent_relief"]) | set(libtax.FRAME_COLUMNS["annual_tax"]) | {"identity"},
            "annual_tax_frame")
    df = pd.DataFrame({k: [str(v) if contract("talent_case")[k]["kind"] == "money" else v] for k, v in case["args"].items()})
    out = libtax.annual_tax_frame(df, case["year"], regimes=[case["regime"]])
    return round(float(out["relief_" + case["regime"]][0]) * 100)


def relief_c(case):
    line = " ".join(["talent_relief", case["regime"], str(case["year"])] + c_words(case["args"], contract("talent_case")))
    return int(c_call(line)[0])


def relief_c_compare(case):
    line = " ".join(["compare", case["regime"], str(case["year"])] + c_words(case["args"], contract("talent_case")))
    return int(c_call(line)[0])


def choices_cases():
    return _load("choices.yaml")["cases"]


def choice_c(case, regime):
    """(relief, treatment, tax after relief, best) of `regime` in libtax_compare_regimes_ex, the
    case's options (bonus, zone_bonus, place) given."""
    words = ["compare", regime, str(case["year"])] + c_words(case["args"], contract("talent_case"))
    for k, v in case["options"].items():
        words.append(f"{k}={fen(v)}" if k in ("bonus", "zone_bonus") else f"{k}={v}")
    amount, _eligible, treatment, after, best = (int(x) for x in c_call(" ".join(words)))
    return amount, {1: "separate", 2: "merged"}[treatment], after, bool(best)


def relief_calc(case):
    return calc_figure(_scenario_of_talent(case["year"], case["args"], [case["regime"]]), "regimes", case["regime"] + ".relief")


RELIEF = {"python": relief_python, "python_compare": relief_compare, "python_batch": relief_batch,
          "python_frame": relief_frame, "c": relief_c, "c_compare": relief_c_compare, "calc": relief_calc}


# ---- monthly withholding -------------------------------------------------------------------------

def withholding_python(case):
    run = libtax.withholding_run(case["year"], [{k: (v if k == "bonus_method" else str(v)) for k, v in m.items()}
                                                for m in months_of(case)], **(case.get("terms") or {}))
    return [fen(w) for w in run.withheld]


def withholding_c(case):
    terms = dict(case.get("terms") or {})
    words = ["withhold", str(case["year"])] + [f"{k}={int(v)}" for k, v in terms.items()]
    for m in months_of(case):
        words.append("|")
        for k, v in m.items():
            if k == "bonus_method":
                words.append(f"bonus_merged={1 if v == 'merged' else 0}")
            else:
                words.append(f"{k}={fen(v)}")
    return [int(x) for x in c_call(" ".join(words))]


def withholding_calc(case):
    terms = dict(case.get("terms") or {})
    require(terms, {"first_month", "first_wages_this_year", "prior_year_low_income", "continuous_labour"}, "libtax-calc")
    months = months_of(case)
    for m in months:
        require(m, {"wage", "labour", "exempt_income", "social_insurance", "special_additional", "other_deductions", "bonus",
                    "tax_reductions", "bonus_method"}, "libtax-calc monthly_pay")
    first = terms.pop("first_month", 1)
    s = {"year": case["year"],
         "monthly_pay": [dict({"month": first + i}, **{k: str(v) for k, v in m.items()}) for i, m in enumerate(months)]}
    if terms:
        s["withholding_terms"] = terms
    code, doc, err = run_calc(s)
    assert code == 0, err
    figures = doc["results"]["withholding"]["figures"]
    return [fen(figures["month_%02d" % (first + i)]) for i in range(len(months))]


WITHHOLDING = {"python": withholding_python, "c": withholding_c, "calc": withholding_calc}
