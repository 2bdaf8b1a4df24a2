"""The bad-input catalogue (tests/cases/bad_inputs.yaml), through the Python API.

`tables` cases: Tables.from_documents must raise libtax.TableError with .file, .line, .key and a
message 'file:line: key: ...' carrying the value. `calls` cases: the call must raise exactly the
named libtax error class with .field and .value naming the argument and what was given.
"""
import decimal  # noqa: F401  (used by the catalogue's calls)
import json
import os
import pathlib
import subprocess

import pytest
import yaml

import libtax
from libtax import Tables  # noqa: F401  (used by the catalogue's calls)

from conftest import SOURCE_DIR

CATALOGUE = yaml.safe_load((SOURCE_DIR / "tests/cases/bad_inputs.yaml").read_text(encoding="utf-8"))
REAL_2024 = (SOURCE_DIR / "tables/cn/2024.yaml").read_text(encoding="utf-8")
ERRORS = ("InputError", "RangeError", "CoverageError", "NotAvailableError", "TableError")


SECTIONS = ("tables", "calls", "table_calls", "directories", "scenarios")


def test_catalogue_has_at_least_forty_cases():
    assert len(CATALOGUE["tables"]) + len(CATALOGUE["calls"]) >= 40
    ids = [c["id"] for section in SECTIONS for c in CATALOGUE[section]]
    assert len(ids) == len(set(ids))


def document_of(case):
    if "document" in case:
        text = case["document"]
    else:
        old, new = case["edit"]
        if "repeat" in case:
            new = new.replace("{repeat}", case["repeat"][0] * case["repeat"][1])
        assert old in REAL_2024, f"{case['id']}: {old!r} not in tables/cn/2024.yaml"
        text = REAL_2024.replace(old, new, 1)
    if "pad" in case:
        text += "\n#" + "x" * case["pad"] + "\n"
    return text


def line_of(text, needle):
    pos = text.find(needle)
    assert pos >= 0
    return text.count("\n", 0, pos) + 1


@pytest.mark.parametrize("case", CATALOGUE["tables"], ids=lambda c: f"{c['id']}-{c['what']}")
def test_bad_table(case):
    name = case.get("name", "tables/cn/2024.yaml")
    text = document_of(case)
    with pytest.raises(libtax.TableError) as e:
        libtax.Tables.from_documents({name: text})
    err = e.value
    assert type(err) is libtax.TableError
    assert err.file == name and err.key == case["key"]
    if "line" in case:
        assert err.line == case["line"]
    if "line_at" in case:
        assert err.line == line_of(text, case["line_at"])
    assert str(err).startswith(f"{name}:{err.line}: {case['key']}: ")
    for fragment in case["says"]:
        assert fragment in str(err)
    assert len(str(err).encode()) <= case.get("max_message", 10**9)


@pytest.mark.parametrize("case", CATALOGUE["calls"], ids=lambda c: f"{c['id']}-{c['what']}")
def test_bad_call(case):
    assert case["error"] in ERRORS
    expected = getattr(libtax, case["error"])
    with pytest.raises(libtax.Error) as e:
        eval("libtax." + case["call"])  # noqa: S307  (the catalogue is ours)
    err = e.value
    assert type(err) is expected, f"{type(err).__name__}: {err}"
    assert isinstance(err, ValueError)
    assert err.field == case["field"]
    assert case["value"] in err.value
    assert str(err).startswith(f"{case['field']} = ") and case["value"] in str(err)
    assert len(str(err).encode()) <= case.get("max_message", 10**9)


# a YAML "billion laughs": nine levels of ten aliases (10^9 leaves if expanded)
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))


@pytest.mark.parametrize("case", CATALOGUE["table_calls"], ids=lambda c: f"{c['id']}-{c['what']}")
def test_bad_table_call(case):
    with pytest.raises(libtax.Error) as e:
        eval("libtax." + case["call"], {"libtax": libtax, "BILLION_LAUGHS": BILLION_LAUGHS})  # noqa: S307
    err = e.value
    assert type(err) is libtax.TableError, f"{type(err).__name__}: {err}"
    assert err.file == case["file"] and err.key == case["key"]
    for fragment in case["says"]:
        assert fragment in str(err)


def hostile_tables_dir(case, root):
    (root / "cn").mkdir(parents=True)
    (root / "cn/2024.yaml").write_text(REAL_2024, encoding="utf-8")
    make = case["make"]
    if "symlink" in make:
        os.symlink(make["to"], root / make["symlink"])
    if "file" in make:
        (root / make["file"]).write_text(REAL_2024, encoding="utf-8")
    if "dir" in make:
        (root / make["dir"]).mkdir()
    if "fifo" in make:
        os.mkfifo(root / make["fifo"])
    if "sparse" in make:
        with open(root / make["sparse"], "wb") as f:
            f.truncate(make["size"])
    return root


@pytest.mark.parametrize("case", CATALOGUE["directories"], ids=lambda c: f"{c['id']}-{c['what']}")
def test_bad_tables_directory(case, tmp_path):
    root = hostile_tables_dir(case, tmp_path / "tables")
    before = sorted(os.listdir(root / "cn"))
    with pytest.raises(libtax.Error) as e:
        libtax.Tables.load(str(root))
    err = e.value
    assert type(err) is libtax.TableError, f"{type(err).__name__}: {err}"
    assert err.file == str(root / case["path"]) and err.key == case["key"]
    for fragment in case["says"]:
        assert fragment in str(err)
    assert sorted(os.listdir(root / "cn")) == before  # nothing written


def test_tables_load_of_the_root_is_a_table_error():
    with pytest.raises(libtax.TableError):
        libtax.Tables.load("/")


def calc_binary():
    build = os.environ.get("LIBTAX_BUILD_DIR")
    path = pathlib.Path(build or "/nonexistent") / "tools/calc/libtax-calc"
    return path if path.is_file() else None


@pytest.mark.parametrize("case", CATALOGUE.get("scenarios", []), ids=lambda c: f"{c['id']}-{c['what']}")
def test_bad_scenario(case, tmp_path):
    calc = calc_binary()
    assert calc is not None, "libtax-calc is not built (LIBTAX_BUILD_DIR/tools/calc/libtax-calc)"
    if "path" in case:
        path = pathlib.Path(case["path"])
    else:
        path = tmp_path / f"{case['id']}.yaml"
        path.write_bytes(case["document"].encode("utf-8"))
    run = subprocess.run([str(calc), str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    assert f"{path}:{case['line']}: {case['key']}: " in run.stderr
    for fragment in case["says"]:
        assert fragment in run.stderr


def test_calc_json_stays_valid_utf8_for_a_file_name_that_is_not(tmp_path):
    calc = calc_binary()
    assert calc is not None, "libtax-calc is not built (LIBTAX_BUILD_DIR/tools/calc/libtax-calc)"
    path = os.path.join(os.fsencode(tmp_path), b"bad-\xff-name.yaml")
    with open(path, "wb") as f:
        f.write(b"year: 2024\nincome:\n  wages: 1e5\n")
    run = subprocess.run([os.fsencode(calc), b"--json", path], capture_output=True, timeout=60)
    assert run.returncode == 2
    out = json.loads(run.stdout.decode("utf-8"))  # strict: raises on invalid UTF-8
    assert out["error"]["field"] == "income.wages" and "\ufffd" in out["error"]["file"]
