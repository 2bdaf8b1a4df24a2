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
    other_deductions,
    private_pension_withdrawal_tax,
    royalty_withholding,
    royalty_withholding_detail,
    special_additional_deductions,
    set_language,
    years,
)

__version__ = "0.1.0"

# Each domain's Python layer lists its public names in __all__; they are libtax's too.
from .payroll import *  # noqa: F401,F403,E402  (withholding runs, reconciliation)
from .foreign import *  # noqa: F401,F403,E402  (residence days, sourcing, non-residents)
from .regimes import *  # noqa: F401,F403,E402  (talent regimes)
from .analysis import *  # noqa: F401,F403,E402  (batch, pandas, charts, what-if)
