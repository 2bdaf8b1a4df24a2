// libtax/payroll/withholding_run.hpp - a resident's wages withheld month by month by the
// cumulative method (累计预扣法, STA Announcement 2018 No. 61 art. 6), for one employee at one
// withholding agent over one tax year.
//
//   cumulative taxable = cumulative income - cumulative exempt income
//                        - cumulative basic deduction (monthly amount x months at this agent)
//                        - cumulative special, special additional and other deductions
//   cumulative tax     = annual table (comprehensive_annual) on it, rounded half-up to the fen
//   this month         = cumulative tax - cumulative tax reductions - amounts actually withheld
//                        in the earlier months; a negative figure withholds 0 (no refund by the
//                        agent) and later months absorb it, because they subtract only what was
//                        actually withheld.
//
// Refinements, each a dated provision of the yearly table (cumulative_withholding.*):
//  - first wages of the tax year (STA 2020 No. 13 art. 1, from 2020-07-01): the basic deduction
//    counts months from January instead of from the month employment here began;
//  - prior-year low earners (STA 2020 No. 19, from 2021-01-01): the whole year's 60,000 is
//    deducted from January, so nothing is withheld while cumulative income stays within it;
//  - continuous labour remuneration of interns (STA 2020 No. 13 art. 2, from 2020-07-01) by the
//    same method on its income amount (the share of gross is a table value, UNCONFIRMED);
//  - commissions of insurance agents and securities brokers (Caishui [2018] 164 item 3): income
//    amount 80% of the commission less a business-development cost of 25% of it (UNCONFIRMED).
// An annual one-time bonus paid in a month is taxed separately (core bonus_tax, once a year,
// inside the legal window) or merged into that month's wages, as the employee chose.
//
// withhold_month() is the whole calculation for one month given the state so far; it returns
// the new state inside the result. withhold_year() is a loop over it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libtax/comprehensive/annual_bonus.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// What the cumulative method is applied to.
enum class CumulativeIncome {
    wages,              ///< wages and salaries (工资薪金)
    continuous_labour,  ///< continuous labour remuneration of an intern (STA 2020 No. 13 art. 2)
    commissions,        ///< commissions of insurance agents and securities brokers (Caishui [2018] 164 item 3)
};

/// How an annual one-time bonus paid in a month is withheld.
enum class BonusMethod {
    separate,  ///< taxed apart on the monthly-converted table (bonus / 12 selects the row)
    merged,    ///< added to the month's wages and withheld cumulatively
};

/// Facts fixed for one employee at one withholding agent for the tax year.
struct WithholdingTerms {
    int first_month = 1;                       ///< calendar month (1-12) employment at this agent began
    CumulativeIncome income = CumulativeIncome::wages;
    bool first_wages_this_year = false;        ///< no wages/continuous labour income earlier this year (STA 2020 No. 13)
    bool prior_year_low_income = false;        ///< prior-year low earner at this agent (STA 2020 No. 19)
    std::optional<Money> prior_year_income;    ///< if given, checked against the rule's limit
};

/// The cumulative figures at one agent after the months withheld so far.
struct WithholdingState {
    int year = 0;
    WithholdingTerms terms;
    int last_month = 0;        ///< last calendar month withheld; 0 before the first
    Exact income;              ///< cumulative income amount (wages 100%; continuous labour x share)
    Money gross;               ///< cumulative gross pay (wages incl. merged bonus, or labour)
    Money exempt_income;
    Money social_insurance;    ///< special deductions
    Money special_additional;
    Money other_deductions;
    Money tax_reductions;
    Money withheld;            ///< actually withheld by the cumulative method (excl. separate bonus tax)
    Money bonus_withheld;      ///< tax withheld on an annual bonus taxed separately
    Money bonus_separate;      ///< the annual bonus taxed separately (not in `gross`)
    bool bonus_taxed_separately = false;
};
#if defined(__x86_64__) && defined(__GLIBCXX__) && !defined(_GLIBCXX_DEBUG)
// withhold_month copies the state member by member: a new member must be copied there too
static_assert(sizeof(WithholdingState) == 160, "WithholdingState changed: update the copy in withhold_month");
#endif

