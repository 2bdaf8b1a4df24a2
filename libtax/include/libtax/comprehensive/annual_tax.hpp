// libtax/comprehensive/annual_tax.hpp - a resident's annual tax on comprehensive income
// (IIT Law arts. 2, 3, 6; Annex Table 1).
//
//   taxable income = income amount - basic deduction - special deductions
//                    - special additional deductions - other deductions      (never below 0)
//   tax            = taxable income x rate - quick deduction                  (rounded to the fen)
#pragma once

#include "libtax/comprehensive/income_amount.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/tables/bracket_schedule.hpp"

namespace libtax {

/// A resident's comprehensive income and deductions for one tax year.
struct ComprehensiveIncome {
    ComprehensiveReceipts receipts;
    Money social_insurance;    ///< special deductions (专项扣除): pension, medical, unemployment, housing fund
    Money special_additional;  ///< special additional deductions (专项附加扣除), total for the year
    Money other_deductions;    ///< other deductions set by law (commercial health insurance, private pension, ...)

    void validate() const {
        receipts.validate();
        require_non_negative(social_insurance, "social_insurance");
        require_non_negative(special_additional, "special_additional");
        require_non_negative(other_deductions, "other_deductions");
    }
};

struct AnnualTaxResult {
    int year = 0;
    Exact income_amount;      ///< comprehensive income amount (收入额), exact
    Money basic_deduction;
    Exact taxable_income;     ///< exact; never negative
    int bracket = -1;         ///< 0-based index in comprehensive_annual; -1 when nothing is taxable
    Rate rate;
    Money quick_deduction;
    Money tax;                ///< rounded half-up to the fen
    Explanation explanation;  ///< filled only when asked for
};

/// The annual computation from an income amount on: deductions, taxable income, bracket, tax.
/// annual_tax() and the non-domiciled resident's tax (foreign/nondomiciled_annual_tax.hpp, whose
/// wage amount is an exact fraction of a fen) share it. `in` supplies the deductions.
inline void annual_tax_from_income_amount(const TaxYear& t, const Exact& income_amount, const ComprehensiveIncome& in,
                                          AnnualTaxResult& r, Explanation* why) {
    r.year = t.year;
    r.income_amount = income_amount;
    const auto& basic = t.provision("basic_deduction").amount("annual");
    r.basic_deduction = basic.value;
    const Exact raw = income_amount - Exact(basic.value) - Exact(in.social_insurance) - Exact(in.special_additional) -
                      Exact(in.other_deductions);
    r.taxable_income = max(raw, Exact());
    const BracketSchedule& s = t.comprehensive_annual();
    const BracketHit hit = s.apply(r.taxable_income);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (why) {
        why->add("basic deduction", basic.value.str(), "", basic.source.cite());
        if (!in.social_insurance.is_zero()) why->add("special deductions", in.social_insurance.str(), "social insurance and housing fund (employee share)");
        if (!in.special_additional.is_zero())
            why->add("special additional deductions", in.special_additional.str(), "taken as given (a total, not computed from items)");
        if (!in.other_deductions.is_zero()) why->add("other deductions", in.other_deductions.str());
        why->add("taxable income", r.taxable_income.str(),
                 "income amount - basic deduction - special - special additional - other" +
                     std::string(raw.is_negative() ? " (negative: nothing is taxable)" : ""));
        if (hit.bracket) {
            why->add("bracket", s.describe(hit.index), "", s.cite(hit.index));
            why->add("tax", r.tax.str(), r.taxable_income.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str() + ", rounded half-up to the fen");
        } else {
            why->add("tax", r.tax.str(), "nothing is taxable");
        }
    }
}

/// Annual tax on comprehensive income. Pass `explain` to get the steps in result.explanation.
inline AnnualTaxResult annual_tax(const TaxYear& t, const ComprehensiveIncome& in, bool explain = false) {
    in.validate();
    AnnualTaxResult r;
    Explanation* why = nullptr;
    if (explain) {
        r.explanation.set_title("Annual comprehensive income tax, resident, tax year " + std::to_string(t.year));
        why = &r.explanation;
    }
    const IncomeAmount ia = income_amount(t, in.receipts, why);
    annual_tax_from_income_amount(t, ia.total, in, r, why);
    return r;
}

}  // namespace libtax
