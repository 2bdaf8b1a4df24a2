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
#include "libtax/core/render.hpp"
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

/// The message id naming a payment kind (payment.labour, payment.author, payment.royalties).
inline const char* payment_message(PaymentKind k) {
    switch (k) {
        case PaymentKind::labour: return "payment.labour";
        case PaymentKind::author: return "payment.author";
        case PaymentKind::royalties: return "payment.royalties";
    }
    return "payment.labour";
}

inline PrepaymentResult resident_prepayment(const TaxYear& t, PaymentKind kind, Money payment, Trace* trace = nullptr) {
    require_non_negative(payment, field_name(kind));
    const PrepaymentRules& p = t.rules().prepayment;
    const Money fixed = p.fixed_expense.value, upto = p.fixed_expense_upto.value;
    const Rate share = p.expense_share.value;
    PrepaymentResult r;
    r.year = t.year;
    r.kind = kind;
    r.payment = payment;
    Exact expense = payment <= upto ? Exact(min(fixed, payment)) : Exact(payment) * share;
    // 20% of a whole-fen payment can be a fraction of a fen; the expense is deducted exactly.
    Exact taxable = Exact(payment) - expense;
    r.expense = round_half_up(expense);
    const BracketSchedule& s = t.labour_prepayment();
    BracketHit hit;
    Exact tax;
    if (kind == PaymentKind::labour) {
        r.taxable = taxable;
        hit = s.apply(taxable);
        r.rate = hit.rate();
        r.quick_deduction = hit.quick();
        tax = hit.tax();
    } else {
        const Rate rate = p.author_royalty_rate.value;
        if (kind == PaymentKind::author) taxable = taxable * p.author_reduction.value;
        r.taxable = taxable;
        r.rate = rate;
        tax = taxable * rate;
    }
    r.tax = round_half_up(max(tax, Exact()));
    if (!trace) return r;
    trace->title("prepayment.title", {{"kind", message_id(payment_message(kind))}, {"year", std::to_string(t.year)}});
    trace->step("prepayment.payment", payment.str());
    if (payment <= upto)
        trace->step("prepayment.expense", expense.str(), "prepayment.expense.fixed", {{"upto", upto.str()}, {"fixed", fixed.str()}}, p.source);
    else
        trace->step("prepayment.expense", expense.str(), "prepayment.expense.share", {{"upto", upto.str()}, {"share", share.percent()}}, p.source);
    if (kind == PaymentKind::author)
        trace->step("prepayment.taxable", taxable.str(), "prepayment.taxable.author", {{"reduction", p.author_reduction.value.percent()}});
    else
        trace->step("prepayment.taxable", taxable.str(), "prepayment.taxable.formula");
    const TraceArgs figures{{"taxable", taxable.str()}, {"rate", r.rate.percent()}, {"quick", r.quick_deduction.str()}};
    if (kind != PaymentKind::labour)
        trace->step("prepayment.tax", r.tax.str(), "prepayment.tax.flat", figures, p.source);
    else if (hit.bracket) {
        s.trace_bracket(*trace, "bracket.step", hit.index);
        trace->step("prepayment.tax", r.tax.str(), "prepayment.tax.bracket", figures, s.source_of(hit.index));
    } else
        trace->step("prepayment.tax", r.tax.str(), "prepayment.tax.nothing_taxable", {}, p.source);
    return r;
}

}  // namespace libtax
