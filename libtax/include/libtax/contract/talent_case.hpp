// libtax/contract/talent_case.hpp - the declared input of the talent regimes (talent_relief,
// compare_regimes): who the person is, income by item in total and from the zone, deductions,
// presence, recognition and the zone's further conditions (Caishui [2019] 31; Caishui [2020] 32;
// Caishui [2022] 19/21; Caishui [2023] 34/35; the zones' rules in tables/regimes/). The struct is
// libtax/regimes/talent_case.hpp's TalentCase.
//
// Groups: person, income, deductions, zone_income (the zone's part of each item; None = all of
// it) and zone (the zone's conditions and the figures the formulas need).
#pragma once

#include "libtax/contract/field.hpp"
#include "libtax/regimes/talent_case.hpp"

namespace libtax::contract {

inline const Declaration<TalentCase>& talent_case() {
    using T = TalentCase;
    using CR = ComprehensiveReceipts;
    static const Declaration<T> d{
        "talent_case",
        {
            {"identity", Kind::enumeration, enum_at<&T::identity>(), "", true, "who the person is: foreign, hk, macao, taiwan or mainland",
             "field.identity", "person", "foreign,hk,macao,taiwan,mainland"},
            {"wages", Kind::money, &at<&T::income, &CR::wages>, "0", false, "wages and salaries of the year, whole of China", "field.wages", "income"},
            {"labour", Kind::money, &at<&T::income, &CR::labour>, "0", false, "labour remuneration of the year", "field.labour", "income"},
            {"author", Kind::money, &at<&T::income, &CR::author>, "0", false, "author's remuneration of the year", "field.author", "income"},
            {"royalties", Kind::money, &at<&T::income, &CR::royalties>, "0", false, "royalties of the year", "field.royalties", "income"},
            {"business_taxable_income", Kind::money, &at<&T::business_taxable_income>, "0", false,
             "taxable business (operating) income of the year", "field.business_taxable_income", "income"},
            {"social_insurance", Kind::money, &at<&T::social_insurance>, "0", false, "special deductions (专项扣除) of the year",
             "field.social_insurance", "deductions"},
            {"special_additional", Kind::money, &at<&T::special_additional>, "0", false, "special additional deductions of the year",
             "field.special_additional", "deductions"},
            {"other_deductions", Kind::money, &at<&T::other_deductions>, "0", false, "other deductions set by law",
             "field.other_deductions", "deductions"},
            {"talent_subsidy", Kind::money, &at<&T::talent_subsidy>, "0", false,
             "talent-programme subsidy received that year (taxed as incidental income)", "field.talent_subsidy", "zone"},
            {"zone_wages", Kind::money, &at<&T::zone_wages>, "None", false, "wages from the zone (None: all)", "field.zone_wages", "zone_income"},
            {"zone_labour", Kind::money, &at<&T::zone_labour>, "None", false, "labour remuneration from the zone (None: all)",
             "field.zone_labour", "zone_income"},
            {"zone_author", Kind::money, &at<&T::zone_author>, "None", false, "author's remuneration from the zone (None: all)",
             "field.zone_author", "zone_income"},
            {"zone_royalties", Kind::money, &at<&T::zone_royalties>, "None", false, "royalties from the zone (None: all)",
             "field.zone_royalties", "zone_income"},
            {"zone_business_taxable_income", Kind::money, &at<&T::zone_business_taxable_income>, "None", false,
             "taxable business income from the zone (None: all)", "field.zone_business_taxable_income", "zone_income"},
            {"days_in_zone", Kind::days, &at<&T::days_in_zone>, "None", false,
             "days in the zone counted by its rules (incl. the trips the rules count)", "field.days_in_zone", "person"},
            {"talent_recognised", Kind::flag, &at<&T::talent_recognised>, "False", false,
             "recognised by the zone's / city's talent department or catalogue", "field.talent_recognised", "person"},
            {"city", Kind::text, &at<&T::city>, "None", false, "city whose rules apply, for regimes with city rules (GBA: guangzhou, shenzhen, ...)",
             "field.city", "zone"},
            {"resident", Kind::flag, &at<&T::resident>, "True", false,
             "a Mainland resident individual for the year (False: Hainan formulas 3 and 4)", "field.resident", "person"},
            {"wage_months", Kind::count, &at<&T::wage_months>, "None", false,
             "a non-resident's months of (China-sourced) wages, taken as equal monthly amounts (1-12)", "field.wage_months", "person"},
            {"months", Kind::months, &at<&T::months>, "None", false,
             "a non-resident's wages month by month: [{wage, zone_wage}, ...] (zone_wage None: all from the zone)", "field.months", "months"},
            {"actual_days", Kind::days, &at<&T::actual_days>, "None", false, "days actually present in the zone (None: days_in_zone)",
             "field.actual_days", "zone"},
            {"social_insurance_months", Kind::count, &at<&T::social_insurance_months>, "None", false,
             "consecutive months of basic pension etc. paid in the zone (0-12)", "field.social_insurance_months", "zone"},
            {"social_insurance_exempt", Kind::flag, &at<&T::social_insurance_exempt>, "False", false,
             "overseas talent who cannot join Mainland social insurance", "field.social_insurance_exempt", "zone"},
            {"contract_years", Kind::count, &at<&T::contract_years>, "None", false, "term of the labour contract with a zone unit, in years",
             "field.contract_years", "zone"},
            {"special_industry", Kind::text, &at<&T::special_industry>, "None", false,
             "e.g. 'aviation', 'aerospace', 'shipping', 'offshore-oil-gas' (Hainan special-industry route)", "field.special_industry", "zone"},
            {"encouraged_industry", Kind::flag, &at<&T::encouraged_industry>, "None", false,
             "works in an industry of the zone's encouraged catalogue (Hengqin)", "field.encouraged_industry", "zone"},
            {"tax_paid_in_zone", Kind::money, &at<&T::tax_paid_in_zone>, "None", false,
             "comprehensive-income tax actually paid in the zone / city (None: estimated by the zone's share)", "field.tax_paid_in_zone", "zone"},
            {"business_tax_paid_in_zone", Kind::money, &at<&T::business_tax_paid_in_zone>, "None", false,
             "business-income tax actually paid in the zone / city", "field.business_tax_paid_in_zone", "zone"},
            {"fx_rate", Kind::rate, &at<&T::fx_rate>, "None", false,
             "HKD or MOP per CNY, for the Hong Kong / Macao burden (required by those regimes)", "field.fx_rate", "zone"},
            {"mpf_contributions", Kind::money, &at<&T::mpf_contributions>, "0", false,
             "Hong Kong MPF mandatory contributions in HKD (Hong Kong burden, capped)", "field.mpf_contributions", "zone"},
        }};
    return d;
}

}  // namespace libtax::contract
