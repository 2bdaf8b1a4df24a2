"""libtax: exact PRC individual income tax and the talent regimes, from yearly YAML tables.

Amounts go in as int, float, str or decimal.Decimal yuan and come out as decimal.Decimal with two
places. Every error is a ValueError subclass (libtax.Error) naming the field and the value.
"""
from ._core import (  # noqa: F401
    AnnualTax,
    BonusComparison,
    BonusTax,
    BusinessTax,
    CoverageError,
    DonationDeduction,
    Error,
    InputError,
    NotAvailableError,
    OtherDeductions,
    Prepayment,
    PrivatePensionTax,
    RangeError,
    SpecialAdditionalDeductions,
    TableError,
    Tables,
    annual_tax,
    author_withholding,
    author_withholding_detail,
    bonus_comparison,
    bonus_tax,
    bonus_tax_detail,
    business_tax,
    business_tax_detail,
    donation_deduction,
    get_language,
    labour_withholding,
    labour_withholding_detail,
    messages,
    other_deductions,
    private_pension_withdrawal_tax,
    royalty_withholding,
    royalty_withholding_detail,
    special_additional_deductions,
    set_language,
    years,
)

from ._version import __version__  # noqa: E402,F401  (written by CMake from the VERSION file)

# Each domain's Python layer lists its public names in __all__; they are libtax's too.
from .payroll import *  # noqa: F401,F403,E402  (withholding runs, reconciliation)
from .foreign import *  # noqa: F401,F403,E402  (residence days, sourcing, non-residents)
from .regimes import *  # noqa: F401,F403,E402  (talent regimes)
from .analysis import *  # noqa: F401,F403,E402  (batch, pandas, charts, what-if)
from .calculator import *  # noqa: F401,F403,E402  (libtax-calc's calculation: calc, calc_text)

# Distribution tables and winners and losers (libtax.distributional) need numpy and pandas; they are
# imported on first use of one of their names, so ``import libtax`` stays fast.
_LAZY = {"decile": "distributional", "distribution": "distributional", "net_tax": "distributional",
         "plot_distribution": "distributional", "plot_winners_losers": "distributional",
         "winners_losers": "distributional"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module("." + _LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'libtax' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
