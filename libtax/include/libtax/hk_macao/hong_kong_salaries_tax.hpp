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

#include "libtax/core/render.hpp"
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
    std::string note;      ///< what is assumed (English)
    std::string note_zh;   ///< the same in Chinese

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
                                                bool apply_one_off_reduction, Trace* trace = nullptr) {
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
    if (trace) {
        trace->title("hong_kong.title", {{"year", y.label()}});
        trace->step("hong_kong.assessable", assessable_income.str());
        trace->step("hong_kong.mpf", mpf_used.str(), "hong_kong.mpf.formula", {{"cap", y.mpf_cap.value.str()}}, y.mpf_cap.source);
        trace->step("hong_kong.net_income", r.net_income.str(), "hong_kong.net_income.formula");
        trace->step("hong_kong.basic_allowance", y.basic_allowance.value.str(), "hong_kong.basic_allowance.formula", {}, y.basic_allowance.source);
        trace->step("hong_kong.net_chargeable", r.net_chargeable_income.str(), "hong_kong.net_chargeable.formula");
        trace->step("hong_kong.progressive", r.progressive_tax.str(), y.progressive.describe_id(hit.index), y.progressive.describe_args(hit.index),
                    y.progressive.source_of(hit.index));
        if (y.standard_tier_threshold && y.standard_rate_upper)
            trace->step("hong_kong.standard", r.standard_tax.str(), "hong_kong.standard.tiered",
                        {{"rate", y.standard_rate.value.percent()}, {"threshold", y.standard_tier_threshold->value.str()},
                         {"upper", y.standard_rate_upper->value.percent()}},
                        y.standard_rate_upper->source);
        else
            trace->step("hong_kong.standard", r.standard_tax.str(), "hong_kong.standard.flat", {{"rate", y.standard_rate.value.percent()}},
                        y.standard_rate.source);
        trace->step("hong_kong.before_reduction", r.tax_before_reduction.str(), "hong_kong.before_reduction.formula");
        if (apply_one_off_reduction)
            trace->step("hong_kong.reduction", r.reduction.str(), "hong_kong.reduction.formula", {{"cap", y.one_off_reduction_cap.value.str()}},
                        y.one_off_reduction_cap.source);
        trace->step("hong_kong.tax", r.tax.str());
        if (y.unconfirmed) trace->note("note.unconfirmed", {{"text", bilingual(y.note, y.note_zh)}});
    }
    return r;
}

struct TableDocument;
class Tables;
/// Parses tables/hk_macao/hong-kong-salaries-tax.yaml (one entry per year of assessment).
std::map<int, std::shared_ptr<const HongKongYear>> parse_hong_kong_table(const TableDocument& doc);

}  // namespace libtax