/// One month's pay and claims at this agent.
struct MonthInput {
    int month = 0;            ///< calendar month 1-12
    Money pay;                ///< wages (or gross continuous labour remuneration), without an annual bonus
    Money exempt_income;      ///< the tax-exempt part of `pay`
    Money social_insurance;   ///< special deductions of the month (employee share)
    Money special_additional; ///< special additional deductions claimed this month
    Money other_deductions;
    Money tax_reductions;     ///< tax reductions (减免税额) of the month
    Money bonus;              ///< annual one-time bonus paid this month (0: none)
    BonusMethod bonus_method = BonusMethod::separate;
};

struct MonthResult {
    int year = 0;
    int month = 0;
    int months_at_agent = 0;          ///< months counted for the basic deduction
    Exact cumulative_income;          ///< cumulative income amount, exact
    Money cumulative_basic_deduction;
    Exact cumulative_taxable;         ///< never negative
    int bracket = -1;                 ///< 0-based row of comprehensive_annual; -1 nothing taxable
    Rate rate;
    Money quick_deduction;
    Money cumulative_tax;             ///< rounded half-up to the fen
    Money cumulative_reductions;
    Money withheld_before;            ///< actually withheld in the earlier months
    Money pay_withholding;            ///< cumulative-method withholding this month (never negative)
    Money excess_withheld;            ///< withheld so far beyond the cumulative tax due; not refunded by the agent
    Money bonus_withholding;          ///< separate tax on an annual bonus paid this month
    Money withheld;                   ///< total withheld this month (pay + bonus)
    bool within_low_income_allowance = false;  ///< STA 2020 No. 19: cumulative income within the 60,000
    WithholdingState state;           ///< the cumulative state after this month
    Explanation explanation;          ///< filled only when asked for
};

namespace detail {

inline Date first_day(int year, int month) { return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1); }

/// The dated provision `path` in force on `on`; NotAvailableError naming `field` otherwise.
inline const Provision& rule_in_force(const TaxYear& t, const Provision* p, const Date& on, const char* field,
                                      const char* what) {
    if (!p || !p->period || !p->period->covers(on))
        throw NotAvailableError(field, "true (" + iso(on) + ")",
                                std::string(what) + " is not in force then" +
                                    (p && p->period ? " (in force " + p->period->str() + ", " + p->source.cite() + ")"
                                                    : std::string(" (the tax table for ") + std::to_string(t.year) + " has no such rule)"));
    return *p;
}

/// rule_in_force for the first day of `month` of t's year, by the month bits the year resolved
/// (YearRules::withholding_months): the date is built only to word a refusal.
inline const Provision& rule_in_month(const TaxYear& t, const Provision* p, std::uint16_t months, int month, const char* field,
                                      const char* what) {
    if (p && (months >> (month - 1) & 1u)) return *p;
    return rule_in_force(t, p, first_day(t.year, month), field, what);
}

inline const char* pay_field(const WithholdingTerms& terms) {
    return terms.income == CumulativeIncome::wages ? "wage" : "labour";
}

}  // namespace detail

/// Starts a withholding run for tax year `t`: checks the terms against the rules in force.
inline WithholdingState start_withholding(const TaxYear& t, const WithholdingTerms& terms) {
    if (terms.first_month < 1 || terms.first_month > 12)
        throw InputError("first_month", std::to_string(terms.first_month), "a calendar month is 1 to 12");
    const Date start = detail::first_day(t.year, terms.first_month);
    detail::rule_in_force(t, t.rules().withholding_method, start, "cumulative_withholding",
                          "the cumulative withholding method (STA Ann. 2018 No. 61)");
    if (terms.income == CumulativeIncome::continuous_labour)
        detail::rule_in_force(t, t.rules().continuous_labour, start, "continuous_labour",
                              "cumulative withholding of interns' labour remuneration");
    if (terms.income == CumulativeIncome::commissions)
        detail::rule_in_force(t, t.rules().commission_agents, start, "commissions",
                              "cumulative withholding of insurance agents' and securities brokers' commissions");
    if (terms.first_wages_this_year) {
        if (terms.income != CumulativeIncome::wages)
            throw NotAvailableError("first_wages_this_year", "true", "the first-wages-this-year rule applies to wages, not to labour remuneration");
        if (terms.prior_year_low_income)
            throw InputError("first_wages_this_year", "true", "cannot be combined with prior_year_low_income (that rule needs wages here every month of the prior year and from January)");
        detail::rule_in_force(t, t.rules().first_wages_this_year, start, "first_wages_this_year",
                              "the first-wages-this-year rule");
    }
    if (terms.prior_year_low_income) {
        const Provision& p = detail::rule_in_force(t, t.rules().prior_year_low_income, start,
                                                   "prior_year_low_income", "the prior-year low-earner rule");
        if (terms.first_month != 1)
            throw NotAvailableError("prior_year_low_income", "true",
                                    "the rule needs employment at this agent from January (first_month is " + std::to_string(terms.first_month) + "; " + p.source.cite() + ")");
        if (terms.prior_year_income) {
            require_non_negative(*terms.prior_year_income, "prior_year_income");
            const Sourced<Money>& limit = t.rules().low_income_prior_max;
            if (*terms.prior_year_income > limit.value)
                throw NotAvailableError("prior_year_income", terms.prior_year_income->str(),
                                        "above the rule's limit of " + limit.value.str() + " (" + limit.source.cite() + ")");
        }
    }
    WithholdingState s;
    s.year = t.year;
    s.terms = terms;
    return s;
}

