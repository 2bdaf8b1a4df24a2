// libtax/regimes/talent_case.hpp - one taxpayer-year as the talent regimes see it: who the
// person is, income by item in total and from the zone, deductions, presence and recognition.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libtax/comprehensive/income_amount.hpp"
#include "libtax/core/error.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/foreign/wage_month.hpp"
#include "libtax/regimes/regime.hpp"

namespace libtax {

struct TalentCase {
    Identity identity = Identity::foreign;
    bool resident = true;  ///< a resident individual of the Mainland for the year (183-day rule)
    /// Non-residents: the months over which `income.wages` (China-sourced) was received, taken as
    /// equal monthly amounts, each month taxed on its own (Hainan formula 3).
    std::optional<int> wage_months;
    /// Non-residents: each month's China-sourced wages (one entry per month received, at most 12),
    /// each month taxed on its own (IIT Law art. 6(1)(2)) and relieved on the actual figures.
    /// When given, `income.wages` and `zone_wages` are their sums (left empty, or equal to them);
    /// `wage_months` is the equal-months shortcut instead.
    std::vector<WageMonth> months;

    ComprehensiveReceipts income;        ///< gross receipts of the year, whole of China
    Money business_taxable_income;       ///< taxable business (operating) income of the year
    Money social_insurance, special_additional, other_deductions;  ///< as in ComprehensiveIncome
    Money talent_subsidy;                ///< subsidy received from a talent programme (taxed as incidental income)

    // The zone's part of each item; empty = all of it is from the zone.
    std::optional<Money> zone_wages, zone_labour, zone_author, zone_royalties, zone_business_taxable_income;
    /// Comprehensive-income tax actually paid in the zone / city (GBA pro-ration, Pingtan);
    /// empty = estimated as the tax times the zone's share of the income amount.
    std::optional<Money> tax_paid_in_zone;
    std::optional<Money> business_tax_paid_in_zone;  ///< same for business income (share of taxable income)

    std::optional<int> days_in_zone;  ///< days counted by the zone's rules (incl. trips the rules count)
    std::optional<int> actual_days;   ///< days actually present (empty = days_in_zone)
    bool talent_recognised = false;   ///< recognised by the zone's / city's talent department or catalogue
    std::optional<int> social_insurance_months;  ///< consecutive months of basic pension etc. paid in the zone
    bool social_insurance_exempt = false;        ///< overseas talent who cannot join Mainland social insurance
    std::optional<int> contract_years;           ///< term of the labour contract with a zone unit
    std::string special_industry;                ///< e.g. "shipping" (Hainan special-industry route)
    std::optional<bool> encouraged_industry;     ///< works in an industry of the zone's encouraged catalogue
    std::string city;                            ///< city rules (GBA: "guangzhou", "shenzhen", ...)

    std::optional<Rate> fx_rate;  ///< HKD or MOP per CNY, for the foreign-burden regimes
    Money mpf_contributions;      ///< HK MPF mandatory contributions (HKD), for the Hong Kong burden

    Money zone(const std::optional<Money>& z, Money total) const { return z ? *z : total; }

    /// The case with `income.wages` and `zone_wages` set from `months` (unchanged without months).
    TalentCase with_months_summed() const {
        TalentCase c = *this;
        if (months.empty()) return c;
        Money wages, zone_part;
        for (const auto& m : months) wages += m.wage, zone_part += m.zone();
        c.income.wages = wages;
        c.zone_wages = zone_part == wages ? std::nullopt : std::optional<Money>(zone_part);
        return c;
    }
    ComprehensiveReceipts zone_income() const {
        return {zone(zone_wages, income.wages), zone(zone_labour, income.labour), zone(zone_author, income.author),
                zone(zone_royalties, income.royalties), Money()};
    }
    Money zone_business() const { return zone(zone_business_taxable_income, business_taxable_income); }

    /// True when validate() has nothing to refuse in a case that leaves the detailed figures
    /// empty (the batch's rows): every amount non-negative (their bitwise OR is), no commissions,
    /// no zone parts, days within 0-366, no other counts, no months, no zero exchange rate. Each
    /// check of validate() below is implied; any other case takes the checks one by one.
    bool plainly_valid() const noexcept {
        const std::int64_t signs = income.wages.fen() | income.labour.fen() | income.author.fen() | income.royalties.fen() |
                                   business_taxable_income.fen() | social_insurance.fen() | special_additional.fen() |
                                   other_deductions.fen() | talent_subsidy.fen() | mpf_contributions.fen();
        return signs >= 0 && income.commissions.is_zero() && !zone_wages && !zone_labour && !zone_author && !zone_royalties &&
               !zone_business_taxable_income && !tax_paid_in_zone && !business_tax_paid_in_zone &&
               (!days_in_zone || (*days_in_zone >= 0 && *days_in_zone <= 366)) && !actual_days && !social_insurance_months &&
               !wage_months && !contract_years && months.empty() && (!fx_rate || !fx_rate->is_zero());
    }

