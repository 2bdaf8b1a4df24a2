// libtax/hk_macao/hong_kong_salaries_tax.hpp - Hong Kong salaries tax for one year of
// assessment (IRO Cap. 112), as loaded from tables/hk_macao/hong-kong-salaries-tax.yaml.
// Used as the "Hong Kong burden" of the Qianhai, Hetao and Nansha regimes.
//
//   net income              = assessable income - MPF mandatory contributions (capped)
//   net chargeable income   = net income - basic allowance (only the basic allowance is modelled)
//   progressive tax         = bands on net chargeable income
//   standard-rate tax       = standard rate on net income (two tiers from 2024/25)
//   tax                     = the lower of the two, then less the year's one-off reduction (if asked)
//
// Amounts are Hong Kong dollars held in a Money (cents); no conversion happens here.
// Calendar tax year Y of the Mainland maps to the year of assessment Y/Y+1 (1 Apr Y - 31 Mar Y+1),
// the one covering nine of its twelve months (see README "Talent regimes"; an assumption).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "libtax/core/explanation.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/bracket_schedule.hpp"

namespace libtax {

struct HongKongYear {
    int start_year = 0;  ///< 2024 for the year of assessment 2024/25
    std::string file;
    BracketSchedule progressive;                 ///< on net chargeable income
    Sourced<Rate> standard_rate;                 ///< on net income (first tier)
    std::optional<Sourced<Money>> standard_tier_threshold;  ///< two-tier: first tier's width
    std::optional<Sourced<Rate>> standard_rate_upper;       ///< two-tier: rate above the threshold
    Sourced<Money> basic_allowance;
    Sourced<Money> mpf_cap;
    Sourced<Money> one_off_reduction_cap;        ///< 100% of the tax up to this cap; 0 when none
    bool unconfirmed = false;
    std::string note;

    std::string label() const {
        const int next = (start_year + 1) % 100;
        return std::to_string(start_year) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
    }
};

struct HongKongTaxResult {
    std::string year_of_assessment;
    Exact net_income, net_chargeable_income;
    Exact progressive_tax, standard_tax, tax_before_reduction, reduction, tax;  ///< HKD, exact
    bool standard_rate_applied = false;
    Explanation explanation;
};

/// Salaries tax on `assessable_income` (HKD, exact) less `mpf` contributions (capped).
inline HongKongTaxResult hong_kong_salaries_tax(const HongKongYear& y, const Exact& assessable_income, Money mpf,
                                                bool apply_one_off_reduction, bool explain = false) {
    require_non_negative(mpf, "mpf_contributions");
    if (assessable_income.is_negative()) throw InputError("assessable_income", assessable_income.str(), "must not be negative");
    HongKongTaxResult r;
    r.year_of_assessment = y.label();
    const Money mpf_used = min(mpf, y.mpf_cap.value);
    r.net_income = max(assessable_income - Exact(mpf_used), Exact());
    r.net_chargeable_income = max(r.net_income - Exact(y.basic_allowance.value), Exact());
    const BracketHit hit = y.progressive.apply(r.net_chargeable_income);
    r.progressive_tax = max(hit.tax(), Exact());
    if (y.standard_tier_threshold && y.standard_rate_upper) {
        const Exact t(y.standard_tier_threshold->value);
        r.standard_tax = r.net_income <= t ? r.net_income * y.standard_rate.value
                                           : t * y.standard_rate.value + (r.net_income - t) * y.standard_rate_upper->value;
    } else {
        r.standard_tax = r.net_income * y.standard_rate.value;
    }
    r.standard_rate_applied = r.standard_tax < r.progressive_tax;
    r.tax_before_reduction = r.standard_rate_applied ? r.standard_tax : r.progressive_tax;
    r.reduction = apply_one_off_reduction ? min(r.tax_before_reduction, Exact(y.one_off_reduction_cap.value)) : Exact();
    r.tax = r.tax_before_reduction - r.reduction;
    if (explain) {
        Explanation& e = r.explanation;
        e.set_title("Hong Kong salaries tax, year of assessment " + y.label() + " (HKD)");
        e.add("assessable income", assessable_income.str());
        e.add("MPF deduction", mpf_used.str(), "mandatory contributions, capped at " + y.mpf_cap.value.str(), y.mpf_cap.source.cite());
        e.add("net income", r.net_income.str(), "assessable income - MPF deduction");
        e.add("basic allowance", y.basic_allowance.value.str(), "the only allowance modelled", y.basic_allowance.source.cite());
        e.add("net chargeable income", r.net_chargeable_income.str(), "net income - allowances");
        e.add("progressive tax", r.progressive_tax.str(), y.progressive.describe(hit.index), y.progressive.cite(hit.index));
        if (y.standard_tier_threshold && y.standard_rate_upper)
            e.add("standard-rate tax", r.standard_tax.str(),
                  y.standard_rate.value.percent() + " on the first " + y.standard_tier_threshold->value.str() + " of net income, " +
                      y.standard_rate_upper->value.percent() + " on the rest",
                  y.standard_rate_upper->source.cite());
        else
            e.add("standard-rate tax", r.standard_tax.str(), y.standard_rate.value.percent() + " of net income", y.standard_rate.source.cite());
        e.add("tax before reduction", r.tax_before_reduction.str(), "the lower of progressive and standard-rate tax");
        if (apply_one_off_reduction)
            e.add("one-off reduction", r.reduction.str(), "100% of the tax up to " + y.one_off_reduction_cap.value.str(),
                  y.one_off_reduction_cap.source.cite());
        e.add("Hong Kong tax", r.tax.str());
        if (y.unconfirmed) e.note("UNCONFIRMED: " + y.note);
    }
    return r;
}

struct TableDocument;
class Tables;
/// Parses tables/hk_macao/hong-kong-salaries-tax.yaml (one entry per year of assessment).
std::map<int, std::shared_ptr<const HongKongYear>> parse_hong_kong_table(const TableDocument& doc);

}  // namespace libtax
