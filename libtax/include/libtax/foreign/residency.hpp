// libtax/foreign/residency.hpp - residence status of an individual without domicile in a tax year:
// resident at 183 residence days (IIT Law art. 1), the 90-day exemption for non-residents
// (Impl. Regs art. 5), and for residents the six-year chain (Impl. Regs art. 4).
#pragma once

#include <string>
#include <vector>

#include "libtax/core/render.hpp"
#include "libtax/foreign/presence.hpp"
#include "libtax/foreign/six_year_rule.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// Which sourcing regime applies to a non-domiciled individual's wages for the year.
enum class PresenceStatus {
    nonresident_up_to_90_days,   ///< China-sourced wages paid from abroad and not borne in China exempt
    nonresident_over_90_days,    ///< all China-sourced wages taxable
    resident_without_chain,      ///< resident; foreign income paid from abroad exempt
    resident_with_chain,         ///< resident; worldwide income
};

/// The message id of a status (presence.<status>).
inline const char* status_message(PresenceStatus s) {
    switch (s) {
        case PresenceStatus::nonresident_up_to_90_days: return "presence.nonresident_up_to_90_days";
        case PresenceStatus::nonresident_over_90_days: return "presence.nonresident_over_90_days";
        case PresenceStatus::resident_without_chain: return "presence.resident_without_chain";
        case PresenceStatus::resident_with_chain: return "presence.resident_with_chain";
    }
    return "presence.nonresident_up_to_90_days";
}

inline const char* status_name(PresenceStatus s) {
    switch (s) {
        case PresenceStatus::nonresident_up_to_90_days: return "non-resident, at most 90 days";
        case PresenceStatus::nonresident_over_90_days: return "non-resident, over 90 days";
        case PresenceStatus::resident_without_chain: return "resident, six-year chain not complete";
        case PresenceStatus::resident_with_chain: return "resident, six-year chain complete";
    }
    return "?";
}

/// The status for a number of residence days and the state of the six-year chain.
inline PresenceStatus presence_status(const TaxYear& t, int residence_days, bool six_year_chain) {
    if (residence_days < 0 || residence_days > days_in_year(t.year))
        throw InputError("residence_days", std::to_string(residence_days),
                         "must be between 0 and " + std::to_string(days_in_year(t.year)) + " for tax year " + std::to_string(t.year));
    const PresenceRules& rules = t.rules().presence;
    if (residence_days >= rules.resident_days.value)
        return six_year_chain ? PresenceStatus::resident_with_chain : PresenceStatus::resident_without_chain;
    if (residence_days <= rules.ninety_day_max.value) return PresenceStatus::nonresident_up_to_90_days;
    return PresenceStatus::nonresident_over_90_days;
}

struct Residency {
    int year = 0;
    int residence_days = 0;
    bool resident = false;
    PresenceStatus status = PresenceStatus::nonresident_up_to_90_days;
    SixYearChain chain;  ///< examined for every status; decisive only for residents
    std::string reason;
    Explanation explanation;
};

/// Residence days, the 183- and 90-day tests and the six-year chain for tax year t.year.
inline Residency residency(const TaxYear& t, const std::vector<Stay>& stays, Trace* trace = nullptr) {
    const std::vector<Stay> sorted = checked_stays(stays);
    const auto& resident_days = t.rules().presence.resident_days;
    const auto& ninety = t.rules().presence.ninety_day_max;
    Residency r;
    r.year = t.year;
    r.residence_days = residence_days_checked(sorted, t.year);
    if (trace) trace->title("residency.title", {{"year", std::to_string(t.year)}});
    r.chain = six_year_chain(t, sorted, nullptr);  // its steps are recorded for residents only (below)
    r.resident = r.residence_days >= resident_days.value;
    r.status = presence_status(t, r.residence_days, r.chain.complete);
    const std::string days = std::to_string(r.residence_days) + " residence days in " + std::to_string(t.year);
    switch (r.status) {
        case PresenceStatus::nonresident_up_to_90_days:
            r.reason = days + " (fewer than " + std::to_string(resident_days.value) + "; at most " + std::to_string(ninety.value) +
                       "): non-resident; China-sourced wages paid from abroad and not borne in China are exempt";
            break;
        case PresenceStatus::nonresident_over_90_days:
            r.reason = days + " (over " + std::to_string(ninety.value) + ", fewer than " + std::to_string(resident_days.value) +
                       "): non-resident; all China-sourced income taxable";
            break;
        case PresenceStatus::resident_without_chain:
        case PresenceStatus::resident_with_chain:
            r.reason = days + " (at least " + std::to_string(resident_days.value) + "): resident; " + r.chain.reason;
            break;
    }
    if (trace) {
        const std::string ninety_days = std::to_string(ninety.value);
        trace->step("residency.days", std::to_string(r.residence_days), "residency.days.formula", {}, t.rules().presence.residence_source);
        trace->step("residency.resident_test", message_id(r.resident ? "residency.resident" : "residency.nonresident"),
                    "residency.resident_test.formula", {{"days", std::to_string(resident_days.value)}}, resident_days.source);
        if (!r.resident) {
            trace->step("residency.ninety_test", message_id(r.residence_days <= ninety.value ? "residency.at_most" : "residency.over"),
                        "residency.ninety_test.formula", {{"days", ninety_days}}, ninety.source);
        } else {
            TraceScope part(trace, "residency.six_year");
            six_year_chain(t, sorted, trace);  // the same chain, now with its steps
        }
        trace->step("residency.status", message_id(status_message(r.status)), "common.text", {{"text", r.reason}});
    }
    return r;
}

}  // namespace libtax
