// libtax/foreign/nonresident_tax.hpp - tax of non-resident individuals, withheld and final
// (IIT Law art. 6(1)(2); STA 2018 No. 61 art. 7; MOF/STA 2019 No. 35 art. 3).
//
//   wages (each month alone)     (China-sourced wage income - 5,000) on nonresident_monthly
//   labour, royalties (per payment)  gross x 80% on nonresident_monthly
//   author's (per payment)           gross x 80% x 70% on nonresident_monthly
//   multi-month bonus (once a year)  [(bonus / 6) x rate - quick] x 6, rate and quick found on bonus / 6
#pragma once

#include <string>

#include "libtax/core/exact.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/foreign/wage_sourcing.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

struct NonresidentTax {
    Exact income;      ///< income amount (China-sourced wages, 80% / 56% of a payment, the bonus)
    Money deduction;   ///< 5,000 for wages; zero otherwise
    Exact taxable;     ///< never negative
    int bracket = -1;  ///< 0-based row of nonresident_monthly; -1 when nothing is taxable
    Rate rate;
    Money quick_deduction;
    Money tax;         ///< rounded half-up to the fen
    Explanation explanation;
};

namespace detail {
/// The closing steps on comprehensive_monthly: bracket and tax by `formula` (with `args`).
inline void trace_monthly(Trace& trace, const BracketSchedule& s, const NonresidentTax& r, const char* formula, TraceArgs args) {
    if (r.bracket < 0) {
        trace.step("bracket.tax", r.tax.str(), "bracket.tax.nothing_taxable");
        return;
    }
    s.trace_bracket(trace, "bracket.step", r.bracket);
    args.push_back({"rate", r.rate.percent()});
    args.push_back({"quick", r.quick_deduction.str()});
    trace.step("bracket.tax", r.tax.str(), formula, std::move(args));
}

/// A non-resident's wage tax from the month's sourced income; `income_step` false when the
/// caller has already recorded the income (the sourcing's last step).
inline NonresidentTax nonresident_wage_tax(const TaxYear& t, const Exact& monthly_income, Trace* trace, bool income_step) {
    if (monthly_income.is_negative()) throw InputError("wage income", monthly_income.str(), "must not be negative");
    const Sourced<Money>& ded = t.rules().nonresident_monthly_deduction;
    NonresidentTax r;
    r.income = monthly_income;
    r.deduction = ded.value;
    r.taxable = max(monthly_income - Exact(ded.value), Exact());
    const BracketSchedule& s = t.nonresident_monthly();
    const BracketHit hit = s.apply(r.taxable);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (!trace) return r;
    trace->title("nonresident.wages_title", {{"year", std::to_string(t.year)}});
    if (income_step) trace->step("nonresident.wage_income", r.income.str());
    trace->step("nonresident.deduction", ded.value.str(), "nonresident.deduction.formula", {}, ded.source);
    trace->step("nonresident.taxable", r.taxable.str(), "nonresident.taxable.formula");
    trace_monthly(*trace, s, r, "nonresident.tax.formula", {{"taxable", r.taxable.str()}});
    return r;
}
}  // namespace detail

/// A non-resident's tax on one month's China-sourced wage income (already sourced).
inline NonresidentTax nonresident_wage_tax(const TaxYear& t, const Exact& monthly_income, Trace* trace = nullptr) {
    return detail::nonresident_wage_tax(t, monthly_income, trace, true);
}

/// Sourcing and tax of one month's wages for a non-resident (fewer than 183 residence days).
inline NonresidentTax nonresident_wage_tax(const TaxYear& t, const MonthlyWages& w, int residence_days, bool senior_manager = false,
                                           Trace* trace = nullptr) {
    const PresenceStatus st = presence_status(t, residence_days, false);
    if (st != PresenceStatus::nonresident_up_to_90_days && st != PresenceStatus::nonresident_over_90_days)
        throw InputError("residence_days", std::to_string(residence_days),
                         "a resident (at least " + std::to_string(t.rules().presence.resident_days.value) +
                             " days) is taxed on the annual comprehensive income, not month by month as a non-resident");
    if (trace) trace->title("nonresident.wages_title", {{"year", std::to_string(t.year)}});
    const SourcedWage sw = sourced_wage(t, w, residence_days, senior_manager, false, trace);
    return detail::nonresident_wage_tax(t, sw.income, trace, false);  // the sourcing's last step is the income
}

enum class NonresidentPayment { labour, author, royalty };

inline const char* payment_message(NonresidentPayment k) {
    switch (k) {
        case NonresidentPayment::labour: return "payment.labour";
        case NonresidentPayment::author: return "payment.author";
        case NonresidentPayment::royalty: return "payment.royalties";
    }
    return "payment.labour";
}

