"""The pip package: a wheel built from the CMake build the test suite already made
(LIBTAX_CMAKE_BUILD_DIR, nothing compiled again), installed into a fresh virtual environment,
runs the contract tests, libtax-pop and libtax-calc there without PYTHONPATH."""
import os
import pathlib
import re
import subprocess
import sys
import zipfile

import pytest

import libtax

ROOT = pathlib.Path(os.environ.get("LIBTAX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CONTRACTS = ["test_core_contract.py", "test_payroll_contract.py", "test_foreign_contract.py",
             "test_regimes_contract.py"]


def cmake_build_dir():
    given = os.environ.get("LIBTAX_BUILD_DIR")
    return pathlib.Path(given) if given else pathlib.Path(libtax.__file__).resolve().parents[2]  # <build>/python/libtax


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh venv (seeing Debian's numpy, pandas, pytest) with the wheel installed."""
    tmp = tmp_path_factory.mktemp("package")
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    subprocess.run([python, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(tmp / "dist"), str(ROOT)],
                   check=True, capture_output=True, env=clean_env(LIBTAX_CMAKE_BUILD_DIR=str(cmake_build_dir())))
    wheels = list((tmp / "dist").glob("libtax-*.whl"))
    assert len(wheels) == 1
    subprocess.run([python, "-m", "venv", "--system-site-packages", "--without-pip", str(tmp / "venv")], check=True)
    bin_dir = tmp / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--no-index", "--no-deps", "--quiet",
                    str(wheels[0])], check=True, env=clean_env(), cwd=tmp)
    return {"wheel": wheels[0], "bin": bin_dir, "tmp": tmp}


def test_the_wheel_carries_one_version_the_license_and_no_source_tables(venv):
    names = zipfile.ZipFile(venv["wheel"]).namelist()
    version = (ROOT / "VERSION").read_text().strip()
    assert venv["wheel"].name.startswith(f"libtax-{version}-cp3")
    assert "libtax/_version.py" in names and "libtax/py.typed" in names and "libtax/bin/libtax-calc" in names
    assert {"libtax/web/__init__.py", "libtax/web/__main__.py", "libtax/web/static/index.html",
            "libtax/web/static/app.js", "libtax/web/static/style.css"} <= set(names)   # libtax-web and its page
    assert any(n.startswith("libtax/_core.") and n.endswith(".so") for n in names)
    assert not any(n.endswith(".yaml") for n in names)              # the tables are compiled into the modules
    assert any(n.endswith("LICENSE") for n in names)


def test_installed_package_computes_without_pythonpath(venv, tmp_path):
    code = ("import libtax, sys; print(libtax.annual_tax(2024, wages=1000000).tax); print(libtax.__version__); "
            "print(libtax.__file__)")
    out = subprocess.run([str(venv["bin"] / "python"), "-c", code], check=True, capture_output=True, text=True,
                         env=clean_env(), cwd=tmp_path).stdout.split()
    assert out[0] == "243080.00"
    assert out[1] == (ROOT / "VERSION").read_text().strip() == libtax.__version__
    assert out[2].startswith(str(venv["tmp"] / "venv"))


def test_contract_tests_pass_against_the_installed_package(venv, tmp_path):
    tests = [str(ROOT / "tests" / "python" / name) for name in CONTRACTS]
    run = subprocess.run([str(venv["bin"] / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "--rootdir", str(tmp_path), *tests], capture_output=True, text=True,
                         env=clean_env(LIBTAX_SOURCE_DIR=str(ROOT)), cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout


def test_console_scripts_libtax_pop_and_libtax_calc(venv, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("id,wages,social_insurance,special_additional\n1,1000000,30000,24000\n2,96000,0,0\n")
    run = subprocess.run([str(venv["bin"] / "libtax-pop"), str(people), "--year", "2024", "--out",
                          str(tmp_path / "out.csv"), "--by", "all"], capture_output=True, text=True, env=clean_env())
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out.csv").read_text().splitlines()[1].startswith("1,224180.0,")
    assert "Distribution by all" in run.stdout
    calc = subprocess.run([str(venv["bin"] / "libtax-calc"), "--json",
                           str(ROOT / "examples" / "scenarios" / "gba-engineer-shenzhen.yaml")],
                          capture_output=True, text=True, env=clean_env())
    assert calc.returncode == 0, calc.stderr
    assert '"schema": "libtax-calc/1"' in calc.stdout


def test_console_script_libtax_web_serves_the_page_and_computes(venv, tmp_path):
    import http.client
    import json
    web = subprocess.Popen([str(venv["bin"] / "libtax-web"), "--port", "0"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=clean_env(), cwd=tmp_path)
    try:
        line = web.stdout.readline()
        m = re.match(r"libtax-web: http://127\.0\.0\.1:(\d+)/", line)
        assert m, line + web.stderr.read() if web.poll() is not None else line
        conn = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=60)
        conn.request("GET", "/static/app.js")
        assert conn.getresponse().read().startswith(b"// libtax-web")
        conn.request("POST", "/api/calc", body=json.dumps({"scenario": {"year": "2024", "income": {"wages": "1000000"}}}),
                     headers={"Content-Type": "application/json"})
        answer = json.loads(conn.getresponse().read())
        assert answer["ok"] and answer["json"]["total_tax"] == "243080.00"
    finally:
        web.terminate()
        web.wait(timeout=10)


def test_readme_quick_start_runs_against_the_installed_package(venv, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Quick start"):]
    start = section.index("```python\n") + len("```python\n")
    code = section[start:section.index("\n```", start)]
    assert 8 <= len(code.strip().splitlines()) <= 12                      # a ten-line quick start
    run = subprocess.run([str(venv["bin"] / "python"), "-c", code], capture_output=True, text=True,
                         env=clean_env(MPLBACKEND="Agg"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "effective_rate" in run.stdout and "winners" not in run.stdout   # the distribution table printed


def test_cmake_sub_project_builds_only_the_library(tmp_path):
    """add_subdirectory(libtax): the library, the C interface and install rules; no tests, examples,
    Python modules or programs (they default ON only for the top-level project)."""
    (tmp_path / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.20)\nproject(payroll LANGUAGES CXX)\n"
        f'add_subdirectory("{ROOT.as_posix()}" libtax)\n'
        'foreach(t libtax libtax_c _core libtax_python libtax-calc test_core headline)\n'
        '  if(TARGET ${t})\n    message(STATUS "target: ${t}")\n  endif()\nendforeach()\n'
        'get_target_property(v libtax_c VERSION)\nmessage(STATUS "version: ${v}")\n')
    run = subprocess.run(["cmake", "-S", str(tmp_path), "-B", str(tmp_path / "build")], capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    targets = {line.split("target: ")[1] for line in run.stdout.splitlines() if "target: " in line}
    assert targets == {"libtax", "libtax_c"}
    # libtax_c's VERSION is <C API version>.<project version> (libtax/src/c_api/CMakeLists.txt)
    assert re.search(r"version: \d+\." + re.escape((ROOT / "VERSION").read_text().strip()) + r"\b", run.stdout)
