"""The ``libtax-calc`` command of the pip-installed package: runs the libtax-calc program shipped
inside the package (``libtax/bin/libtax-calc``), with the same arguments and exit status."""
from __future__ import annotations

import os
import sys


def program() -> str:
    """The path of the libtax-calc program shipped in this package."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "libtax-calc")


def main() -> int:
    path = program()
    if not os.path.exists(path):
        print(f"libtax-calc: {path}: not in this installation (the package was built without it)", file=sys.stderr)
        return 1
    os.execv(path, [path] + sys.argv[1:])
    return 1  # not reached: execv replaces the process
