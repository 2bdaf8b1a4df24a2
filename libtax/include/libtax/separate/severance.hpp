// libtax/separate/severance.hpp - a resident's one-off compensation on termination of employment
// (Caishui [2018] No. 164 item 5(1)): the part up to 3 x the local prior-year average annual wage
// of employees is exempt; the excess is taxed alone on comprehensive_annual, with no deduction.
// The local average wage is an input (it is published per city, not set by national law).
#pragma once

#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct SeveranceTax {
    Money amount;
    Money exempt;   ///< min(amount, multiple x local average wage)
    Money taxable;  ///< the excess
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Money tax;
    Explanation explanation;
};

inline SeveranceTax severance_tax(const TaxYear& t, Money amount, Money local_average_wage, Trace* trace = nullptr) {
    require_non_negative(amount, "amount");
    require_non_negative(local_average_wage, "local_average_wage");
    const auto& multiple = t.rules().separate.severance_exempt_multiple;
    SeveranceTax r;
    r.amount = amount;
    r.exempt = min(amount, local_average_wage * multiple.value);
    r.taxable = amount - r.exempt;
    const BracketSchedule& s = t.comprehensive_annual();
    const BracketHit hit = s.apply(r.taxable.fen(), 1);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (trace) {
        trace->title("severance.title", {{"year", std::to_string(t.year)}});
        trace->step("severance.amount", amount.str());
        trace->step("severance.exempt", r.exempt.str(), "severance.exempt.formula",
                    {{"multiple", std::to_string(multiple.value)}, {"average_wage", local_average_wage.str()}}, multiple.source);
        trace->step("severance.taxable", r.taxable.str(), "severance.taxable.formula");
        s.trace_tax(*trace, hit.index, r.taxable.str(), r.tax);
    }
    return r;
}

}  // namespace libtax
