// libtax/comprehensive/donations.hpp - the deduction of charitable donations (公益慈善事业捐赠,
// IIT Law art. 6 para. 3; MOF/STA Announcement 2019 No. 99): donations up to 30% of the taxable
// income before the donation deduction are deducted; donations the State Council lets deduct in
// full are deducted in full (never below zero taxable income):
//   deduction = min(limited donations, taxable income before donations x 30%)
//             + min(fully deductible donations, what taxable income remains)
// The share is the table's (donations.limit_share, resolved at load into the year's rules); the
// limit is rounded half-up to the fen. Which recipients qualify for the full deduction is the
// caller's to say. The steps are recorded as message ids (donation.*) into an optional Trace.
#pragma once

#include <algorithm>

#include "libtax/core/error.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/trace.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct DonationDeduction {
    int year = 0;
    Money limit;       ///< 30% of the taxable income before donations
    Money limited;     ///< deducted of the donations subject to the limit
    Money full;        ///< deducted of the fully deductible donations
    Money deduction;   ///< limited + full
    Explanation explanation;  ///< the English steps, when asked for through `explained` (core/render.hpp)
};

/// The donations deducted; the steps go to `trace` when one is given.
inline DonationDeduction donation_deduction(const TaxYear& t, Money taxable_before_donations, Money limited_donations,
                                            Money full_donations = Money(), Trace* trace = nullptr) {
    require_non_negative(taxable_before_donations, "taxable_income");
    require_non_negative(limited_donations, "donations");
    require_non_negative(full_donations, "full_donations");
    const YearRules& rules = t.rules();
    if (!rules.donations) throw TableError(t.file, 1, "donations", "no such provision in this year's table");
    const Sourced<Rate>& share = rules.donation_limit_share;
    DonationDeduction r;
    r.year = t.year;
    r.limit = round_half_up(Exact(taxable_before_donations) * share.value);
    r.limited = std::min(limited_donations, r.limit);
    r.full = std::min(full_donations, taxable_before_donations - r.limited);
    r.deduction = r.limited + r.full;
    if (trace) {
        trace->title("donation.title", {{"year", std::to_string(t.year)}});
        trace->step("donation.limit", r.limit.str(), "donation.limit.formula",
                    {{"taxable", taxable_before_donations.str()}, {"share", share.value.percent()}}, share.source);
        trace->step("donation.limited", r.limited.str(), "donation.limited.formula", {{"donations", limited_donations.str()}, {"limit", r.limit.str()}});
        if (!full_donations.is_zero()) trace->step("donation.full", r.full.str(), "donation.full.formula");
        trace->step("donation.deduction", r.deduction.str());
    }
    return r;
}

}  // namespace libtax
