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
#include "libtax/core/explanation.hpp"
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
inline void explain_monthly(Explanation& e, const BracketSchedule& s, const NonresidentTax& r, const std::string& how) {
    if (r.bracket >= 0) {
        e.add("bracket", s.describe(r.bracket), "", s.cite(r.bracket));
        e.add("tax", r.tax.str(), how + ", rounded half-up to the fen");
    } else {
        e.add("tax", r.tax.str(), "nothing is taxable");
    }
}
}  // namespace detail

/// A non-resident's tax on one month's China-sourced wage income (already sourced).
inline NonresidentTax nonresident_wage_tax(const TaxYear& t, const Exact& monthly_income, bool explain = false) {
    if (monthly_income.is_negative()) throw InputError("wage income", monthly_income.str(), "must not be negative");
    const auto& ded = t.provision("foreign.nonresident_wages").amount("monthly_deduction");
    NonresidentTax r;
    r.income = monthly_income;
    r.deduction = ded.value;
    r.taxable = max(monthly_income - Exact(ded.value), Exact());
    const BracketSchedule& s = t.schedule("nonresident_monthly");
    const BracketHit hit = s.apply(r.taxable);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (explain) {
        r.explanation.set_title("Non-resident wage tax, one month, tax year " + std::to_string(t.year));
        r.explanation.add("China-sourced wage income", r.income.str());
        r.explanation.add("deduction", ded.value.str(), "per month", ded.source.cite());
        r.explanation.add("taxable income", r.taxable.str(), "income - deduction (never below 0)");
        detail::explain_monthly(r.explanation, s, r, r.taxable.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str());
    }
    return r;
}

/// Sourcing and tax of one month's wages for a non-resident (fewer than 183 residence days).
inline NonresidentTax nonresident_wage_tax(const TaxYear& t, const MonthlyWages& w, int residence_days, bool senior_manager = false,
                                           bool explain = false) {
    const PresenceStatus st = presence_status(t, residence_days, false);
    if (st != PresenceStatus::nonresident_up_to_90_days && st != PresenceStatus::nonresident_over_90_days)
        throw InputError("residence_days", std::to_string(residence_days),
                         "a resident (at least " + std::to_string(t.provision("foreign.residence").count("resident_days").value) +
                             " days) is taxed on the annual comprehensive income, not month by month as a non-resident");
    const SourcedWage sw = sourced_wage(t, w, residence_days, senior_manager, false, explain);
    NonresidentTax r = nonresident_wage_tax(t, sw.income, explain);
    if (explain) {
        Explanation e = sw.explanation;  // its last step is the sourced income the tax starts from
        e.set_title(r.explanation.title());
        const auto& steps = r.explanation.steps();
        for (std::size_t i = 1; i < steps.size(); ++i) e.add(steps[i].label, steps[i].value, steps[i].formula, steps[i].basis);
        for (const auto& n : r.explanation.notes()) e.note(n);
        r.explanation = e;
    }
    return r;
}

enum class NonresidentPayment { labour, author, royalty };

inline const char* payment_name(NonresidentPayment k) {
    switch (k) {
        case NonresidentPayment::labour: return "labour remuneration";
        case NonresidentPayment::author: return "author's remuneration";
        case NonresidentPayment::royalty: return "royalties";
    }
    return "?";
}

/// A non-resident's tax on one payment of labour remuneration, author's remuneration or royalties.
inline NonresidentTax nonresident_payment_tax(const TaxYear& t, NonresidentPayment kind, Money amount, bool explain = false) {
    require_non_negative(amount, "amount");
    const Provision& p = t.provision("income_amount");
    NonresidentTax r;
    std::string how;
    switch (kind) {
        case NonresidentPayment::labour:
            r.income = Exact(amount) * p.rate("labour").value;
            how = amount.str() + " x " + p.rate("labour").value.percent();
            break;
        case NonresidentPayment::royalty:
            r.income = Exact(amount) * p.rate("royalties").value;
            how = amount.str() + " x " + p.rate("royalties").value.percent();
            break;
        case NonresidentPayment::author:
            r.income = Exact(amount) * p.rate("author").value * p.rate("author_reduction").value;
            how = amount.str() + " x " + p.rate("author").value.percent() + " x " + p.rate("author_reduction").value.percent();
            break;
    }
    r.taxable = r.income;
    const BracketSchedule& s = t.schedule("nonresident_monthly");
    const BracketHit hit = s.apply(r.taxable);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (explain) {
        r.explanation.set_title(std::string("Non-resident tax on one payment of ") + payment_name(kind) + ", tax year " + std::to_string(t.year));
        r.explanation.add("payment", amount.str());
        r.explanation.add("taxable income (income amount)", r.taxable.str(), how + "; no other deduction for non-residents", p.source.cite());
        detail::explain_monthly(r.explanation, s, r, r.taxable.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str());
    }
    return r;
}

/// A non-resident's tax on a multi-month bonus (its China-sourced income amount), taxed alone,
/// without the 5,000 deduction: [(bonus / 6) x rate - quick] x 6. The method may be used once a
/// calendar year: `earlier_this_year` counts the bonuses already taxed this way in the year.
inline NonresidentTax nonresident_bonus_tax(const TaxYear& t, const Exact& bonus, int earlier_this_year = 0, bool explain = false) {
    if (bonus.is_negative()) throw InputError("bonus", bonus.str(), "must not be negative");
    const Provision& p = t.provision("foreign.nonresident_bonus");
    const auto& divisor = p.count("divisor");
    const auto& times = p.count("times_per_year");
    if (earlier_this_year < 0) throw InputError("earlier_this_year", std::to_string(earlier_this_year), "must not be negative");
    if (earlier_this_year >= times.value)
        throw NotAvailableError("earlier_this_year", std::to_string(earlier_this_year),
                                "the multi-month bonus method may be used " + std::to_string(times.value) +
                                    " time(s) a calendar year (" + times.source.cite() + "); a further bonus is wages of its month");
    NonresidentTax r;
    r.income = bonus;
    r.taxable = bonus;
    const Exact part = bonus.scaled(1, divisor.value);
    const BracketSchedule& s = t.schedule("nonresident_monthly");
    const BracketHit hit = s.apply(part);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax(divisor.value);
    if (explain) {
        r.explanation.set_title("Non-resident multi-month bonus, tax year " + std::to_string(t.year));
        r.explanation.add("China-sourced bonus", bonus.str(), "taxed alone, no monthly deduction");
        r.explanation.add("bonus / " + std::to_string(divisor.value), part.str(), "finds the row and is taxed", divisor.source.cite());
        detail::explain_monthly(r.explanation, s, r,
                                "[" + part.str() + " x " + r.rate.percent() + " - " + r.quick_deduction.str() + "] x " + std::to_string(divisor.value));
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
