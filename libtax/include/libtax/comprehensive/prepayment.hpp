// libtax/comprehensive/prepayment.hpp - a resident's prepayment (withholding) on one payment of
// labour remuneration, author's remuneration or royalties (STA Announcement 2018 No. 61, art. 8).
//
//   expense = 800 when the payment <= 4,000, else 20% of it
//   labour:   tax = (payment - expense) on prepayment table 2 (20% / 30% / 40%)
//   author:   tax = (payment - expense) x 70% x 20%
//   royalty:  tax = (payment - expense) x 20%
// The annual reconciliation re-taxes these income items; this is only the prepayment.
#pragma once

#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

enum class PaymentKind { labour, author, royalties };

inline const char* field_name(PaymentKind k) {
    switch (k) {
        case PaymentKind::labour: return "labour";
        case PaymentKind::author: return "author";
        case PaymentKind::royalties: return "royalties";
    }
    return "amount";
}

struct PrepaymentResult {
    int year = 0;
    PaymentKind kind = PaymentKind::labour;
    Money payment;
    Money expense;
    Exact taxable;  ///< prepayment taxable amount (预扣预缴应纳税所得额), exact
    Rate rate;
    Money quick_deduction;
    Money tax;
    Explanation explanation;
};

inline PrepaymentResult resident_prepayment(const TaxYear& t, PaymentKind kind, Money payment, bool explain = false) {
    require_non_negative(payment, field_name(kind));
    const Provision& p = t.provision("prepayment");
    const Money fixed = p.amount("fixed_expense").value, upto = p.amount("fixed_expense_upto").value;
    const Rate share = p.rate("expense_share").value;
    PrepaymentResult r;
    r.year = t.year;
    r.kind = kind;
    r.payment = payment;
    Exact expense = payment <= upto ? Exact(min(fixed, payment)) : Exact(payment) * share;
    // 20% of a whole-fen payment can be a fraction of a fen; the expense is deducted exactly.
    Exact taxable = Exact(payment) - expense;
    r.expense = round_half_up(expense);
    std::string how = payment <= upto ? "payment <= " + upto.str() + ": fixed " + fixed.str() : "payment > " + upto.str() + ": " + share.percent() + " of it";
    Exact tax;
    std::string formula;
    std::string basis = p.source.cite();
    if (kind == PaymentKind::labour) {
        r.taxable = taxable;
        const BracketSchedule& s = t.labour_prepayment();
        const BracketHit hit = s.apply(taxable);
        if (hit.bracket) {
            r.rate = hit.bracket->rate;
            r.quick_deduction = hit.bracket->quick;
            formula = taxable.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str();
            basis = s.describe(hit.index) + "; " + s.cite(hit.index);
        }
        tax = hit.tax();
    } else {
        const Rate rate = p.rate("author_royalty_rate").value;
        if (kind == PaymentKind::author) taxable = taxable * p.rate("author_reduction").value;
        r.taxable = taxable;
        r.rate = rate;
        tax = taxable * rate;
        formula = taxable.str() + " x " + rate.percent();
    }
    r.tax = round_half_up(max(tax, Exact()));
    if (explain) {
        Explanation& e = r.explanation;
        e.set_title(std::string("Resident prepayment on one payment of ") +
                    (kind == PaymentKind::labour ? "labour remuneration" : kind == PaymentKind::author ? "author's remuneration" : "royalties") +
                    ", tax year " + std::to_string(t.year));
        e.add("payment", payment.str());
        e.add("expense deduction", expense.str(), how, p.source.cite());
        e.add("prepayment taxable amount", taxable.str(),
              kind == PaymentKind::author ? "(payment - expense) x " + p.rate("author_reduction").value.percent() : "payment - expense");
        e.add("tax", r.tax.str(), formula.empty() ? "nothing taxable" : formula + ", rounded half-up to the fen", basis);
    }
    return r;
}

}  // namespace libtax
