// libtax/separate/annuity_payout.hpp - enterprise and occupational annuity (企业年金、职业年金)
// received after reaching the statutory retirement age (Caishui [2018] No. 164 item 4): not
// comprehensive income, the whole payout taxed alone, with no deduction:
//   monthly payout                          tax = payout x rate - quick                 (comprehensive_monthly)
//   quarterly payout                        tax = [(payout / 3) x rate - quick] x 3     (comprehensive_monthly, each month)
//   annual payout                           tax = payout x rate - quick                 (comprehensive_annual)
//   lump sum on emigration, or to the beneficiary or heir on death
//                                           tax = lump sum x rate - quick               (comprehensive_annual)
//   lump sum for any other reason           tax = lump sum x rate - quick               (comprehensive_monthly)
// The 3 months of a quarter are the table's separately_taxed.annuity_payouts.quarterly_months.
// The payout must conform to Caishui [2013] No. 103; the deduction it allows of contributions
// already taxed before 2014 is not modelled (pass the taxable part).
#pragma once

#include <string>

#include "libtax/core/error.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// How the annuity is received (the cases of Caishui [2018] No. 164 item 4).
enum class AnnuityPayoutKind { monthly, quarterly, annual, lump_sum_emigration_or_death, lump_sum_other };

inline const char* annuity_payout_name(AnnuityPayoutKind k) {
    switch (k) {
        case AnnuityPayoutKind::monthly: return "monthly";
        case AnnuityPayoutKind::quarterly: return "quarterly";
        case AnnuityPayoutKind::annual: return "annual";
        case AnnuityPayoutKind::lump_sum_emigration_or_death: return "lump_sum_emigration_or_death";
        case AnnuityPayoutKind::lump_sum_other: return "lump_sum_other";
    }
    return "?";
}

/// "monthly", "quarterly", "annual", "lump_sum_emigration_or_death", "lump_sum_other";
/// InputError naming `field` for anything else.
inline AnnuityPayoutKind parse_annuity_payout(const std::string& s, const std::string& field = "payout") {
    for (AnnuityPayoutKind k : {AnnuityPayoutKind::monthly, AnnuityPayoutKind::quarterly, AnnuityPayoutKind::annual,
                                AnnuityPayoutKind::lump_sum_emigration_or_death, AnnuityPayoutKind::lump_sum_other})
        if (s == annuity_payout_name(k)) return k;
    throw InputError(field, s, "not a kind of annuity payout (monthly, quarterly, annual, lump_sum_emigration_or_death, lump_sum_other)");
}

struct AnnuityPayoutTax {
    Money amount;
    AnnuityPayoutKind payout = AnnuityPayoutKind::monthly;
    int months = 1;              ///< months the payout is spread over (3 for a quarterly payout, else 1)
    Exact per_month;             ///< amount / months (the amount itself when not spread)
    std::string schedule;        ///< "comprehensive_monthly" or "comprehensive_annual"
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Money tax;
};

inline AnnuityPayoutTax annuity_payout_tax(const TaxYear& t, AnnuityPayoutKind payout, Money amount, Trace* trace = nullptr) {
    require_non_negative(amount, "amount");
    const Provision* p = t.rules().separate.annuity_payouts;
    if (!p || (p->period && !p->period->covers_year(t.year)))
        throw NotAvailableError("year", std::to_string(t.year), "the tables of this year do not state how annuity payouts are taxed");
    AnnuityPayoutTax r;
    r.amount = amount;
    r.payout = payout;
    const bool annual_table = payout == AnnuityPayoutKind::annual || payout == AnnuityPayoutKind::lump_sum_emigration_or_death;
    const BracketSchedule& s = annual_table ? t.comprehensive_annual() : t.comprehensive_monthly();
    r.schedule = s.name();
    const Sourced<std::int64_t>* quarter = nullptr;
    if (payout == AnnuityPayoutKind::quarterly) {
        quarter = &t.rules().separate.annuity_quarterly_months;
        r.months = static_cast<int>(quarter->value);
    }
    r.per_month = Exact(amount).scaled(1, r.months);
    const BracketHit hit = s.apply(r.per_month);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax(r.months);
    if (trace) {
        trace->title("annuity.title", {{"year", std::to_string(t.year)}});
        trace->step("annuity.payout", message_id(std::string("annuity.kind.") + annuity_payout_name(payout)),
                    annual_table ? "annuity.payout.annual_table" : "annuity.payout.monthly_table", {}, p->source);
        trace->step("annuity.amount", amount.str());
        if (quarter)
            trace->step("annuity.per_month", r.per_month.str(), "annuity.per_month.formula",
                        {{"amount", amount.str()}, {"months", std::to_string(r.months)}}, quarter->source);
        if (quarter)
            s.trace_tax(*trace, hit.index, r.per_month.str(), r.tax, "annuity.tax.spread_formula", {{"months", std::to_string(r.months)}});
        else
            s.trace_tax(*trace, hit.index, amount.str(), r.tax);
        trace->note("annuity.not_merged");
    }
    return r;
}

}  // namespace libtax
