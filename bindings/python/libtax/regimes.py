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
from ._regimes import TalentRelief, regime_info  # noqa: F401
from ._regimes import _compare_regimes, _talent_relief
from ._regimes import regimes as _regime_ids

__all__ = ["regimes", "regime_info", "talent_relief", "compare_regimes", "TalentRelief", "TALENT_KEYWORDS"]

#: Keywords talent_relief and compare_regimes take beyond the documented ones (the **more).
TALENT_KEYWORDS = {
    "resident": "bool, default True: a Mainland resident individual for the year (False: Hainan formulas 3 and 4)",
    "wage_months": "int 1-12: a non-resident's months of (China-sourced) wages, taken as equal monthly amounts",
    "actual_days": "int: days actually present in the zone (Hainan 2025 floor of 90); default days_in_zone",
    "social_insurance_months": "int: consecutive months of basic pension etc. paid in the zone",
    "social_insurance_exempt": "bool: overseas talent who cannot join Mainland social insurance",
    "contract_years": "int: term of the labour contract with a zone unit, in years",
    "special_industry": "str: e.g. 'aviation', 'aerospace', 'shipping', 'offshore-oil-gas' (Hainan special-industry route)",
    "encouraged_industry": "bool: works in an industry of the zone's encouraged catalogue (Hengqin)",
    "tax_paid_in_zone": "amount: comprehensive-income tax actually paid in the zone/city (GBA share, Pingtan)",
    "business_tax_paid_in_zone": "amount: business-income tax actually paid in the zone/city",
    "fx_rate": "number: HKD or MOP per CNY for the Hong Kong / Macao burden (required by those regimes)",
    "mpf_contributions": "amount in HKD: MPF mandatory contributions (Hong Kong burden, capped)",
}


def regimes(*, tables=None):
    """Ids of the talent regimes, sorted (e.g. 'gba', 'hainan', ..., 'beijing-two-zones')."""
    return list(_regime_ids(tables=tables))


def _collect(identity, wages, labour, author, royalties, business_taxable_income, social_insurance,
             special_additional, other_deductions, talent_subsidy, zone_wages, zone_labour, zone_author,
             zone_royalties, zone_business_taxable_income, days_in_zone, talent_recognised, city, more):
    unknown = sorted(k for k in more if k not in TALENT_KEYWORDS)
    if unknown:
        raise _core.InputError(
            "unknown keyword(s): %s (talent_relief also takes: %s)" % (", ".join(unknown), ", ".join(sorted(TALENT_KEYWORDS))))
    args = dict(identity=identity, wages=wages, labour=labour, author=author, royalties=royalties,
                business_taxable_income=business_taxable_income, social_insurance=social_insurance,
                special_additional=special_additional, other_deductions=other_deductions,
                talent_subsidy=talent_subsidy, zone_wages=zone_wages, zone_labour=zone_labour,
                zone_author=zone_author, zone_royalties=zone_royalties,
                zone_business_taxable_income=zone_business_taxable_income, days_in_zone=days_in_zone,
                talent_recognised=talent_recognised, city=city)
    args.update(more)
    return args


def talent_relief(regime, year, *, identity, wages=0, labour=0, author=0, royalties=0, business_taxable_income=0,
                  social_insurance=0, special_additional=0, other_deductions=0, talent_subsidy=0, zone_wages=None,
                  zone_labour=None, zone_author=None, zone_royalties=None, zone_business_taxable_income=None,
                  days_in_zone=None, talent_recognised=False, city=None, tables=None, **more):
    """The relief `regime` gives this person in tax year `year`.

    identity: "foreign", "hk", "macao", "taiwan" or "mainland". zone_* left as None: all of that
    income is from the zone. talent_subsidy: a talent-programme subsidy received that year (taxed
    as incidental income). Further keywords: see TALENT_KEYWORDS. Returns a TalentRelief with
    .eligible, .amount (Decimal, 0 when not eligible), .kind ("subsidy"/"exemption"), .reasons,
    .explain(). A year outside the regime's period is not eligible, with that reason. Raises
    libtax.InputError (a ValueError) for an unknown regime, identity, keyword or bad amount.
    """
    args = _collect(identity, wages, labour, author, royalties, business_taxable_income, social_insurance,
                    special_additional, other_deductions, talent_subsidy, zone_wages, zone_labour, zone_author,
                    zone_royalties, zone_business_taxable_income, days_in_zone, talent_recognised, city, more)
    if isinstance(args.get("fx_rate"), float):
        args["fx_rate"] = repr(args["fx_rate"])
    return _talent_relief(regime, year, args, tables)


def compare_regimes(year, *, identity, wages=0, labour=0, author=0, royalties=0, business_taxable_income=0,
                    social_insurance=0, special_additional=0, other_deductions=0, talent_subsidy=0, zone_wages=None,
                    zone_labour=None, zone_author=None, zone_royalties=None, zone_business_taxable_income=None,
                    days_in_zone=None, talent_recognised=False, city=None, include_ineligible=False,
                    include_what_if=False, tables=None, place=None, **more):
    """The regimes this person could claim in `year`, ranked: a list of TalentRelief, best first.

    Only enacted regimes the person is eligible for are listed, unless include_ineligible=True
    (adds the others with their reasons) or include_what_if=True (adds beijing-two-zones, which is
    not law). The first item with .best True is the best legal choice; .excludes names the regimes
    that cannot be claimed in the same year (GBA against Nansha, Qianhai, Hetao). An eligible
    regime whose amount needs a missing input (fx_rate) is listed with .computed False and the
    reason. city applies to regimes with city rules (GBA) and is ignored by the others.
    place: where the person works, a city ("shenzhen", "guangzhou", "haikou", "shanghai",
    "beijing") or a zone ("qianhai", "hengqin", "lingang", "hainan"; a zone implies its city):
    regimes whose area does not cover it are not eligible (code "area.outside"); it also sets
    city when city is not given.
    """
    args = _collect(identity, wages, labour, author, royalties, business_taxable_income, social_insurance,
                    special_additional, other_deductions, talent_subsidy, zone_wages, zone_labour, zone_author,
                    zone_royalties, zone_business_taxable_income, days_in_zone, talent_recognised, city, more)
    if isinstance(args.get("fx_rate"), float):
        args["fx_rate"] = repr(args["fx_rate"])
    return list(_compare_regimes(year, args, bool(include_ineligible), bool(include_what_if), tables, place))
