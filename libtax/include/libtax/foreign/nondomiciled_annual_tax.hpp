// libtax/foreign/nondomiciled_annual_tax.hpp - a non-domiciled resident's annual tax (MOF/STA
// 2019 No. 35 art. 3(1), formula 4): the ordinary annual computation with the wage income
// amount being the year's China-sourced wages (sum of the months under formula 3, or all wages
// with the six-year chain complete). The sourced wages are exact fractions of a fen, so the
// computation mirrors comprehensive/annual_tax.hpp on an exact wage amount.
#pragma once

#include "libtax/comprehensive/annual_tax.hpp"

namespace libtax {

/// `other` holds the year's other comprehensive receipts and deductions; its wages must be zero
/// (the wages come in `sourced_wages`).
inline AnnualTaxResult nondomiciled_annual_tax(const TaxYear& t, const Exact& sourced_wages, const ComprehensiveIncome& other,
                                               bool explain = false) {
    other.validate();
    if (sourced_wages.is_negative()) throw InputError("sourced_wages", sourced_wages.str(), "must not be negative");
    if (!other.receipts.wages.is_zero())
        throw InputError("wages", other.receipts.wages.str(), "pass the wages as sourced_wages (the China-sourced part)");
    AnnualTaxResult r;
    r.year = t.year;
    Explanation* why = nullptr;
    if (explain) {
        r.explanation.set_title("Annual tax of a non-domiciled resident, tax year " + std::to_string(t.year));
        r.explanation.add("China-sourced wages", sourced_wages.str(), "sum of the months' sourced wages (2019 No. 35 art. 2)");
        why = &r.explanation;
    }
    const IncomeAmount ia = income_amount(t, other.receipts, why);
    r.income_amount = sourced_wages + ia.total;
    const auto& basic = t.provision("basic_deduction").amount("annual");
    r.basic_deduction = basic.value;
    const Exact raw = r.income_amount - Exact(basic.value) - Exact(other.social_insurance) - Exact(other.special_additional) -
                      Exact(other.other_deductions);
    r.taxable_income = max(raw, Exact());
    const BracketSchedule& s = t.comprehensive_annual();
    const BracketHit hit = s.apply(r.taxable_income);
    r.bracket = hit.index;
    if (hit.bracket) {
        r.rate = hit.bracket->rate;
        r.quick_deduction = hit.bracket->quick;
    }
    r.tax = round_half_up(max(hit.tax, Exact()));
    if (why) {
        why->add("income amount", r.income_amount.str(), "sourced wages + other items' income amount");
        why->add("basic deduction", basic.value.str(), "", basic.source.cite());
        if (!other.social_insurance.is_zero()) why->add("special deductions", other.social_insurance.str());
        if (!other.special_additional.is_zero()) why->add("special additional deductions", other.special_additional.str());
        if (!other.other_deductions.is_zero()) why->add("other deductions", other.other_deductions.str());
        why->add("taxable income", r.taxable_income.str(), "income amount - deductions (never below 0)");
        if (hit.bracket) {
            why->add("bracket", s.describe(hit.index), "", s.cite(hit.index));
            why->add("tax", r.tax.str(), r.taxable_income.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str() + ", rounded half-up to the fen");
        } else {
            why->add("tax", r.tax.str(), "nothing is taxable");
        }
    }
    return r;
}

}  // namespace libtax
