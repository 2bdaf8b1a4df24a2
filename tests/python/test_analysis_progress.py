"""progress=True: the same figures, computed in chunks, with a bar on stderr."""
import numpy as np
import pandas as pd
import pytest

import libtax
from libtax import progress


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(progress, "CHUNK_ROWS", 37)   # many chunks from few rows, chunk edges inside groups


def population(n=500, seed=3):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"wages": np.round(rng.lognormal(np.log(300_000), 1.0, n), 2),
                         "social_insurance": np.round(rng.uniform(0, 30_000, n), 2),
                         "identity": rng.choice(["foreign", "hk", "mainland"], n),
                         "talent_recognised": rng.random(n) < 0.7,
                         "days_in_zone": rng.integers(0, 366, n),
                         "year": rng.choice([2023, 2024], n)})


def test_batch_with_progress_equals_the_batch_and_draws_a_bar(small_chunks, capsys):
    df = population()
    plain = libtax.annual_tax_batch(2024, wages=df.wages, social_insurance=df.social_insurance.to_list(),
                                    return_taxable=True)
    shown = libtax.annual_tax_batch(2024, wages=df.wages, social_insurance=df.social_insurance.to_list(),
                                    return_taxable=True, progress=True)
    assert np.array_equal(plain[0], shown[0]) and np.array_equal(plain[1], shown[1])
    err = capsys.readouterr().err
    assert "annual tax" in err and "/500" in err
    relief = dict(identity=df.identity.to_numpy(), wages=df.wages, talent_recognised=df.talent_recognised.to_numpy(),
                  days_in_zone=df.days_in_zone.to_numpy())
    assert np.array_equal(libtax.talent_relief_batch("gba", 2024, **relief),
                          libtax.talent_relief_batch("gba", 2024, progress="gba", **relief))
    assert "gba" in capsys.readouterr().err


def test_frame_and_compare_with_progress_equal_the_plain_runs(small_chunks, capsys):
    df = population()
    pd.testing.assert_frame_equal(libtax.annual_tax_frame(df), libtax.annual_tax_frame(df, progress=True))
    reform = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=2024)
    one = df[df.year == 2024].drop(columns="year").reset_index(drop=True)  # the year is given once: as an argument
    pd.testing.assert_frame_equal(libtax.compare(one, 2024, reform=reform),
                                  libtax.compare(one, 2024, reform=reform, progress=True))
    assert "baseline and reform" in capsys.readouterr().err
    assert "progress" in str(__import__("inspect").signature(libtax.compare))     # shown by help() and IDEs


def test_no_progress_draws_nothing(capsys):
    libtax.annual_tax_frame(population(50), progress=False)
    assert capsys.readouterr().err == ""
