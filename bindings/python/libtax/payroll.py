"""libtax.payroll: cumulative monthly withholding of wages (STA Ann. 2018 No. 61 art. 6, with
STA 2020 No. 13 and No. 19) and the annual reconciliation of comprehensive income.

Everything listed in __all__ is re-exported by libtax.
"""
from . import _core  # noqa: F401  (registers the error classes and Tables first)
from ._payroll import (  # noqa: F401
    MonthWithholding,
    Reconciliation,
    WithholdingRun,
    WithholdingState,
    reconcile,
    start_withholding,
    withhold_wages,
    withholding_run,
)

__all__ = [
    "MonthWithholding",
    "Reconciliation",
    "WithholdingRun",
    "WithholdingState",
    "reconcile",
    "start_withholding",
    "withhold_wages",
    "withholding_run",
]
