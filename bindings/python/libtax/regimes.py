"""libtax.regimes: the preferential IIT regimes for high-end and shortage talent.

regimes() lists the regime ids; regime_info(id) describes one (enacted, basis, period, mechanism,
versions with their eligibility rules); talent_relief(regime, year, ...) says whether a person is
eligible and how much the regime saves, with reasons and an explanation; compare_regimes(year,
...) ranks the regimes the person could claim, the best legal choice first.

Amounts are int, float, str or decimal.Decimal yuan; results are Decimal. fx_rate (HKD or MOP per
CNY) must be given for the regimes that compare with the Hong Kong or Macao tax burden (qianhai,
hetao, nansha-hk, nansha-macao, hengqin-macao): libtax never assumes an exchange rate.
"""
from . import _core  # noqa: F401  (registers the error classes and Tables first)
from ._regimes import TalentRelief, compare_regimes, regime_info, talent_relief  # noqa: F401
from ._regimes import regimes as _regime_ids

__all__ = ["regimes", "regime_info", "talent_relief", "compare_regimes", "TalentRelief", "TALENT_KEYWORDS"]

#: Every keyword talent_relief and compare_regimes take, with its kind, default and meaning: the
#: declared talent case (libtax/contract/talent_case.hpp), the one list every surface reads.
TALENT_KEYWORDS = {
    f["name"]: "%s%s: %s" % (f["kind"], ", required" if f["required"] else ", default " + f["default"], f["doc"])
    for f in _core._contract("talent_case")
}


def regimes(*, tables=None):
    """Ids of the talent regimes, sorted (e.g. 'gba', 'hainan', ..., 'beijing-two-zones')."""
    return list(_regime_ids(tables=tables))
