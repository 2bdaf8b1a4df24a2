"""libtax.calc: libtax-calc's calculation from Python. On every shipped scenario the report equals
the program's own output (`libtax-calc --json`, compared as parsed JSON, so every figure to the fen,
and the text output byte for byte); a dict or a text scenario computes the same as its file; bad
scenarios raise the library's errors naming file, line and field."""
import json
import os
import pathlib
import shutil
import subprocess

import pytest
import yaml

import libtax
from conftest import SOURCE_DIR

SCENARIOS = sorted((SOURCE_DIR / "examples/scenarios").glob("*.yaml"))


def calc_binary():
    build = os.environ.get("LIBTAX_BUILD_DIR")
    path = pathlib.Path(build or SOURCE_DIR / "build") / "tools/calc/libtax-calc"
    assert path.is_file(), f"libtax-calc is not built ({path})"
    return str(path)


def run_calc(*args):
    run = subprocess.run([calc_binary(), *map(str, args)], capture_output=True, text=True, timeout=120)
    return run.returncode, run.stdout, run.stderr


def money_figures(report_json):
    """Every money figure of every section, as (section, name) -> text with two decimals."""
    out = {}
    for sid, sec in report_json["results"].items():
        for name, value in sec["figures"].items():
            if isinstance(value, str) and value.replace("-", "").replace(".", "").isdigit() and value[-3:-2] == ".":
                out[(sid, name)] = value
    return out


def test_there_are_shipped_scenarios():
    assert len(SCENARIOS) >= 5


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_calc_equals_the_program_on_every_shipped_scenario(path):
    rc, out, err = run_calc("--json", path)
    assert rc == 0, err
    expected = json.loads(out)
    got = libtax.calc(str(path)).json
    assert got == expected
    figures = money_figures(got)
    assert figures and figures == money_figures(expected)
    assert got["results"]["summary"]["figures"]["total_tax"] == expected["results"]["summary"]["figures"]["total_tax"]
    rc, text, err = run_calc(path)
    assert rc == 0 and libtax.calc(path).text == text  # a pathlib.Path, the text output


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_dict_and_a_text_compute_as_the_file(path):
    from_file = libtax.calc(path).json
    body = path.read_text(encoding="utf-8")
    from_dict = libtax.calc(yaml.safe_load(body))
    from_text = libtax.calc_text(body, name="mine.yaml")
    assert from_dict.json["results"] == from_file["results"]
    assert from_text.json["results"] == from_file["results"]
    assert from_dict.json["scenario"]["file"] == "<dict>" and from_text.json["scenario"]["file"] == "mine.yaml"
    assert libtax.calc_text(body).json["scenario"]["file"] == "<text>"
    assert from_dict.json["scenario"]["person"] == from_file["scenario"]["person"]


def test_the_figures_of_a_worked_annual_tax():
    # IIT Law table 1: 1,000,000 - 60,000 - 30,000 - 24,000 = 886,000 taxable; 35% - 85,920 = 224,180.00
    r = libtax.calc({"year": 2024, "income": {"wages": 1000000},
                     "deductions": {"social_insurance": 30000, "special_additional": 24000}}).json
    annual = r["results"]["annual_tax"]["figures"]
    assert annual["taxable_income"] == "886000.00" and annual["tax"] == "224180.00"
    assert r["results"]["summary"]["figures"]["total_tax"] == "224180.00"


def test_dict_amounts_as_decimal_float_and_str():
    from decimal import Decimal
    base = {"year": 2024, "income": {"wages": Decimal("1000000.00")}, "deductions": {"social_insurance": 30000.5}}
    r = libtax.calc(base).json["results"]["annual_tax"]["figures"]
    assert r["taxable_income"] == "909999.50"
    assert libtax.calc({"year": 2024, "income": {"wages": "1000000"}}).json["results"]["annual_tax"]["figures"]["tax"] == \
        libtax.calc({"year": 2024, "income": {"wages": 1000000}}).json["results"]["annual_tax"]["figures"]["tax"]


