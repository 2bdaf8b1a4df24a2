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
    ('employee,year,month,wage\n"X,2024,1,100\n', ":2: column (row): cell 1: quoted cell not closed"),
    ('employee,year,month,wage\n"X"Y,2024,1,100\n', ":2: column (row): cell 1: text after a closing quote"),
    ('employee,year,month,wage\nX,2024,1,1"00\n', ":2: column (row): cell 4: a quote in an unquoted cell"),
    ('employee,year,month,wage\nX,2024,1,"12,345.67"\n', ":2: column wage:"),  # no thousands separators
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


def test_quoted_cells_rfc4180(tmp_path):
    """Quoted cells (as spreadsheets export them) are read, and ids with commas or quotes are
    written back quoted; the figures equal the unquoted file's."""
    plain = tmp_path / "plain.csv"
    plain.write_text("employee,year,month,wage,social_insurance\nA,2024,1,30000,4500\nA,2024,2,30000,4500\n")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('"employee","year","month","wage","social_insurance"\r\n'
                      '"Li, Wei ""Jr""",2024,1,"30000.00",4500\r\n'
                      '"Li, Wei ""Jr""","2024","2",30000,""\r\n'
                      'A,2024,1,30000,4500\r\n')
    assert run(plain, tmp_path / "plain.out").returncode == 0
    r = run(quoted, tmp_path / "quoted.out")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader((tmp_path / "quoted.out").open(newline="")))
    assert [row["employee"] for row in rows] == ['Li, Wei "Jr"', 'Li, Wei "Jr"', "A"]
    ref = list(csv.DictReader((tmp_path / "plain.out").open(newline="")))
    assert rows[0]["withheld"] == ref[0]["withheld"] == "615.00"  # (30,000 - 5,000 - 4,500) x 3%
    assert rows[1]["withheld"] == "1415.00"  # month 2, no social insurance: 45,500 x 10% - 2,520 - 615
    assert rows[2]["withheld"] == ref[0]["withheld"]


def test_ids_trimmed_and_output_equal_to_input_refused(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("employee,year,month,wage\nE1,2024,1,30000\n E1 ,2024,2,30000\n")
    out = tmp_path / "out.csv"
    r = run(inp, out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open()))
    assert [row["employee"] for row in rows] == ["E1", "E1"]
    assert rows[1]["withheld"] == "1730.00"  # one employee: (60,000 - 10,000) x 10% - 2,520 - 750
    r = run(inp, inp)
    assert r.returncode == 2 and "is the input" in r.stderr
    assert inp.read_text().startswith("employee,year,month,wage\nE1,2024,1,30000")


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_a_signal_leaves_no_temporary_file(tmp_path, sig):
    """Killed while writing (its input a FIFO it waits on, so the moment is certain), the example
    leaves neither the output nor its temporary file."""
    import signal
    import time
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    out = tmp_path / "out.csv"
    p = subprocess.Popen([str(EXE), str(fifo), str(out)], stderr=subprocess.PIPE)
    try:
        with open(fifo, "w") as w:  # blocks until the example opens the FIFO
            w.write("employee,year,month,wage\n" + "".join(f"E{i},2024,1,30000\n" for i in range(2000)))
            w.flush()
            deadline = time.time() + 30
            while not any(f.name.startswith("out.csv.tmp.") for f in tmp_path.iterdir()):
                assert time.time() < deadline and p.poll() is None, "no temporary file appeared"
                time.sleep(0.02)
            p.send_signal(getattr(signal, sig))
            assert p.wait(timeout=30) == -getattr(signal, sig)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert sorted(f.name for f in tmp_path.iterdir()) == ["in.csv"]
