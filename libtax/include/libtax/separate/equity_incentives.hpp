// libtax/separate/equity_incentives.hpp - a resident's equity incentives from a listed company
// taxed apart from comprehensive income, inside their legal window (Caishui [2018] No. 164
// item 2; MOF/STA 2021 No. 42; MOF/STA 2023 No. 25 to 2027-12-31).
//
//   tax on the year's grants so far = total income x rate - quick   (comprehensive_annual)
//   tax on this grant               = that tax - tax already paid on earlier grants of the year
#pragma once

#include <vector>

#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct EquityGrantTax {
    Money income;             ///< this grant's income
    Money cumulative_income;  ///< the year's grants up to and including this one
    Money cumulative_tax;     ///< tax on cumulative_income
    Money tax;                ///< due on this grant: cumulative_tax - tax on the earlier grants
};

struct EquityIncentiveTax {
    std::vector<EquityGrantTax> grants;
    Money total_income;
    Money total_tax;
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Explanation explanation;
};

/// Throws NotAvailableError when the year is outside the window of separate taxation.
inline const Provision& equity_incentive_provision(const TaxYear& t) {
    const Provision* p = t.rules().separate.equity_incentives;
    if (!p || !p->period || !p->period->covers_year(t.year))
        throw NotAvailableError("year", std::to_string(t.year), "listed-company equity incentives are not taxed separately this year: they are wages");
    return *p;
}

/// The steps of equity_incentive_tax (equity_incentives.* messages).
inline void trace_equity_incentives(Trace& trace, const TaxYear& t, const Provision& p, const BracketSchedule& s,
                                    const EquityIncentiveTax& r) {
    trace.title("equity_incentives.title", {{"year", std::to_string(t.year)}});
    trace.step("equity_incentives.in_force", p.period->text(), "equity_incentives.in_force.formula", {}, p.source);
    for (std::size_t i = 0; i < r.grants.size(); ++i) {
        const auto& g = r.grants[i];
        const std::string n = std::to_string(i + 1);
        trace.step("equity_incentives.grant", g.income.str(), "equity_incentives.grant.formula",
                   {{"number", n}, {"cumulative", g.cumulative_income.str()}});
        trace.step("equity_incentives.grant_tax", g.tax.str(), "equity_incentives.grant_tax.formula",
                   {{"number", n}, {"cumulative_tax", g.cumulative_tax.str()}, {"paid", (g.cumulative_tax - g.tax).str()}});
    }
    if (r.bracket >= 0) s.trace_bracket(trace, "bracket.step", r.bracket);
    trace.step("equity_incentives.total_tax", r.total_tax.str());
}

/// Separate tax on the year's equity-incentive grants, in the order received.
inline EquityIncentiveTax equity_incentive_tax(const TaxYear& t, const std::vector<Money>& grants, Trace* trace = nullptr) {
    const Provision& p = equity_incentive_provision(t);
    const BracketSchedule& s = t.comprehensive_annual();
    EquityIncentiveTax r;
    Money paid;
    for (std::size_t i = 0; i < grants.size(); ++i) {
        require_non_negative(grants[i], ("grants[" + std::to_string(i) + "]").c_str());
        r.total_income += grants[i];
        const BracketHit hit = s.apply(r.total_income.fen(), 1);
        const Money cumulative = hit.rounded_tax();
        r.grants.push_back({grants[i], r.total_income, cumulative, cumulative - paid});
        paid = cumulative;
        r.bracket = hit.index;
        r.rate = hit.rate();
        r.quick_deduction = hit.quick();
    }
    r.total_tax = paid;
    if (trace) trace_equity_incentives(*trace, t, p, s, r);
    return r;
}

}  // namespace libtax
