// libtax/foreign/nonresident_equity.hpp - a non-resident's equity-incentive income (MOF/STA
// Announcement 2019 No. 35 art. 3(2) item 3, formula 6): the month's China-sourced income amount
// (art. 2; foreign/wage_sourcing.hpp), not merged with the month's other wages, spread over 6
// months, no deduction, on the monthly table (nonresident_monthly); every grant of the calendar
// year is added up:
//   tax this month = [(the year's equity income so far / 6) x rate - quick] x 6
//                    - tax already paid on the year's earlier equity income
// rate and quick found on (the year's equity income so far / 6). The divisor 6 is the table's
// foreign.nonresident_equity.divisor.
#pragma once

#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct NonresidentEquityGrant {
    Money income;             ///< this month's China-sourced equity income amount
    Money cumulative_income;  ///< the year's equity income up to and including this one
    Exact part;               ///< cumulative_income / 6: finds the rate
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Money cumulative_tax;     ///< [(cumulative / 6) x rate - quick] x 6, rounded
    Money tax;                ///< due this month: cumulative_tax - the year's earlier tax
};

struct NonresidentEquityTax {
    std::vector<NonresidentEquityGrant> grants;
    Money total_income;
    Money total_tax;
};

/// A non-resident's tax on the year's equity-incentive income, one entry per month it is received,
/// in order (amounts already sourced to China).
inline NonresidentEquityTax nonresident_equity_tax(const TaxYear& t, const std::vector<Money>& grants, Trace* trace = nullptr) {
    const Provision* p = t.rules().foreign.nonresident_equity;
    if (!p) throw NotAvailableError("year", std::to_string(t.year), "the tables of this year do not state the non-resident equity-incentive formula");
    const auto& divisor = t.rules().foreign.equity_divisor;
    const BracketSchedule& s = t.nonresident_monthly();
    NonresidentEquityTax r;
    Money paid;
    for (std::size_t i = 0; i < grants.size(); ++i) {
        require_non_negative(grants[i], ("grants[" + std::to_string(i) + "]").c_str());
        NonresidentEquityGrant g;
        g.income = grants[i];
        r.total_income += grants[i];
        g.cumulative_income = r.total_income;
        g.part = Exact(g.cumulative_income).scaled(1, divisor.value);
        const BracketHit hit = s.apply(g.part);
        g.bracket = hit.index;
        g.rate = hit.rate();
        g.quick_deduction = hit.quick();
        g.cumulative_tax = hit.rounded_tax(divisor.value);
        g.tax = max(g.cumulative_tax - paid, Money());
        paid = paid + g.tax;
        r.grants.push_back(g);
    }
    r.total_tax = paid;
    if (trace) {
        const std::string d = std::to_string(divisor.value);
        trace->title("nonresident_equity.title", {{"year", std::to_string(t.year)}});
        trace->step("nonresident_equity.rule", d, "nonresident_equity.rule.formula", {}, divisor.source);
        Money before;
        for (std::size_t i = 0; i < r.grants.size(); ++i) {
            const auto& g = r.grants[i];
            const std::string n = std::to_string(i + 1);
            trace->step("nonresident_equity.grant", g.income.str(), "nonresident_equity.grant.formula",
                        {{"number", n}, {"cumulative", g.cumulative_income.str()}});
            trace->step("nonresident_equity.part", g.part.str(), "nonresident_equity.part.formula",
                        {{"cumulative", g.cumulative_income.str()}, {"divisor", d}});
            s.trace_bracket(*trace, "bracket.step", g.bracket);
            trace->step("nonresident_equity.grant_tax", g.tax.str(), "nonresident_equity.grant_tax.formula",
                        {{"number", n}, {"part", g.part.str()}, {"rate", g.rate.percent()}, {"quick", g.quick_deduction.str()},
                         {"divisor", d}, {"cumulative_tax", g.cumulative_tax.str()}, {"paid", before.str()}});
            before = before + g.tax;
        }
        trace->step("nonresident_equity.total_tax", r.total_tax.str());
        if (p->unconfirmed) trace->note("note.unconfirmed", {{"text", p->note_text()}});
    }
    return r;
}

}  // namespace libtax
