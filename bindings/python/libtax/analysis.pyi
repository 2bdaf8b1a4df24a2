"""Type stubs of libtax.analysis (batch, pandas, what-if tables, charts)."""
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.figure import Figure


from ._core import Tables
from .progress import Progress

Column = Union[npt.ArrayLike, pd.Series]
FloatArray = npt.NDArray[np.float64]

__all__: List[str]
INCOME_COLUMNS: Tuple[str, ...]
WITHHOLDING_COLUMNS: Tuple[str, ...]
FRAME_COLUMNS: Dict[str, Tuple[str, ...]]

class RowProblem(Tuple[Any, str, Any, str]):
    row: Any
    column: str
    value: Any
    reason: str

class CoercionReport(List[RowProblem]):
    @property
    def rows(self) -> List[Any]: ...

# errors="coerce" makes the batch functions return (result, CoercionReport); "raise" (default) the result.

@overload
def annual_tax_batch(year: int, *, wages: Column, labour: Optional[Column] = ..., author: Optional[Column] = ...,
                     royalties: Optional[Column] = ..., social_insurance: Optional[Column] = ...,
                     special_additional: Optional[Column] = ..., other_deductions: Optional[Column] = ...,
                     threads: Optional[int] = ..., tables: Optional[Tables] = ...,
                     return_taxable: Literal[False] = ..., errors: str = ..., progress: Progress = ...) -> Any: ...
@overload
def annual_tax_batch(year: int, *, wages: Column, labour: Optional[Column] = ..., author: Optional[Column] = ...,
                     royalties: Optional[Column] = ..., social_insurance: Optional[Column] = ...,
                     special_additional: Optional[Column] = ..., other_deductions: Optional[Column] = ...,
                     threads: Optional[int] = ..., tables: Optional[Tables] = ...,
                     return_taxable: Literal[True], errors: str = ..., progress: Progress = ...) -> Any: ...
def marginal_rate_batch(year: int, *, wages: Column, labour: Optional[Column] = ..., author: Optional[Column] = ...,
                        royalties: Optional[Column] = ..., social_insurance: Optional[Column] = ...,
                        special_additional: Optional[Column] = ..., other_deductions: Optional[Column] = ...,
                        threads: Optional[int] = ..., tables: Optional[Tables] = ..., errors: str = ...) -> Any: ...
def schedule(year: int, name: str = ..., *, tables: Optional[Tables] = ...) -> List[Dict[str, Optional[Decimal]]]: ...
def talent_relief_batch(regime: str, year: int, *, identity: Union[str, Column], wages: Optional[Column] = ...,
                        labour: Optional[Column] = ..., author: Optional[Column] = ..., royalties: Optional[Column] = ...,
                        social_insurance: Optional[Column] = ..., special_additional: Optional[Column] = ...,
                        other_deductions: Optional[Column] = ..., business_taxable_income: Optional[Column] = ...,
                        talent_subsidy: Optional[Column] = ..., talent_recognised: Union[bool, Column] = ...,
                        days_in_zone: Union[int, None, Column] = ..., zone_wages: Any = ..., zone_labour: Any = ...,
                        zone_author: Any = ..., zone_royalties: Any = ..., zone_business_taxable_income: Any = ...,
                        city: Union[str, None, Column] = ..., resident: Union[bool, None, Column] = ...,
                        wage_months: Union[int, None, Column] = ..., months: Any = ...,
                        actual_days: Union[int, None, Column] = ..., social_insurance_months: Union[int, None, Column] = ...,
                        social_insurance_exempt: Union[bool, None, Column] = ..., contract_years: Union[int, None, Column] = ...,
                        special_industry: Union[str, None, Column] = ..., encouraged_industry: Union[bool, None, Column] = ...,
                        tax_paid_in_zone: Any = ..., business_tax_paid_in_zone: Any = ...,
                        fx_rate: Union[float, str, Decimal, None, Column] = ..., mpf_contributions: Any = ...,
                        projection: bool = ..., threads: Optional[int] = ...,
                        tables: Optional[Tables] = ..., errors: str = ..., progress: Progress = ...) -> Any: ...
def relief_break_even(regime: str, year: int, *, identity: str = ..., social_insurance: Any = ...,
                      special_additional: Any = ..., talent_recognised: bool = ..., days_in_zone: Optional[int] = ...,
                      city: Optional[str] = ..., fx_rate: Any = ..., high: float = ...,
                      tables: Optional[Tables] = ...) -> Optional[Decimal]: ...
def annual_tax_frame(df: pd.DataFrame, year: Optional[int] = ..., *, regimes: Iterable[str] = ...,
                     identity_column: str = ..., tables: Optional[Tables] = ..., threads: Optional[int] = ...,
                     prefix: str = ..., columns: Optional[Mapping[str, Optional[str]]] = ...,
                     errors: Literal["raise", "coerce"] = ..., progress: Progress = ...) -> pd.DataFrame: ...
def compare(df: pd.DataFrame, year: Optional[int] = ..., *, reform: Optional[Tables], baseline: Optional[Tables] = ...,
            threads: Optional[int] = ..., columns: Optional[Mapping[str, Optional[str]]] = ...,
            progress: Progress = ...) -> pd.DataFrame: ...
def what_if(base: Optional[Tables] = ..., overlay: Union[None, str, Mapping[str, Any]] = ..., *,
            years: Union[None, int, Iterable[int]] = ..., **changes: Any) -> Tables: ...
def plot_rates(year: int, *, income: Union[None, Tuple[float, float], npt.ArrayLike] = ..., points: int = ...,
               social_insurance: float = ..., special_additional: float = ..., regime: Optional[str] = ...,
               identity: str = ..., talent_recognised: bool = ..., days_in_zone: Optional[int] = ...,
               city: Optional[str] = ..., fx_rate: Any = ..., tables: Optional[Tables] = ..., ax: Any = ...,
               label: Optional[str] = ...) -> Figure: ...
def plot_relief(regime: str, year: int, *, income: Union[None, Tuple[float, float], npt.ArrayLike] = ...,
                points: int = ..., identity: str = ..., social_insurance: float = ..., special_additional: float = ...,
                talent_recognised: bool = ..., days_in_zone: Optional[int] = ..., city: Optional[str] = ...,
                fx_rate: Any = ..., tables: Optional[Tables] = ..., ax: Any = ...,
               label: Optional[str] = ...) -> Figure: ...
def withholding_batch(year: int, *, wage: npt.ArrayLike, social_insurance: Optional[npt.ArrayLike] = ...,
                      special_additional: Optional[npt.ArrayLike] = ..., exempt_income: Optional[npt.ArrayLike] = ...,
                      other_deductions: Optional[npt.ArrayLike] = ..., first_month: int = ..., threads: Optional[int] = ...,
                      tables: Optional[Tables] = ...) -> FloatArray: ...
def _error(cls: Any, field: str, value: Any, problem: Any) -> Exception: ...  # problem: an _errors.Message or English text