inline const char* payment_name(NonresidentPayment k) {
    switch (k) {
        case NonresidentPayment::labour: return "labour remuneration";
        case NonresidentPayment::author: return "author's remuneration";
        case NonresidentPayment::royalty: return "royalties";
    }
    return "?";
}

/// A non-resident's tax on one payment of labour remuneration, author's remuneration or royalties.
inline NonresidentTax nonresident_payment_tax(const TaxYear& t, NonresidentPayment kind, Money amount, Trace* trace = nullptr) {
    require_non_negative(amount, "amount");
    const IncomeShares& p = t.rules().income;
    NonresidentTax r;
    const char* how = "income_amount.labour.formula";
    TraceArgs args{{"gross", amount.str()}};
    switch (kind) {
        case NonresidentPayment::labour:
            r.income = Exact(amount) * p.labour.value;
            if (trace) args.push_back({"share", p.labour.value.percent()});
            break;
        case NonresidentPayment::royalty:
            r.income = Exact(amount) * p.royalties.value;
            if (trace) args.push_back({"share", p.royalties.value.percent()});
            break;
        case NonresidentPayment::author:
            r.income = Exact(amount) * p.author.value * p.author_reduction.value;
            how = "income_amount.author.formula";
            if (trace) {
                args.push_back({"share", p.author.value.percent()});
                args.push_back({"reduction", p.author_reduction.value.percent()});
            }
            break;
    }
    r.taxable = r.income;
    const BracketSchedule& s = t.nonresident_monthly();
    const BracketHit hit = s.apply(r.taxable);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (trace) {
        trace->title("nonresident.payment_title", {{"kind", message_id(payment_message(kind))}, {"year", std::to_string(t.year)}});
        trace->step("nonresident.payment", amount.str());
        args.push_back({"how", message_id(how)});
        trace->step("nonresident.payment_taxable", r.taxable.str(), "nonresident.payment_taxable.formula", std::move(args), p.source);
        detail::trace_monthly(*trace, s, r, "nonresident.tax.formula", {{"taxable", r.taxable.str()}});
    }
    return r;
}

/// A non-resident's tax on a multi-month bonus (its China-sourced income amount), taxed alone,
/// without the 5,000 deduction: [(bonus / 6) x rate - quick] x 6. The method may be used once a
/// calendar year: `earlier_this_year` counts the bonuses already taxed this way in the year.
inline NonresidentTax nonresident_bonus_tax(const TaxYear& t, const Exact& bonus, int earlier_this_year = 0, Trace* trace = nullptr) {
    if (bonus.is_negative()) throw InputError("bonus", bonus.str(), "must not be negative");
    const auto& divisor = t.rules().foreign.bonus_divisor;
    const auto& times = t.rules().foreign.bonus_times_per_year;
    if (earlier_this_year < 0) throw InputError("earlier_this_year", std::to_string(earlier_this_year), "must not be negative");
    if (earlier_this_year >= times.value)
        throw NotAvailableError("earlier_this_year", std::to_string(earlier_this_year),
                                "the multi-month bonus method may be used " + std::to_string(times.value) +
                                    " time(s) a calendar year (" + times.source.cite() + "); a further bonus is wages of its month");
    NonresidentTax r;
    r.income = bonus;
    r.taxable = bonus;
    const Exact part = bonus.scaled(1, divisor.value);
    const BracketSchedule& s = t.nonresident_monthly();
    const BracketHit hit = s.apply(part);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax(divisor.value);
    if (trace) {
        const std::string d = std::to_string(divisor.value);
        trace->title("nonresident.bonus_title", {{"year", std::to_string(t.year)}});
        trace->step("nonresident.bonus", bonus.str(), "nonresident.bonus.formula");
        trace->step("nonresident.bonus_part", part.str(), "nonresident.bonus_part.formula", {{"divisor", d}}, divisor.source);
        detail::trace_monthly(*trace, s, r, "nonresident.bonus_tax.formula", {{"part", part.str()}, {"divisor", d}});
    }
    return r;
}

/// The China-sourced part of a bonus that relates to several months: amount x Dcn / Dcal over
/// the period it was earned in (2019 No. 35 art. 1(2)).
inline Exact china_share_of_bonus(Money amount, WorkingDays china_days, int calendar_days) {
    require_non_negative(amount, "bonus");
    if (calendar_days < 1) throw InputError("calendar_days", std::to_string(calendar_days), "must be at least 1");
    if (china_days.halves() < 0 || china_days.halves() > 2 * static_cast<std::int64_t>(calendar_days))
        throw InputError("china_workdays", china_days.str(), "must be between 0 and the calendar days");
    return Exact(amount).scaled(china_days.halves(), 2 * static_cast<std::int64_t>(calendar_days));
}

}  // namespace libtax
