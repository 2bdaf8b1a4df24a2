// libtax/comprehensive/other_deductions.hpp - the other deductions the law allows (依法确定的其他
//扣除, IIT Law art. 6 para. 1(1); Impl. Regs art. 13), from their items, each capped by the year's
// table (other_deductions.*):
//   commercial health insurance   min(premiums, annual cap)                  Caishui [2017] 39
//   private pension contributions min(contributions, annual cap)             MOF/STA 2022 No. 34, 2024 No. 21
//   tax-deferred pension (pilot)  min(premiums, wages x share, monthly cap x months)   Caishui [2018] 22
// An item given for a year whose table has no such deduction is a NotAvailableError naming it.
#pragma once

#include <algorithm>
#include <string>

#include "libtax/core/error.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct OtherDeductionItems {
    Money commercial_health_insurance;   ///< premiums paid this year
    Money private_pension;               ///< contributions to the private pension account this year
    Money tax_deferred_pension;          ///< premiums of the tax-deferred commercial pension (pilot)
    Money tax_deferred_pension_wages;    ///< the wages (or continuous labour income) the 6% is taken of
    int tax_deferred_pension_months = 12;
};

struct OtherDeductionsResult {
    int year = 0;
    Money total, commercial_health_insurance, private_pension, tax_deferred_pension;
    Explanation explanation;  ///< the steps, when the caller asked for them (with_steps in core/render.hpp)
};

namespace detail {

inline const Provision* other_deduction(const TaxYear& t, const std::string& name, Money asked) {
    const Provision* p = t.find("other_deductions." + name);
    if (!p && !asked.is_zero())
        throw NotAvailableError(name, asked.str(), "no such other deduction in tax year " + std::to_string(t.year));
    return p;
}

inline Money capped(const TaxYear& t, const std::string& name, Money asked, Explanation* why) {
    require_non_negative(asked, name.c_str());
    const Provision* p = other_deduction(t, name, asked);
    if (!p || asked.is_zero()) return Money();
    const auto& cap = p->amount("annual_cap");
    const Money d = std::min(asked, cap.value);
    if (why) why->add(name, d.str(), "min(" + asked.str() + ", " + cap.value.str() + ")", cap.source.cite());
    return d;
}

inline Money tax_deferred(const TaxYear& t, const OtherDeductionItems& in, Explanation* why) {
    require_non_negative(in.tax_deferred_pension, "tax_deferred_pension");
    require_non_negative(in.tax_deferred_pension_wages, "tax_deferred_pension_wages");
    const Provision* p = other_deduction(t, "tax_deferred_pension", in.tax_deferred_pension);
    if (!p || in.tax_deferred_pension.is_zero()) return Money();
    if (in.tax_deferred_pension_months < 0 || in.tax_deferred_pension_months > 12)
        throw InputError("tax_deferred_pension_months", std::to_string(in.tax_deferred_pension_months), "months of the tax year must be 0 to 12");
    const auto& share = p->rate("wage_share");
    const auto& monthly = p->amount("monthly_cap");
    const Money by_wages = round_half_up(Exact(in.tax_deferred_pension_wages) * share.value);
    const Money by_months = Money::fen(monthly.value.fen() * in.tax_deferred_pension_months);
    const Money d = std::min({in.tax_deferred_pension, by_wages, by_months});
    if (why)
        why->add("tax_deferred_pension", d.str(),
                 "min(" + in.tax_deferred_pension.str() + ", " + in.tax_deferred_pension_wages.str() + " x " + share.value.percent() + ", " +
                     monthly.value.str() + " x " + std::to_string(in.tax_deferred_pension_months) + " months)",
                 share.source.cite());
    if (why && !p->note.empty()) why->note((p->unconfirmed ? "UNCONFIRMED: " : "") + p->note);
    return d;
}

}  // namespace detail

/// The year's other deductions from their items, each within its cap; the steps go to `why`
/// when one is given.
inline OtherDeductionsResult other_deductions(const TaxYear& t, const OtherDeductionItems& in, Explanation* why = nullptr) {
    OtherDeductionsResult r;
    r.year = t.year;
    if (why) why->set_title("Other deductions, tax year " + std::to_string(t.year));
    r.commercial_health_insurance = detail::capped(t, "commercial_health_insurance", in.commercial_health_insurance, why);
    r.private_pension = detail::capped(t, "private_pension", in.private_pension, why);
    r.tax_deferred_pension = detail::tax_deferred(t, in, why);
    r.total = r.commercial_health_insurance + r.private_pension + r.tax_deferred_pension;
    if (why) why->add("other deductions", r.total.str(), "sum of the items");
    return r;
}

}  // namespace libtax
