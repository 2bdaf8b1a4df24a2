// libtax/separate/private_pension.hpp - private pension payouts (个人养老金领取), taxed apart from
// comprehensive income: tax = amount received x 3% (MOF/STA Announcement 2022 No. 34 art. 1;
// nationwide from 2024-12-15 by MOF/STA 2024 No. 21). No deduction; the rate and its dates are
// the table's (separately_taxed.private_pension_withdrawal). Before the scheme (2022) asking is a
// NotAvailableError. The steps are recorded as message ids (private_pension.*) into a Trace.
#pragma once

#include "libtax/core/error.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct PrivatePensionWithdrawalTax {
    int year = 0;
    Money amount;
    Rate rate;
    Money tax;
    Explanation explanation;  ///< the English steps, when asked for through `explained` (core/render.hpp)
};

/// The tax on a private pension payout; the steps go to `trace` when one is given.
inline PrivatePensionWithdrawalTax private_pension_withdrawal_tax(const TaxYear& t, Money amount, Trace* trace = nullptr) {
    require_non_negative(amount, "amount");
    const Provision* p = t.rules().separate.private_pension_withdrawal;
    if (!p) throw NotAvailableError("year", std::to_string(t.year), "no private pension scheme in this tax year (from 2022)");
    const auto& rate = t.rules().separate.private_pension_rate;
    PrivatePensionWithdrawalTax r;
    r.year = t.year;
    r.amount = amount;
    r.rate = rate.value;
    r.tax = round_half_up(Exact(amount) * rate.value);
    if (trace) {
        trace->title("private_pension.title", {{"year", std::to_string(t.year)}});
        trace->step("private_pension.amount", amount.str());
        trace->step("private_pension.tax", r.tax.str(), "private_pension.tax.formula", {{"amount", amount.str()}, {"rate", rate.value.percent()}},
                    rate.source);
        if (p->unconfirmed) trace->note("note.unconfirmed", {{"text", p->note_text()}});
    }
    return r;
}

}  // namespace libtax
