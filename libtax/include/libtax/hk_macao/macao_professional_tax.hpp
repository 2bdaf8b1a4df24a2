// libtax/hk_macao/macao_professional_tax.hpp - Macao professional tax (職業稅, Law 2/78/M) for
// employees (group 1), for one calendar year, as loaded from
// tables/hk_macao/macao-professional-tax.yaml. Used as the "Macao burden" of the Hengqin and
// Nansha Macao-resident regimes.
//
//   taxable income = assessable income x (1 - fixed deduction)        (25%; 30% in 2020)
//   tax            = bands on taxable income (0% up to the exempt threshold)
//   tax payable    = tax x (1 - budget-law reduction)                  (30%, if applied)
//
// Amounts are patacas held in a Money (avos); no conversion happens here. The refund scheme
// (60% of an earlier year's tax for Macao ID holders) is not applied (UNCONFIRMED whether the
// Mainland rules count it).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/tables/bracket_schedule.hpp"

namespace libtax {

struct MacaoYear {
    int year = 0;
    std::string file;
    BracketSchedule bands;          ///< on taxable income; first band 0% up to the exempt threshold
    Sourced<Rate> fixed_deduction;  ///< share of assessable income deducted
    Sourced<Rate> budget_reduction; ///< share of the tax waived by that year's budget law
    bool unconfirmed = false;
    std::string note;      ///< what is assumed (English)
    std::string note_zh;   ///< the same in Chinese
};

struct MacaoTaxResult {
    int year = 0;
    Exact taxable_income, tax_before_reduction, reduction, tax;  ///< MOP, exact
    Explanation explanation;
};

inline MacaoTaxResult macao_professional_tax(const MacaoYear& y, const Exact& assessable_income, bool apply_budget_reduction,
                                             Trace* trace = nullptr) {
    if (assessable_income.is_negative()) throw InputError("assessable_income", assessable_income.str(), "must not be negative");
    MacaoTaxResult r;
    r.year = y.year;
    const Exact deduction = assessable_income * y.fixed_deduction.value;
    r.taxable_income = assessable_income - deduction;
    const BracketHit hit = y.bands.apply(r.taxable_income);
    r.tax_before_reduction = max(hit.tax(), Exact());
    r.reduction = apply_budget_reduction ? r.tax_before_reduction * y.budget_reduction.value : Exact();
    r.tax = r.tax_before_reduction - r.reduction;
    if (trace) {
        trace->title("macao.title", {{"year", std::to_string(y.year)}});
        trace->step("macao.assessable", assessable_income.str());
        trace->step("macao.fixed_deduction", deduction.str(), "macao.fixed_deduction.formula", {{"share", y.fixed_deduction.value.percent()}},
                    y.fixed_deduction.source);
        trace->step("macao.taxable", r.taxable_income.str());
        trace->step("macao.tax_by_bands", r.tax_before_reduction.str(), y.bands.describe_id(hit.index), y.bands.describe_args(hit.index),
                    y.bands.source_of(hit.index));
        if (apply_budget_reduction)
            trace->step("macao.reduction", r.reduction.str(), "macao.reduction.formula", {{"share", y.budget_reduction.value.percent()}},
                        y.budget_reduction.source);
        trace->step("macao.tax", r.tax.str());
        if (y.unconfirmed) trace->note("note.unconfirmed", {{"text", bilingual(y.note, y.note_zh)}});
    }
    return r;
}

struct TableDocument;
/// Parses tables/hk_macao/macao-professional-tax.yaml (one entry per calendar year).
std::map<int, std::shared_ptr<const MacaoYear>> parse_macao_table(const TableDocument& doc);

}  // namespace libtax