def test_what_if_tables_as_a_directory_equal_the_program(tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(SOURCE_DIR / "tables", tables)
    path = SOURCE_DIR / "examples/scenarios/gba-engineer-shenzhen.yaml"
    rc, out, err = run_calc("--json", "--tables", tables, path)
    assert rc == 0, err
    got = libtax.calc(path, tables=str(tables)).json
    assert got == json.loads(out) and got["tables"] == str(tables)
    assert libtax.calc(path, tables=tables).json == got
    assert libtax.calc(path, tables=libtax.Tables.load(str(tables))).json == got


def test_a_bad_value_is_a_table_error_with_file_line_and_field():
    with pytest.raises(libtax.TableError) as e:
        libtax.calc_text("year: 2024\nincome:\n  wages: 1e5\n", name="s.yaml")
    assert (e.value.file, e.value.line, e.value.field, e.value.key) == ("s.yaml", 3, "income.wages", "income.wages")
    assert "s.yaml:3: income.wages: " in str(e.value)


def test_an_unknown_key_in_a_dict_names_the_dict():
    with pytest.raises(libtax.TableError) as e:
        libtax.calc({"year": 2024, "income": {"wage": 1}})
    assert e.value.file == "<dict>" and e.value.field == "income.wage"


def test_an_unknown_regime_is_refused_as_by_the_program(tmp_path):
    body = "year: 2024\nincome:\n  wages: 500000\nzone:\n  regimes: [gba, atlantis]\n"
    path = tmp_path / "s.yaml"
    path.write_text(body)
    rc, out, err = run_calc(path)
    assert rc == 2 and f"{path}:5: zone.regimes[1]: " in err
    with pytest.raises(libtax.TableError) as e:
        libtax.calc(path)
    assert (e.value.file, e.value.line, e.value.field) == (str(path), 5, "zone.regimes[1]")
    assert str(e.value) in err


def test_a_year_no_table_covers():
    with pytest.raises(libtax.TableError) as e:
        libtax.calc({"year": 2010, "income": {"wages": 1}})
    assert e.value.field == "year" and e.value.line == 1


def test_a_missing_file_and_a_directory_are_table_errors(tmp_path):
    with pytest.raises(libtax.TableError):
        libtax.calc(tmp_path / "absent.yaml")
    with pytest.raises(libtax.TableError):
        libtax.calc(tmp_path)


def test_text_over_the_bound_is_refused_before_parsing():
    with pytest.raises(libtax.TableError) as e:
        libtax.calc_text("year: 2024\n" + "#" * (4 << 20) + "\n")
    assert e.value.field == "(document)"


def test_bad_arguments_are_input_errors():
    with pytest.raises(libtax.InputError):
        libtax.calc(12)
    with pytest.raises(libtax.InputError):
        libtax.calc({"year": 2024, "income": {"wages": object()}})
    with pytest.raises(libtax.InputError):
        libtax.calc({"year": 2024, "income": {"wages": float("nan")}})
    with pytest.raises(libtax.InputError) as e:
        libtax.calc({"year": 2024}, lang="fr")
    assert e.value.field == "language"
    with pytest.raises(libtax.InputError):
        libtax.calc({"year": 2024}, tables=3)


def test_the_report_is_a_fresh_dict_each_time():
    r = libtax.calc({"year": 2024, "income": {"wages": 100000}})
    r.json["results"].clear()
    assert r.json["results"]


@pytest.mark.parametrize("lang", ["zh", "both"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_lang_passes_through_as_libtax_calc_lang(path, lang):
    rc, out, err = run_calc("--json", "--lang", lang, path)
    assert rc == 0, err
    r = libtax.calc(path, lang=lang)
    assert r.json == json.loads(out) and r.json["language"] == lang
    rc, text, err = run_calc("--lang", lang, path)
    assert rc == 0 and r.text == text


def test_lang_defaults_to_get_language():
    path = SCENARIOS[0]
    before = libtax.get_language()
    try:
        libtax.set_language("zh")
        assert libtax.calc(path).json["language"] == "zh"
    finally:
        libtax.set_language(before)
    assert libtax.calc(path).json["language"] == before
