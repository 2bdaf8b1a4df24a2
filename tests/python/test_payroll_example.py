"""The payroll CSV example (examples/payroll/payroll_csv): runs on its sample, names the line and
column of a bad row, and leaves no output file then."""
import csv
import os
import pathlib
import subprocess
from decimal import Decimal

import pytest

from conftest import SOURCE_DIR

BUILD = pathlib.Path(os.environ.get("LIBTAX_BUILD_DIR", SOURCE_DIR / "build"))
EXE = BUILD / "examples" / "payroll_csv"



def test_the_example_was_built():
    # ctest runs this after the full build; a missing example must fail, not skip
    assert EXE.exists(), f"{EXE} not built"


def run(inp, out):
    return subprocess.run([str(EXE), str(inp), str(out)], capture_output=True, text=True, timeout=120)


def test_sample(tmp_path):
    out = tmp_path / "out.csv"
    r = run(SOURCE_DIR / "examples/payroll/sample_payroll.csv", out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 42
    a001 = [row for row in rows if row["employee"] == "A001"]
    # E1 figures (2024 has the same tables) plus a 36,000 bonus taxed separately in December
    assert [row["withheld"] for row in a001[:3]] == ["555.00", "625.00", "1850.00"]
    assert a001[-1]["bonus_withholding"] == "1080.00" and a001[-1]["cumulative_withheld"] == "27480.00"
    assert sum(Decimal(row["withheld"]) for row in a001) == Decimal("28560.00")
    assert all(row["withheld"] == "0.00" for row in rows if row["employee"] == "A002")  # first wages this year


@pytest.mark.parametrize("text,where", [
    ("employee,year,month,wage\nX,2024,1,100\nX,2024,2,abc\n", ":3: column wage:"),
    ("employee,year,month,wage,salary\n", ":1: column salary: unknown column"),
    ("employee,year,month\n", ":1: column wage: required column missing"),
    ("employee,year,month,wage\nX,2024,3,100\nX,2024,2,100\n", ":3: column month:"),
    ("employee,year,month,wage\nX,2018,1,100\n", ":2: column year:"),
    ("employee,year,month,wage\nX,2024,1,-5\n", ":2: column wage:"),
    ("employee,year,month,wage,first_wages_this_year\nX,2019,7,100,1\n", ":2: column first_wages_this_year:"),
    ("employee,year,month,wage\nX,2024,1\n", ":2: column (row):"),
])
def test_bad_rows(tmp_path, text, where):
    inp = tmp_path / "in.csv"
    inp.write_text(text)
    out = tmp_path / "out.csv"
    r = run(inp, out)
    assert r.returncode == 1
    assert where in r.stderr, r.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [inp]  # no temporary file left behind
