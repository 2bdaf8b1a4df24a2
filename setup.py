"""Builds the Python package libtax with CMake (the extension modules and libtax-calc).

The version is read from VERSION, the one place it is written (CMake reads it too).

Two ways to build:
* ``LIBTAX_CMAKE_BUILD_DIR=<dir>``: package the outputs of an existing CMake build (what
  scripts/test.sh made: ``<dir>/python/libtax`` and ``<dir>/tools/calc/libtax-calc``); nothing is
  compiled.
* otherwise: configure and build the targets ``libtax_python`` and ``libtax-calc`` in a temporary
  directory with the running interpreter (tests, examples off). ``CMAKE_BUILD_PARALLEL_LEVEL`` and
  ``CMAKE_CXX_COMPILER_LAUNCHER`` (e.g. ccache) are honoured by CMake from the environment.

Setuptools' own work files go to ``build/setuptools`` so they never mix with the sources.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent
VERSION = (ROOT / "VERSION").read_text(encoding="utf-8").strip()
WORK = ROOT / "build" / "setuptools"
MODULES = ("_core", "_payroll", "_foreign", "_regimes", "_batch", "_calculator")


class CMakeExtension(Extension):
    """One compiled module of the package; CMake builds them all at once."""

    def __init__(self, name):
        super().__init__(name, sources=[])


def _cmake_build(build_dir):
    """Configures and builds the package's targets in build_dir with this interpreter."""
    subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                    f"-DPython_EXECUTABLE={sys.executable}", "-DLIBTAX_BUILD_PYTHON=ON",
                    "-DLIBTAX_BUILD_TOOLS=ON", "-DLIBTAX_BUILD_TESTS=OFF", "-DLIBTAX_BUILD_EXAMPLES=OFF",
                    "-DLIBTAX_BUILD_C_API=OFF", "-DLIBTAX_INSTALL=OFF"], check=True)
    subprocess.run(["cmake", "--build", str(build_dir), "--target", "libtax_python", "libtax-calc"], check=True)


class BuildWithCMake(build_ext):
    """Copies CMake's outputs (extension modules, _version.py, libtax-calc) into the package."""

    def run(self):
        given = os.environ.get("LIBTAX_CMAKE_BUILD_DIR")
        if given:
            self._copy_outputs(pathlib.Path(given).resolve())
            return
        with tempfile.TemporaryDirectory(prefix="libtax-cmake-") as tmp:
            _cmake_build(pathlib.Path(tmp))
            self._copy_outputs(pathlib.Path(tmp))

    def _copy_outputs(self, build_dir):
        package = build_dir / "python" / "libtax"
        target = pathlib.Path(self.build_lib) / "libtax"
        target.mkdir(parents=True, exist_ok=True)
        for module in MODULES:
            found = sorted(package.glob(module + ".*.so")) + sorted(package.glob(module + ".*.pyd"))
            if not found:
                raise RuntimeError(f"{package}: no built module {module} (build the target libtax_python)")
            shutil.copy2(found[0], target / found[0].name)
        shutil.copy2(package / "_version.py", target / "_version.py")
        calc = build_dir / "tools" / "calc" / "libtax-calc"
        if calc.exists():  # shipped as package data; the libtax-calc command runs it (libtax/_calc.py)
            (target / "bin").mkdir(exist_ok=True)
            shutil.copy2(calc, target / "bin" / "libtax-calc")


WORK.mkdir(parents=True, exist_ok=True)
for stale in WORK.glob("lib*"):  # files of an earlier build (a module since renamed) must not ship
    shutil.rmtree(stale)
setup(
    version=VERSION,
    packages=["libtax", "libtax.web"],
    package_dir={"libtax": "bindings/python/libtax"},
    package_data={"libtax": ["*.pyi", "py.typed"], "libtax.web": ["static/*"]},
    ext_modules=[CMakeExtension("libtax." + m) for m in MODULES],
    cmdclass={"build_ext": BuildWithCMake},
    options={"build": {"build_base": str(WORK)}, "egg_info": {"egg_base": str(WORK)}},
    zip_safe=False,
)