    void validate() const {
        if (plainly_valid()) return;
        income.validate();
        if (!income.commissions.is_zero())  // the regimes' zone-income figures do not count them
            throw NotAvailableError("commissions", income.commissions.str(), "the talent regimes do not take agents' commissions");
        require_non_negative(business_taxable_income, "business_taxable_income");
        require_non_negative(social_insurance, "social_insurance");
        require_non_negative(special_additional, "special_additional");
        require_non_negative(other_deductions, "other_deductions");
        require_non_negative(talent_subsidy, "talent_subsidy");
        require_non_negative(mpf_contributions, "mpf_contributions");
        auto part = [](const std::optional<Money>& z, Money total, const char* field, const char* of) {
            if (!z) return;
            require_non_negative(*z, field);
            if (*z > total) throw InputError(field, z->str(), std::string("exceeds the total ") + of + " (" + total.str() + ")");
        };
        part(zone_wages, income.wages, "zone_wages", "wages");
        part(zone_labour, income.labour, "zone_labour", "labour");
        part(zone_author, income.author, "zone_author", "author");
        part(zone_royalties, income.royalties, "zone_royalties", "royalties");
        part(zone_business_taxable_income, business_taxable_income, "zone_business_taxable_income", "business_taxable_income");
        if (tax_paid_in_zone) require_non_negative(*tax_paid_in_zone, "tax_paid_in_zone");
        if (business_tax_paid_in_zone) require_non_negative(*business_tax_paid_in_zone, "business_tax_paid_in_zone");
        auto days = [](const std::optional<int>& d, const char* field) {
            if (d && (*d < 0 || *d > 366)) throw InputError(field, std::to_string(*d), "days in a year run from 0 to 366");
        };
        days(days_in_zone, "days_in_zone");
        days(actual_days, "actual_days");
        if (days_in_zone && actual_days && *actual_days > *days_in_zone)
            throw InputError("actual_days", std::to_string(*actual_days),
                             "exceeds days_in_zone (" + std::to_string(*days_in_zone) + "), which counts actual presence and the trips the rules allow");
        if (social_insurance_months && (*social_insurance_months < 0 || *social_insurance_months > 12))
            throw InputError("social_insurance_months", std::to_string(*social_insurance_months), "months of a tax year run from 0 to 12");
        if (wage_months && (*wage_months < 1 || *wage_months > 12))
            throw InputError("wage_months", std::to_string(*wage_months), "months of a tax year run from 1 to 12");
        if (contract_years && (*contract_years < 0 || *contract_years > 100))
            throw InputError("contract_years", std::to_string(*contract_years), "expected a contract term in whole years (0-100)");
        if (!months.empty()) {
            if (resident)
                throw InputError("months", std::to_string(months.size()) + " months",
                                 "a resident's wages are taxed on the annual table: months are for non-residents (resident=False)");
            if (months.size() > 12) throw InputError("months", std::to_string(months.size()) + " months", "a tax year has at most 12 months of wages");
            if (wage_months)
                throw InputError("wage_months", std::to_string(*wage_months), "give either months (each month's wages) or wage_months (equal months), not both");
            Money wages, zone_part;
            for (std::size_t i = 0; i < months.size(); ++i) {
                const std::string at = "months[" + std::to_string(i + 1) + "]";
                require_non_negative(months[i].wage, (at + ".wage").c_str());
                if (months[i].zone_wage) {
                    require_non_negative(*months[i].zone_wage, (at + ".zone_wage").c_str());
                    if (*months[i].zone_wage > months[i].wage)
                        throw InputError(at + ".zone_wage", months[i].zone_wage->str(), "exceeds the month's wage (" + months[i].wage.str() + ")");
                }
                wages += months[i].wage;
                zone_part += months[i].zone();
            }
            if (!income.wages.is_zero() && income.wages != wages)
                throw InputError("wages", income.wages.str(), "differs from the sum of the months' wages (" + wages.str() + "): leave it out or make it equal");
            if (zone_wages && *zone_wages != zone_part)
                throw InputError("zone_wages", zone_wages->str(), "differs from the sum of the months' zone wages (" + zone_part.str() + ")");
        }
        if (fx_rate && fx_rate->is_zero()) throw InputError("fx_rate", "0", "an exchange rate must be positive (HKD or MOP per CNY)");
    }
};

}  // namespace libtax
