// libtax/comprehensive/donations.hpp - the deduction of charitable donations (公益慈善事业捐赠,
// IIT Law art. 6 para. 3; MOF/STA Announcement 2019 No. 99): donations up to 30% of the taxable
// income before the donation deduction are deducted; donations the State Council lets deduct in
// full are deducted in full (never below zero taxable income):
//   deduction = min(limited donations, taxable income before donations x 30%)
//             + min(fully deductible donations, what taxable income remains)
// The share is the table's (donations.limit_share); the limit is rounded half-up to the fen.
// Which recipients qualify for the full deduction is the caller's to say.
#pragma once

#include <algorithm>

#include "libtax/core/explanation.hpp"
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
    Explanation explanation;  ///< the steps, when the caller asked for them (with_steps in core/render.hpp)
};

/// The donations deducted; the steps go to `why` when one is given.
inline DonationDeduction donation_deduction(const TaxYear& t, Money taxable_before_donations, Money limited_donations,
                                            Money full_donations = Money(), Explanation* why = nullptr) {
    require_non_negative(taxable_before_donations, "taxable_income");
    require_non_negative(limited_donations, "donations");
    require_non_negative(full_donations, "full_donations");
    const auto& share = t.provision("donations").rate("limit_share");
    DonationDeduction r;
    r.year = t.year;
    r.limit = round_half_up(Exact(taxable_before_donations) * share.value);
    r.limited = std::min(limited_donations, r.limit);
    r.full = std::min(full_donations, taxable_before_donations - r.limited);
    r.deduction = r.limited + r.full;
    if (why) {
        Explanation& e = *why;
        e.set_title("Charitable donations deducted, tax year " + std::to_string(t.year));
        e.add("limit", r.limit.str(), taxable_before_donations.str() + " x " + share.value.percent(), share.source.cite());
        e.add("donations within the limit", r.limited.str(), "min(" + limited_donations.str() + ", " + r.limit.str() + ")");
        if (!full_donations.is_zero()) e.add("donations deducted in full", r.full.str(), "as given, up to the taxable income left");
        e.add("deduction", r.deduction.str());
    }
    return r;
}

}  // namespace libtax