/// Withholds one month by the cumulative method given the state after the earlier months.
/// The result holds the new state; `state` is not changed. Throws before computing anything
/// when an input is wrong (InputError naming the field), so no half-updated state exists.
inline MonthResult withhold_month(const TaxYear& t, const WithholdingState& state, const MonthInput& in, Trace* trace = nullptr) {
    const WithholdingTerms& terms = state.terms;
    if (state.year != t.year)
        throw InputError("year", std::to_string(t.year), "the withholding state belongs to tax year " + std::to_string(state.year));
    if (in.month < 1 || in.month > 12) throw InputError("month", std::to_string(in.month), "a calendar month is 1 to 12");
    if (in.month <= state.last_month)
        throw InputError("month", std::to_string(in.month), "month " + std::to_string(state.last_month) + " was already withheld; months go forward");
    if (in.month < terms.first_month)
        throw InputError("month", std::to_string(in.month), "before employment at this agent began (month " + std::to_string(terms.first_month) + ")");
    const char* pay_name = detail::pay_field(terms);
    require_non_negative(in.pay, pay_name);
    require_non_negative(in.exempt_income, "exempt_income");
    require_non_negative(in.social_insurance, "social_insurance");
    require_non_negative(in.special_additional, "special_additional");
    require_non_negative(in.other_deductions, "other_deductions");
    require_non_negative(in.tax_reductions, "tax_reductions");
    require_non_negative(in.bonus, "bonus");
    const bool has_bonus = !in.bonus.is_zero();
    if (has_bonus && terms.income != CumulativeIncome::wages)
        throw InputError("bonus", in.bonus.str(), "an annual one-time bonus is wages; it cannot be paid with labour remuneration");
    const bool merged_bonus = has_bonus && in.bonus_method == BonusMethod::merged;
    const Money month_gross = merged_bonus ? in.pay + in.bonus : in.pay;
    if (in.exempt_income > month_gross)
        throw InputError("exempt_income", in.exempt_income.str(), "more than the month's pay (" + month_gross.str() + ")");

    MonthResult r;
    r.year = t.year;
    r.month = in.month;
    WithholdingState& s = r.state;
    // copied member by member: a whole-struct copy after the stores above was staged through the
    // stack and reloaded in 16-byte pieces over 4-byte stores (store-forwarding stalls)
    s.year = state.year;
    s.terms = state.terms;
    s.last_month = in.month;
    s.income = state.income;
    s.gross = state.gross;
    s.exempt_income = state.exempt_income;
    s.social_insurance = state.social_insurance;
    s.special_additional = state.special_additional;
    s.other_deductions = state.other_deductions;
    s.tax_reductions = state.tax_reductions;
    s.withheld = state.withheld;
    s.bonus_withheld = state.bonus_withheld;
    s.bonus_separate = state.bonus_separate;
    s.bonus_taxed_separately = state.bonus_taxed_separately;

    // separate bonus first: it may be refused (window, once a year) before anything is computed
    const YearRules::WithholdingMonths& in_force = t.rules().withholding_months;
    const Provision& method = detail::rule_in_month(t, t.rules().withholding_method, in_force.method, in.month,
                                                    "cumulative_withholding", "the cumulative withholding method (STA Ann. 2018 No. 61)");
    if (has_bonus && !merged_bonus) {
        if (state.bonus_taxed_separately)
            throw NotAvailableError("bonus", in.bonus.str(), "an annual one-time bonus may be taxed separately only once a year; merge this one");
        const BonusTaxResult bonus = bonus_tax(t, in.bonus, nullptr, detail::first_day(t.year, in.month).end_of_month());
        r.bonus_withholding = bonus.tax;
        s.bonus_taxed_separately = true;
        s.bonus_withheld = s.bonus_withheld + bonus.tax;
        s.bonus_separate = s.bonus_separate + in.bonus;
    }

    // this month's income amount
    Exact month_income = Exact(month_gross);
    const Provision* labour_rule = nullptr;
    Exact business_cost;
    if (terms.income == CumulativeIncome::continuous_labour) {
        labour_rule = &detail::rule_in_month(t, t.rules().continuous_labour, in_force.continuous_labour, in.month, "continuous_labour",
                                             "cumulative withholding of interns' labour remuneration");
        month_income = Exact(month_gross) * t.rules().labour_income_share.value;
    } else if (terms.income == CumulativeIncome::commissions) {
        labour_rule = &detail::rule_in_month(t, t.rules().commission_agents, in_force.commission_agents, in.month, "commissions",
                                             "cumulative withholding of insurance agents' and securities brokers' commissions");
        const Exact amount = Exact(month_gross) * t.rules().agents_income_share.value;
        business_cost = amount * t.rules().agents_cost_share.value;
        month_income = amount - business_cost;
    }
    // Without a trace, wages keep the cumulative figures in whole fen (no Exact temporaries): the
    // same checked sums, so the same fen and the same refusals (tests/cpp/core/test_fast_paths.cpp).
    const bool fen_path = !trace && terms.income == CumulativeIncome::wages && s.income.is_whole_fen();
    detail::int128 income_fen = 0;
    if (fen_path) {
        income_fen = detail::add(s.income.num(), detail::int128{month_gross.fen()});
        s.income = Exact::fen_fraction(income_fen, 1);
    } else {
        s.income = s.income + month_income;
    }
    s.gross = s.gross + month_gross;
    s.exempt_income = s.exempt_income + in.exempt_income;
    s.social_insurance = s.social_insurance + in.social_insurance;
    s.special_additional = s.special_additional + in.special_additional;
    s.other_deductions = s.other_deductions + in.other_deductions;
    s.tax_reductions = s.tax_reductions + in.tax_reductions;

    // cumulative basic deduction
    const Sourced<Money>& monthly = t.rules().basic_monthly;
    const char* deduction_formula = "withholding.basic_deduction.months";
    TraceArgs deduction_args;
    const LegalSource* deduction_basis = &monthly.source;  // not copied: only a trace reads it
    const Provision* low_rule = nullptr;
    if (terms.prior_year_low_income) {
        low_rule = &detail::rule_in_month(t, t.rules().prior_year_low_income, in_force.prior_year_low_income, in.month, "prior_year_low_income",
                                          "the prior-year low-earner rule");
        const Sourced<Money>& up_front = t.rules().low_income_up_front;
        r.months_at_agent = in.month;
        r.cumulative_basic_deduction = up_front.value;
        deduction_formula = "withholding.basic_deduction.low_earner";
        deduction_basis = &up_front.source;
        r.within_low_income_allowance = s.gross <= up_front.value;
    } else if (terms.first_wages_this_year) {
        detail::rule_in_month(t, t.rules().first_wages_this_year, in_force.first_wages_this_year, in.month, "first_wages_this_year",
                              "the first-wages-this-year rule");
        const Sourced<std::int64_t>& from = t.rules().first_wages_from_month;
        r.months_at_agent = in.month - static_cast<int>(from.value) + 1;
        r.cumulative_basic_deduction = monthly.value * r.months_at_agent;
        deduction_formula = "withholding.basic_deduction.first_wages";
        if (trace)
            deduction_args = {{"monthly", monthly.value.str()}, {"months", std::to_string(r.months_at_agent)},
                              {"from", std::to_string(from.value)}, {"rule", from.source.cite()}};
    } else {
        r.months_at_agent = in.month - terms.first_month + 1;
        r.cumulative_basic_deduction = monthly.value * r.months_at_agent;
        if (trace) deduction_args = {{"monthly", monthly.value.str()}, {"months", std::to_string(r.months_at_agent)}};
    }

    r.cumulative_income = s.income;
    const BracketSchedule& table = t.comprehensive_annual();
    // the cumulative tax at the bracket hit, less reductions and what was withheld before: this
    // month's withholding (never negative; an excess stays with the agent until the reconciliation)
    const auto settle = [&](const BracketHit& hit) __attribute__((always_inline)) {  // two call sites: kept inline
        r.bracket = hit.index;
        r.rate = hit.rate();
        r.quick_deduction = hit.quick();
        r.cumulative_tax = hit.rounded_tax();
        r.cumulative_reductions = s.tax_reductions;
        r.withheld_before = state.withheld;
        const Money due = r.cumulative_tax - r.cumulative_reductions - r.withheld_before;
        r.pay_withholding = max(due, Money());
        r.excess_withheld = due.is_negative() ? -due : Money();
        s.withheld = s.withheld + r.pay_withholding;
        r.withheld = r.pay_withholding + r.bonus_withholding;
    };
    if (fen_path) {
        detail::int128 taxable = 0;
        constexpr detail::int128 small = detail::int128{1} << 61;  // |income| below it: the sums fit 64 bits
        if (income_fen < small && income_fen > -small) {  // each Money is within +/-10^17 fen
            // written out, not a loop over a braced list: the list was stored to the stack and
            // read back in 16-byte vector loads over 8-byte stores (store-forwarding stalls)
            const std::int64_t raw = static_cast<std::int64_t>(income_fen) - s.exempt_income.fen() - r.cumulative_basic_deduction.fen() -
                                     s.social_insurance.fen() - s.special_additional.fen() - s.other_deductions.fen();
            taxable = raw > 0 ? raw : 0;
        } else {
            detail::int128 raw = income_fen;
            for (const Money m : {s.exempt_income, r.cumulative_basic_deduction, s.social_insurance, s.special_additional, s.other_deductions})
                raw = detail::sub(raw, detail::int128{m.fen()});
            taxable = raw > 0 ? raw : 0;
        }
        r.cumulative_taxable = Exact::fen_fraction(taxable, 1);
        settle(table.apply(taxable, 1));
        return r;
    }
    const Exact raw = s.income - Exact(s.exempt_income) - Exact(r.cumulative_basic_deduction) - Exact(s.social_insurance) -
                      Exact(s.special_additional) - Exact(s.other_deductions);
    r.cumulative_taxable = max(raw, Exact());
    const BracketHit hit = table.apply(r.cumulative_taxable);
    settle(hit);

    if (!trace) return r;
    const bool labour = terms.income != CumulativeIncome::wages;
    const char* what = terms.income == CumulativeIncome::wages          ? "withholding.income.wages"
                       : terms.income == CumulativeIncome::commissions ? "withholding.income.commissions"
                                                                       : "withholding.income.continuous_labour";
    trace->title("withholding.title", {{"income", message_id(what)}, {"year", std::to_string(t.year)},
                                       {"month", std::string(in.month < 10 ? "0" : "") + std::to_string(in.month)}});
    trace->step("withholding.method", message_id("withholding.method.cumulative"), "withholding.method.formula", {}, method.source);
    trace->step(labour ? "withholding.pay.labour" : "withholding.pay.wages", in.pay.str());
    if (merged_bonus) trace->step("withholding.merged_bonus", in.bonus.str(), "withholding.merged_bonus.formula");
    if (labour_rule && terms.income == CumulativeIncome::continuous_labour) {
        const Sourced<Rate>& share = t.rules().labour_income_share;
        trace->step("withholding.month_income", month_income.str(), "withholding.month_income.share",
                    {{"gross", month_gross.str()}, {"share", share.value.percent()}}, share.source);
    } else if (labour_rule) {
        const Sourced<Rate>& share = t.rules().agents_income_share;
        const Sourced<Rate>& cost = t.rules().agents_cost_share;
        const TraceArgs args{{"gross", month_gross.str()}, {"share", share.value.percent()}, {"cost_share", cost.value.percent()}};
        trace->step("withholding.business_cost", business_cost.str(), "withholding.business_cost.formula", args, cost.source);
        trace->step("withholding.month_income", month_income.str(), "withholding.month_income.commissions", args, share.source);
    }
    trace->step("withholding.cumulative_income", s.income.str(), "withholding.cumulative_income.formula",
                {{"first", std::to_string(terms.first_month)}, {"month", std::to_string(in.month)}});
    if (!s.exempt_income.is_zero()) trace->step("withholding.cumulative_exempt", s.exempt_income.str());
    trace->step("withholding.cumulative_basic_deduction", r.cumulative_basic_deduction.str(), deduction_formula, deduction_args,
                *deduction_basis);
    if (!s.social_insurance.is_zero())
        trace->step("withholding.cumulative_special", s.social_insurance.str(), "annual_tax.special_deductions.formula");
    if (!s.special_additional.is_zero()) trace->step("withholding.cumulative_special_additional", s.special_additional.str());
    if (!s.other_deductions.is_zero()) trace->step("withholding.cumulative_other", s.other_deductions.str());
    trace->step("withholding.cumulative_taxable", r.cumulative_taxable.str(),
                raw.is_negative() ? "withholding.cumulative_taxable.negative" : "withholding.cumulative_taxable.formula");
    if (low_rule && r.within_low_income_allowance)
        trace->step("withholding.low_earner", message_id("withholding.low_earner.nothing"), "withholding.low_earner.formula",
                    {{"gross", s.gross.str()}, {"allowance", t.rules().low_income_up_front.value.str()}}, low_rule->source);
    if (hit.bracket) {
        table.trace_bracket(*trace, "bracket.step", hit.index);
        trace->step("withholding.cumulative_tax", r.cumulative_tax.str(), "annual_tax.tax.formula",
                    {{"taxable", r.cumulative_taxable.str()}, {"rate", r.rate.percent()}, {"quick", r.quick_deduction.str()}});
    } else {
        trace->step("withholding.cumulative_tax", r.cumulative_tax.str(), "prepayment.tax.nothing_taxable");
    }
    if (!r.cumulative_reductions.is_zero()) trace->step("withholding.cumulative_reductions", r.cumulative_reductions.str());
    trace->step("withholding.withheld_before", r.withheld_before.str(), "withholding.withheld_before.formula");
    trace->step("withholding.this_month", r.pay_withholding.str(),
                r.cumulative_reductions.is_zero() ? (!r.excess_withheld.is_zero() ? "withholding.this_month.negative" : "withholding.this_month.formula")
                                                  : (!r.excess_withheld.is_zero() ? "withholding.this_month.reductions_negative"
                                                                       : "withholding.this_month.reductions"),
                {{"tax", r.cumulative_tax.str()}, {"reductions", r.cumulative_reductions.str()}, {"before", r.withheld_before.str()}});
    if (!r.excess_withheld.is_zero()) trace->note("withholding.excess", {{"excess", r.excess_withheld.str()}});
    if (has_bonus && !merged_bonus) {
        {
            TraceScope part(trace, "withholding.bonus");
            bonus_tax(t, in.bonus, trace, detail::first_day(t.year, in.month).end_of_month());  // the same figures, now with their steps
        }
        trace->step("withholding.total", r.withheld.str(), "withholding.total.formula",
                    {{"pay", r.pay_withholding.str()}, {"bonus", r.bonus_withholding.str()}});
    }
    if (labour_rule && labour_rule->unconfirmed) {
        if (labour_rule->note.empty())
            trace->note("note.unconfirmed", {{"text", message_id("withholding.unconfirmed_share")}});
        else
            trace->note("note.unconfirmed", {{"text", labour_rule->note_text()}});
    }
    return r;
}

/// A whole year (or the part of it at this agent) withheld month by month.
struct WithholdingRun {
    std::vector<MonthResult> months;
    Money total;             ///< everything withheld (pay and separate bonus)
    WithholdingState state;  ///< after the last month
};

/// The months withheld in turn; `traces`, when given, receives one trace per month.
inline WithholdingRun withhold_year(const TaxYear& t, const WithholdingTerms& terms, const std::vector<MonthInput>& months,
                                    std::vector<Trace>* traces = nullptr) {
    WithholdingRun run;
    run.state = start_withholding(t, terms);
    run.months.reserve(months.size());
    if (traces) traces->clear();
    for (const MonthInput& m : months) {
        Trace* trace = nullptr;
        if (traces) trace = &traces->emplace_back();
        MonthResult r = withhold_month(t, run.state, m, trace);
        run.total = run.total + r.withheld;
        run.state = r.state;
        run.months.push_back(std::move(r));
    }
    return run;
}

}  // namespace libtax
