// libtax/separate/internal_retirement.hpp - a lump sum received on internal retirement (内部退养)
// from the former employer (Guoshuifa [1999] No. 58 item 1 para. 2, applied from 2019 by Caishui
// [2018] No. 164 item 5(3)); on the monthly table (comprehensive_monthly):
//   rate, quick  found on   lump / months + wage - 5,000            (months: to statutory retirement)
//   combined tax          = (wage + lump - 5,000) x rate - quick
//   lump sum's tax        = combined tax - [(wage - 5,000) x its own rate - its quick]
// `wage` is the month's wages and salaries (less their exempt part and the month's special
// deductions), the 5,000 the table's basic_deduction.monthly. A balance (lump / months + wage -
// 5,000) of zero or less leaves nothing taxable. Subtracting the wages' own tax (they are withheld
// by the cumulative method) follows tax-bureau answers, not a text: UNCONFIRMED, see the provision.
#pragma once

#include <string>

#include "libtax/core/error.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct InternalRetirementTax {
    Money amount;            ///< the lump sum
    int months = 0;          ///< months from internal retirement to statutory retirement age
    Money wage;              ///< the month's wages
    Money deduction;         ///< basic_deduction.monthly
    Exact per_month;         ///< amount / months
    Exact rate_base;         ///< amount / months + wage - deduction: finds the rate
    Exact combined_taxable;  ///< wage + amount - deduction
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Exact combined_tax;      ///< combined_taxable x rate - quick (before rounding)
    Exact wage_tax;          ///< the month's wages alone on the same table (before rounding)
    Money tax;               ///< combined_tax - wage_tax, rounded: the lump sum's tax
};

inline InternalRetirementTax internal_retirement_tax(const TaxYear& t, Money amount, int months, Money wage, Trace* trace = nullptr) {
    require_non_negative(amount, "amount");
    require_non_negative(wage, "wage");
    if (months < 1 || months > 600)
        throw InputError("months_to_retirement", std::to_string(months), "whole months from internal retirement to statutory retirement age, 1 to 600");
    const Provision* p = t.rules().separate.internal_retirement;
    if (!p || (p->period && !p->period->covers_year(t.year)))
        throw NotAvailableError("year", std::to_string(t.year), "the tables of this year do not state how internal-retirement lump sums are taxed");
    const auto& ded = t.rules().basic_monthly;
    const BracketSchedule& s = t.comprehensive_monthly();
    InternalRetirementTax r;
    r.amount = amount;
    r.months = months;
    r.wage = wage;
    r.deduction = ded.value;
    r.per_month = Exact(amount).scaled(1, months);
    r.rate_base = r.per_month + Exact(wage) - Exact(ded.value);
    r.combined_taxable = Exact(amount) + Exact(wage) - Exact(ded.value);
    const BracketHit combined = s.apply_selected(r.rate_base, r.combined_taxable);
    r.bracket = combined.index;
    r.rate = combined.rate();
    r.quick_deduction = combined.quick();
    r.combined_tax = combined.tax();
    const BracketHit own = s.apply(Exact(wage) - Exact(ded.value));
    r.wage_tax = own.tax();
    r.tax = round_half_up(max(r.combined_tax - r.wage_tax, Exact()));
    if (trace) {
        const std::string m = std::to_string(months);
        trace->title("internal_retirement.title", {{"year", std::to_string(t.year)}});
        trace->step("internal_retirement.per_month", r.per_month.str(), "internal_retirement.per_month.formula",
                    {{"amount", amount.str()}, {"months", m}}, p->source);
        trace->step("internal_retirement.monthly_deduction", ded.value.str(), {}, {}, ded.source);
        trace->step("internal_retirement.rate_base", r.rate_base.str(), "internal_retirement.rate_base.formula",
                    {{"per_month", r.per_month.str()}, {"wage", wage.str()}, {"deduction", ded.value.str()}});
        s.trace_bracket(*trace, "bracket.step", combined.index);
        trace->step("internal_retirement.combined_tax", r.combined_tax.str(), "internal_retirement.combined_tax.formula",
                    {{"wage", wage.str()}, {"amount", amount.str()}, {"deduction", ded.value.str()},
                     {"rate", combined.rate().percent()}, {"quick", combined.quick().str()}});
        trace->step("internal_retirement.wage_tax", r.wage_tax.str(), "internal_retirement.wage_tax.formula",
                    {{"wage", wage.str()}, {"deduction", ded.value.str()}, {"rate", own.rate().percent()}, {"quick", own.quick().str()}});
        trace->step("internal_retirement.tax", r.tax.str(), "internal_retirement.tax.formula");
        if (p->unconfirmed) trace->note("note.unconfirmed", {{"text", p->note_text()}});
    }
    return r;
}

}  // namespace libtax
