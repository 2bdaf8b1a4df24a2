// libtax/foreign/six_year_rule.hpp - the six-year rule for individuals without domicile
// (Impl. Regs art. 4; MOF/STA 2019 No. 34 art. 1).
//
// A non-domiciled resident is taxed on foreign income paid from abroad only when each of the six
// consecutive years before the tax year had at least 183 residence days and none of them a
// single absence of more than 30 days. Years before 2019 never count, so the first year anyone
// can be taxed that way is 2025. A year that fails restarts the count. All the numbers are
// table values of the tax year asked about (foreign.six_year_rule, foreign.residence).
#pragma once

#include <string>
#include <vector>

#include "libtax/core/render.hpp"
#include "libtax/foreign/presence.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// One earlier year examined for the chain.
struct ChainYear {
    int year = 0;
    int residence_days = 0;
    int longest_absence = 0;  ///< whole days of the longest single absence touching the year
    bool qualifies = false;
    std::string reason;
};

struct SixYearChain {
    int year = 0;                  ///< the tax year asked about
    int consecutive_years = 0;     ///< qualifying years in a row just before `year` (from first_year on)
    int years_needed = 0;          ///< 6
    bool complete = false;         ///< worldwide income (foreign-paid foreign income not exempt)
    std::vector<ChainYear> years;  ///< the years examined, most recent first
    std::string reason;
    Explanation explanation;       ///< filled only when asked for
};

inline SixYearChain six_year_chain(const TaxYear& t, const std::vector<Stay>& stays, Trace* trace = nullptr) {
    const std::vector<Stay> sorted = checked_stays(stays);
    const PresenceRules& presence = t.rules().presence;
    const Provision& rule = *presence.six_year_rule;
    const auto& needed = presence.chain_years;
    const auto& max_absence = presence.max_single_absence;
    const auto& first_year = presence.chain_first_year;
    const auto& resident_days = presence.resident_days;

    SixYearChain c;
    c.year = t.year;
    c.years_needed = static_cast<int>(needed.value);
    std::string broke;
    for (int y = t.year - 1; y >= t.year - c.years_needed; --y) {
        if (y < first_year.value) {
            broke = std::to_string(y) + " is before " + std::to_string(first_year.value) + ", the first year that counts";
            break;
        }
        ChainYear cy;
        cy.year = y;
        cy.residence_days = residence_days_checked(sorted, y);
        for (const auto& a : absences_touching(sorted, y)) cy.longest_absence = std::max(cy.longest_absence, a.days);
        const bool enough = cy.residence_days >= resident_days.value;
        const bool short_trips = cy.longest_absence <= max_absence.value;
        cy.qualifies = enough && short_trips;
        if (!enough)
            cy.reason = std::to_string(cy.residence_days) + " residence days, fewer than " + std::to_string(resident_days.value);
        else if (!short_trips)
            cy.reason = "a single absence of " + std::to_string(cy.longest_absence) + " days, more than " + std::to_string(max_absence.value);
        else
            cy.reason = std::to_string(cy.residence_days) + " residence days, longest absence " + std::to_string(cy.longest_absence) + " days";
        c.years.push_back(cy);
        if (!cy.qualifies) {
            broke = std::to_string(y) + " does not qualify (" + cy.reason + ")";
            break;
        }
        ++c.consecutive_years;
    }
    c.complete = c.consecutive_years >= c.years_needed;
    if (c.complete)
        c.reason = "the six years " + std::to_string(t.year - c.years_needed) + "-" + std::to_string(t.year - 1) +
                   " each had " + std::to_string(resident_days.value) + "+ residence days and no single absence over " +
                   std::to_string(max_absence.value) + " days: if resident in " + std::to_string(t.year) + ", taxed on worldwide income";
    else
        c.reason = "chain of " + std::to_string(c.consecutive_years) + " qualifying year(s) before " + std::to_string(t.year) +
                   ", " + std::to_string(c.years_needed) + " needed (" + broke +
                   "): foreign income paid from abroad is exempt (record filing)";
    if (trace) {
        trace->title("six_year.title", {{"year", std::to_string(t.year)}});
        trace->step("six_year.years_needed", std::to_string(c.years_needed), "six_year.years_needed.formula", {}, needed.source);
        trace->step("six_year.days_per_year", std::to_string(resident_days.value), "six_year.days_per_year.formula", {}, resident_days.source);
        trace->step("six_year.max_absence", message_id("six_year.days"), "six_year.max_absence.formula",
                    {{"days", std::to_string(max_absence.value)}}, max_absence.source);
        trace->step("six_year.first_year", std::to_string(first_year.value), {}, {}, first_year.source);
        for (const auto& y : c.years)
            trace->step("six_year.year", message_id(y.qualifies ? "six_year.qualifies" : "six_year.breaks"), "common.text",
                        {{"year", std::to_string(y.year)}, {"text", y.reason}});
        trace->step("six_year.chain", message_id(c.complete ? "six_year.complete" : "six_year.not_complete"), "common.text", {{"text", c.reason}});
        if (rule.unconfirmed) trace->note("six_year.unconfirmed", {{"text", rule.note_text()}});
    }
    return c;
}

}  // namespace libtax
