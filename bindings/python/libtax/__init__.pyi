"""Type stubs of the libtax package: the core (_core) and every domain's public names."""
from ._core import (
    AnnualTax as AnnualTax,
    BonusComparison as BonusComparison,
    BonusTax as BonusTax,
    BusinessTax as BusinessTax,
    CoverageError as CoverageError,
    Error as Error,
    InputError as InputError,
    NotAvailableError as NotAvailableError,
    Prepayment as Prepayment,
    RangeError as RangeError,
    TableError as TableError,
    Tables as Tables,
    annual_tax as annual_tax,
    author_withholding as author_withholding,
    author_withholding_detail as author_withholding_detail,
    bonus_comparison as bonus_comparison,
    bonus_tax as bonus_tax,
    bonus_tax_detail as bonus_tax_detail,
    business_tax as business_tax,
    business_tax_detail as business_tax_detail,
    labour_withholding as labour_withholding,
    labour_withholding_detail as labour_withholding_detail,
    royalty_withholding as royalty_withholding,
    royalty_withholding_detail as royalty_withholding_detail,
    years as years,
)
from .analysis import (
    INCOME_COLUMNS as INCOME_COLUMNS,
    annual_tax_batch as annual_tax_batch,
    annual_tax_frame as annual_tax_frame,
    compare as compare,
    marginal_rate_batch as marginal_rate_batch,
    plot_rates as plot_rates,
    plot_relief as plot_relief,
    relief_break_even as relief_break_even,
    schedule as schedule,
    talent_relief_batch as talent_relief_batch,
    what_if as what_if,
)
# The other domains' layers are pure Python (typed by their sources); their names are libtax's too.
from .payroll import *
from .foreign import *
from .regimes import *

__version__: str
