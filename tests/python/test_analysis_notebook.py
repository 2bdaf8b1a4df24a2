"""The analyst notebooks and the Dask example run in the test suite, so they never rot; the notebooks
are committed with their outputs (charts visible when browsing the repository)."""
import os
import pathlib
import sys

import pytest

import libtax

ROOT = pathlib.Path(os.environ.get("LIBTAX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


def _package_dir():
    return str(pathlib.Path(libtax.__file__).resolve().parent.parent)  # <build>/python


def _figures(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})]


def _execute(name):
    """Runs examples/<name> with the package under test (the build's, or the installed one) and
    returns the executed notebook and its text outputs."""
    # no importorskip: scripts/install-deps.sh installs these, and a missing one must fail, not skip
    import ipykernel  # noqa: F401
    import nbclient
    import nbformat
    nb = nbformat.read(ROOT / "examples" / name, as_version=4)
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = _package_dir() + (os.pathsep + env_path if env_path else "")
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                         resources={"metadata": {"path": str(ROOT / "examples")}})
        client.execute()
    finally:
        os.environ["PYTHONPATH"] = env_path
    outputs = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    return nb, outputs


@pytest.mark.parametrize("name, charts", [("analyst.ipynb", 2), ("distribution.ipynb", 2)])
def test_notebooks_are_committed_with_their_charts(name, charts):
    import nbformat
    committed = nbformat.read(ROOT / "examples" / name, as_version=4)
    assert len(_figures(committed)) == charts            # a reader browsing the repository sees them
    assert all(c.get("execution_count") for c in committed.cells if c.cell_type == "code")


def test_analyst_notebook_executes():
    nb, outputs = _execute("analyst.ipynb")
    assert "batch equals the scalar calculator" in outputs
    assert "Beijing at 20%" in outputs
    assert len(_figures(nb)) == 2


def test_distribution_notebook_executes():
    nb, outputs = _execute("distribution.ipynb")
    assert "talents lose; the city would pay" in outputs
    tables = [o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "text/plain" in o.get("data", {})]
    assert any("winners" in t and "losers" in t for t in tables)
    assert len(_figures(nb)) == 2


def test_dask_example_runs_on_a_local_cluster():
    import dask.dataframe  # noqa: F401
    import distributed  # noqa: F401
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import dask_batch
    finally:
        sys.path.pop(0)
    summary, result = dask_batch.run(rows=20_000, partitions=4, year=2024, verbose=False)
    assert summary["rows"] == 20_000 == len(result)
    # the same rows computed here, in one process, give the same total to the fen
    import pandas as pd

    parts = [dask_batch.synthetic_partition(5_000, seed) for seed in range(4)]
    local = libtax.annual_tax_frame(pd.concat(parts, ignore_index=True), 2024)
    assert round(float(local["tax"].sum()), 2) == summary["total_tax"]
