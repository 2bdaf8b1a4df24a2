// libtax-calc: the calculation. Data flows scenario -> libtax calculators -> report sections.
#include "calculate.hpp"

#include <algorithm>
#include <functional>

#if __has_include("libtax/payroll/withholding_run.hpp")
#include "libtax/payroll/withholding_run.hpp"
#define LIBTAX_CALC_HAS_PAYROLL 1
#endif
#if __has_include("libtax/regimes/comparison.hpp")
#include "libtax/regimes/comparison.hpp"
#define LIBTAX_CALC_HAS_REGIMES 1
#endif

namespace libtax_calc {

using namespace libtax;

namespace {

/// Errors about the scenario's own values are reported at their line in the file.
[[noreturn]] void fail_at(const Scenario& s, int line, const std::string& field, const std::string& problem) {
    throw TableError(s.file, line, field, problem);
}

/// Whether a traced calculation used a reading its table marks UNCONFIRMED: the calculators
/// record each such reading as a note (note.unconfirmed, six_year.unconfirmed, relief.*_unconfirmed).
bool trace_unconfirmed(const Trace& tr) {
    for (const auto& e : tr.entries()) {
        if (e.id.find("unconfirmed") != std::string::npos) return true;
        for (const auto& a : e.args)
            if (a.value.message && a.value.text.find("unconfirmed") != std::string::npos) return true;
    }
    return false;
}

/// Runs a calculator with a trace: its English explanation (appended under `prefix` when the
/// section already has one) and the section's unconfirmed flag.
template <class Compute>
auto traced(Section& sec, const std::string& prefix, Compute&& compute) {
    Trace tr;
    auto r = compute(&tr);
    const Explanation e = english_explanation(tr);
    if (sec.explanation.title().empty() && sec.explanation.steps().empty()) sec.explanation = e;
    else sec.explanation.append(e, prefix);
    sec.flags.unconfirmed = sec.flags.unconfirmed || trace_unconfirmed(tr);
    return r;
}

ComprehensiveIncome comprehensive_income(const Scenario& s) {
    ComprehensiveIncome in;
    in.receipts = s.talent.income;
    in.social_insurance = s.talent.social_insurance;
    in.special_additional = s.talent.special_additional;
    in.other_deductions = s.talent.other_deductions;
    return in;
}

void add_annual_figures(Section& sec, const AnnualTaxResult& a) {
    sec.money("income_amount", round_half_up(a.income_amount));
    sec.money("basic_deduction", a.basic_deduction);
    sec.money("taxable_income", round_half_up(a.taxable_income));
    sec.word("rate", a.bracket < 0 ? "0%" : a.rate.percent());
    sec.money("quick_deduction", a.quick_deduction);
    sec.money("tax", a.tax);
}

/// The tax on comprehensive income with the bonus treated the cheaper legal way.
struct ComprehensiveOutcome {
    Money tax;
    bool bonus_separate = false;
    bool separate_available = false;  ///< the bonus may be taxed separately this year
    Money separate_total, merged_total;  ///< with a bonus: each treatment's comprehensive tax
    Flags flags;
};

/// `sourced`: a non-domiciled resident's China-sourced wages (MOF/STA 2019 No. 35 formula 3 or
/// worldwide), which replace income.wages (formula 4: nondomiciled_annual_tax).
ComprehensiveOutcome annual_and_bonus(const TaxYear& y, const Scenario& s, const std::optional<Exact>& sourced, Report& rep) {
    const ComprehensiveIncome in = comprehensive_income(s);
    ComprehensiveIncome other = in;
    other.receipts.wages = Money();
    // The annual tax with `extra` added to the wages (the bonus when merged).
    auto annual = [&](Money extra, Trace* tr) {
        if (!sourced) {
            ComprehensiveIncome x = in;
            x.receipts.wages = x.receipts.wages + extra;
            return annual_tax(y, x, tr);
        }
        return nondomiciled_annual_tax(y, *sourced + Exact(extra), other, tr);
    };
    Section annual_sec;
    annual_sec.id = "annual_tax";
    annual_sec.title = s.bonus.is_zero() ? "Annual tax on comprehensive income"
                                         : "Annual tax on comprehensive income (without the annual bonus)";
    if (sourced) annual_sec.title += ", wages China-sourced (non-domiciled resident)";
    const AnnualTaxResult a = traced(annual_sec, "", [&](Trace* tr) { return annual(Money(), tr); });
    add_annual_figures(annual_sec, a);
    rep.sections.push_back(annual_sec);
    ComprehensiveOutcome out{a.tax, false, false, Money(), Money(), annual_sec.flags};
    if (s.bonus.is_zero()) return out;

    Section bonus;
    bonus.id = "bonus";
    bonus.title = "Annual one-time bonus: taxed separately or merged";
    bonus.money("bonus", s.bonus);
    bonus.explanation.set_title("Annual one-time bonus, tax year " + std::to_string(y.year) + ": merged into wages, or taxed separately");
    const AnnualTaxResult m = traced(bonus, "merged", [&](Trace* tr) { return annual(s.bonus, tr); });
    try {
        const BonusTaxResult b = traced(bonus, "separate", [&](Trace* tr) { return bonus_tax(y, s.bonus, tr); });
        const Money separate_total = a.tax + b.tax;
        const bool separate = separate_total < m.tax;  // ties favour merging, as compare_bonus_treatment
        bonus.flag("separate_available", true);
        bonus.money("bonus_tax_separate", b.tax);
        bonus.money("separate_total", separate_total);
        bonus.money("merged_total", m.tax);
        bonus.word("choice", separate ? "separate" : "merged");
        bonus.money("saving", separate ? m.tax - separate_total : separate_total - m.tax);
        bonus.money("tax", separate ? separate_total : m.tax);
        bonus.notes.push_back("the taxpayer chooses; the cheaper treatment before any regime relief is used in the total tax (the summary chooses after relief)");
        out = {separate ? separate_total : m.tax, separate, true, separate_total, m.tax, Flags()};
    } catch (const NotAvailableError& e) {
        bonus.flag("separate_available", false);
        bonus.money("merged_total", m.tax);
        bonus.word("choice", "merged");
        bonus.money("tax", m.tax);
        bonus.notes.push_back(e.what());
        out = {m.tax, false, false, Money(), m.tax, Flags()};
    }
    out.flags = annual_sec.flags | bonus.flags;
    rep.sections.push_back(bonus);
    return out;
}

Money business(const TaxYear& y, const Scenario& s, Report& rep, Flags& flags) {
    if (s.talent.business_taxable_income.is_zero()) return Money();
    Section sec;
    sec.id = "business";
    sec.title = "Business (operating) income";
    const BusinessTaxResult b = traced(sec, "", [&](Trace* tr) { return business_tax(y, s.talent.business_taxable_income, tr); });
    flags |= sec.flags;
    sec.money("taxable_income", b.taxable_income);
    sec.word("rate", b.bracket < 0 ? "0%" : b.rate.percent());
    sec.money("quick_deduction", b.quick_deduction);
    sec.money("tax", b.tax);
    rep.sections.push_back(sec);
    return b.tax;
}

void prepayments(const TaxYear& y, const Scenario& s, Report& rep) {
    if (s.payments.empty()) return;
    Section sec;
    sec.id = "prepayments";
    sec.title = "Prepayment withheld on each payment of labour, author's remuneration or royalties";
    sec.explanation.set_title("Resident prepayments, tax year " + std::to_string(y.year));
    Money total;
    for (std::size_t i = 0; i < s.payments.size(); ++i) {
        const PrepaymentResult p = resident_prepayment(y, s.payments[i].kind, s.payments[i].amount, true);
        sec.explanation.append(p.explanation, "payment " + std::to_string(i + 1) + " (" + field_name(p.kind) + ")");
        sec.money("payment_" + std::to_string(i + 1) + "_tax", p.tax);
        total = total + p.tax;
    }
    sec.money("total_prepaid", total);
    sec.notes.push_back("prepayments are credited at the annual reconciliation; they are not added to the total tax");
    rep.sections.push_back(sec);
}

void withholding(const TaxYear& y, const Scenario& s, bool bonus_separate, Report& rep) {
    if (s.monthly_pay.empty()) return;
    Section sec;
    sec.id = "withholding";
    sec.title = "Monthly withholding on wages (cumulative method)";
    Money wages_in_months;
    for (const auto& m : s.monthly_pay) wages_in_months = wages_in_months + m.wage;
#ifdef LIBTAX_CALC_HAS_PAYROLL
    WithholdingTerms terms;
    terms.first_month = s.monthly_pay.front().month;
    std::vector<MonthInput> months;
    for (const auto& m : s.monthly_pay) {
        MonthInput in;
        in.month = m.month;
        in.pay = m.wage;
        in.exempt_income = m.exempt_income;
        in.social_insurance = m.social_insurance;
        in.special_additional = m.special_additional;
        in.other_deductions = m.other_deductions;
        in.bonus = m.bonus;
        in.bonus_method = bonus_separate ? BonusMethod::separate : BonusMethod::merged;
        months.push_back(in);
    }
    const WithholdingRun run = withhold_year(y, terms, months, true);
    sec.explanation.set_title("Cumulative withholding at the employer, tax year " + std::to_string(y.year));
    for (const MonthResult& m : run.months) {
        const std::string mm = (m.month < 10 ? "0" : "") + std::to_string(m.month);
        sec.explanation.append(m.explanation, "month " + mm);
        sec.money("month_" + mm, m.withheld);
    }
    sec.money("total_withheld", run.total);
    if (bonus_separate) sec.notes.push_back("a bonus paid in a month is withheld separately (the cheaper annual choice)");
#else
    (void)y;
    (void)bonus_separate;
    sec.available = false;
    sec.notes.push_back("this build of libtax has no payroll engine (libtax/payroll/withholding_run.hpp); the monthly withholding is not computed");
#endif
    if (!s.talent.income.wages.is_zero() && wages_in_months != s.talent.income.wages)
        sec.notes.push_back("the monthly wages add up to " + wages_in_months.str() + ", the annual wages are " + s.talent.income.wages.str() +
                            "; the annual figures use the annual wages");
    sec.notes.push_back("withholding is a prepayment credited at the annual reconciliation; it is not added to the total tax");
    rep.sections.push_back(sec);
}

/// zone.city selects the city rules of the listed regimes that have them (as compare_regimes): a
/// city that none of them has is a mistake in the file (exit 2), never silently dropped.
void check_city(const Tables& tables, const Scenario& s) {
    if (s.talent.city.empty()) return;
    std::string have;
    const auto known = tables.regimes();
    for (const auto& id : s.regimes) {
        if (std::find(known.begin(), known.end(), id) == known.end()) continue;  // an unknown id is reported in its section
        for (const auto& x : tables.regime(id).cities) {
            if (x == s.talent.city) return;
            have += (have.empty() ? "" : ", ") + x;
        }
    }
    throw TableError(s.file, s.city_line, "zone.city",
                     "'" + s.talent.city + "' is not a city of a listed regime with city rules" + (have.empty() ? std::string() : " (cities: " + have + ")"));
}

// ---- residence ---------------------------------------------------------------------------------

/// Residence for the year, from what the scenario gives (README "libtax-calc": person).
struct ResidenceOutcome {
    bool domiciled = false;            ///< identity mainland: domicile in China, resident, worldwide income
    bool resident = true;
    std::optional<int> days;           ///< residence days, when given or counted from stays
    bool chain = false;                ///< six-year chain complete
    std::string from;                  ///< domicile, stays, days_in_china, resident, assumed
    std::string status;                ///< calc.summary.residence.<status>
    Flags flags;
};

const char* status_key(PresenceStatus st) {
    switch (st) {
        case PresenceStatus::nonresident_up_to_90_days: return "nonresident_up_to_90_days";
        case PresenceStatus::nonresident_over_90_days: return "nonresident_over_90_days";
        case PresenceStatus::resident_without_chain: return "resident_without_chain";
        case PresenceStatus::resident_with_chain: return "resident_with_chain";
    }
    return "nonresident";
}

ResidenceOutcome residence(const TaxYear& y, const Scenario& s, Report& rep) {
    ResidenceOutcome out;
    if (s.talent.identity == Identity::mainland) {
        if (s.resident_given && !s.talent.resident)
            fail_at(s, s.resident_line, "person.resident", "false: a mainland person has domicile in China and is a resident whatever the days");
        out.domiciled = true;
        out.from = "domicile";
        out.status = "domiciled";
        out.days = s.days_in_china;
        return out;
    }
    const int threshold = static_cast<int>(y.provision("foreign.residence").count("resident_days").value);
    Section sec;
    sec.id = "residence";
    sec.title = "Residence (individual without domicile in China)";
    try {
        if (!s.stays.empty()) {
            const Residency r = traced(sec, "", [&](Trace* tr) { return residency(y, s.stays, tr); });
            if (s.days_in_china && *s.days_in_china != r.residence_days)
                fail_at(s, s.days_in_china_line, "person.days_in_china",
                        std::to_string(*s.days_in_china) + " days, but person.stays give " + std::to_string(r.residence_days) +
                            " residence days in " + std::to_string(y.year) + " (arrival and departure days do not count)");
            out.days = r.residence_days;
            out.resident = r.resident;
            out.chain = r.resident && r.chain.complete;
            if (s.six_year_chain && r.resident && *s.six_year_chain != r.chain.complete)
                sec.notes.push_back("person.six_year_chain is given as " + std::string(*s.six_year_chain ? "true" : "false") +
                                    "; the stays decide: " + r.chain.reason);
            out.status = status_key(r.status);
            out.from = "stays";
            sec.notes.push_back(r.reason);
        } else if (s.days_in_china) {
            out.days = *s.days_in_china;
            out.chain = s.six_year_chain.value_or(false);
            const PresenceStatus st = presence_status(y, *out.days, out.chain);
            out.resident = *out.days >= threshold;
            out.status = status_key(st);
            out.from = "days_in_china";
            sec.explanation.set_title("Residence, tax year " + std::to_string(y.year));
            sec.explanation.add("residence days", std::to_string(*out.days), "person.days_in_china", y.provision("foreign.residence").source.cite());
            sec.explanation.add("status", status_name(st), "resident at " + std::to_string(threshold) + " days (IIT Law art. 1)");
            if (out.resident)
                sec.notes.push_back(s.six_year_chain ? std::string("six-year chain as given (person.six_year_chain)")
                                                     : std::string("six-year chain taken as not complete (no person.six_year_chain or stays given)"));
        } else if (s.resident_given) {
            out.resident = s.talent.resident;
            out.chain = out.resident && s.six_year_chain.value_or(false);
            out.status = out.resident ? (out.chain ? "resident_with_chain" : "resident_without_chain") : "nonresident";
            out.from = "resident";
        } else {
            // Decided: a missing residence input is a stated assumption (a banner on the page), not an
            // error: the person is taken as resident without the six-year chain, as libtax-calc always did.
            out.resident = true;
            out.chain = s.six_year_chain.value_or(false);
            out.status = out.chain ? "resident_with_chain" : "resident_without_chain";
            out.from = "assumed";
            sec.notes.push_back("ASSUMED: resident for the whole year (no person.days_in_china, person.stays or person.resident given)");
        }
    } catch (const InputError& e) {
        const int line = !s.stays.empty() ? s.stays_line : s.days_in_china_line;
        fail_at(s, line, !s.stays.empty() ? "person.stays" : "person.days_in_china", e.what());
    }
    if (s.resident_given && s.talent.resident != out.resident && out.from != "resident")
        fail_at(s, s.resident_line, "person.resident",
                std::string(s.talent.resident ? "true" : "false") + ", but " + (out.days ? std::to_string(*out.days) : std::string("?")) +
                    " residence days make the person a " + (out.resident ? "resident" : "non-resident"));
    if (out.days) sec.integer("residence_days", *out.days);
    sec.flag("resident", out.resident);
    if (out.resident) sec.flag("six_year_chain", out.chain);
    sec.word("status", out.status);
    sec.word("from", out.from);
    out.flags = sec.flags;
    rep.sections.push_back(sec);
    return out;
}

/// The China-sourced wages of an individual without domicile (MOF/STA 2019 No. 35 art. 2), when
/// the scenario gives `sourcing`; income.wages is then the wages paid in and outside China.
std::optional<Exact> sourcing(const TaxYear& y, const Scenario& s, const ResidenceOutcome& res, Report& rep, Flags& flags) {
    if (!s.sourcing) return std::nullopt;
    const Sourcing& src = *s.sourcing;
    if (res.domiciled)
        fail_at(s, src.line, "sourcing", "a person with domicile in China (identity mainland) is taxed on all wages; sourcing is for individuals without domicile");
    if (!res.days && !res.resident)
        fail_at(s, src.line, "sourcing",
                "a non-resident's sourcing formula depends on the 90-day rule: give person.days_in_china or person.stays");
    if (src.paid_abroad > s.talent.income.wages)
        fail_at(s, src.line, "sourcing.paid_abroad", src.paid_abroad.str() + " is more than income.wages " + s.talent.income.wages.str());
    const int threshold = static_cast<int>(y.provision("foreign.residence").count("resident_days").value);
    Section sec;
    sec.id = "sourcing";
    sec.title = "China-sourced wages (individual without domicile)";
    MonthlyWages w;
    w.total = s.talent.income.wages;
    w.domestic = s.talent.income.wages - src.paid_abroad;
    w.china_days = src.china_workdays;
    w.calendar_days = src.calendar_days ? src.calendar_days : days_in_year(y.year);
    SourcedWage sw;
    try {
        sw = traced(sec, "", [&](Trace* tr) { return sourced_wage(y, w, res.days.value_or(threshold), src.senior_manager, res.chain, tr); });
    } catch (const InputError& e) {
        fail_at(s, src.line, "sourcing." + e.field(), e.what());
    }
    sec.money("wages_total", w.total);
    sec.money("paid_abroad", src.paid_abroad);
    sec.word("china_workdays", w.china_days.str());
    sec.integer("calendar_days", w.calendar_days);
    sec.word("formula", sw.formula_name);
    sec.money("china_sourced_wages", round_half_up(sw.income));
    sec.notes.push_back("the year's wages and days are taken as one period; the China-sourced wages stay exact until the tax is rounded");
    flags |= sec.flags;
    rep.sections.push_back(sec);
    return sw.income;
}

// ---- non-residents: month by month ---------------------------------------------------------------

NonresidentPayment nonresident_kind(PaymentKind k) {
    switch (k) {
        case PaymentKind::labour: return NonresidentPayment::labour;
        case PaymentKind::author: return NonresidentPayment::author;
        case PaymentKind::royalties: return NonresidentPayment::royalty;
    }
    return NonresidentPayment::labour;
}

struct NonresidentOutcome {
    Money wages_tax, bonus_tax, payments_tax, tax;
    int months = 0;
    Flags flags;
};

/// A non-resident's tax: each month's China-sourced wages alone (5,000 deducted), the bonus by the
/// multi-month method, each payment alone (IIT Law art. 6(1)(2); MOF/STA 2019 No. 35 art. 3).
NonresidentOutcome nonresident(const TaxYear& y, const Scenario& s, const std::optional<Exact>& sourced, Report& rep) {
    NonresidentOutcome out;
    Section sec;
    sec.id = "nonresident";
    sec.title = "Non-resident individual: wages month by month, each payment alone";
    sec.explanation.set_title("Non-resident individual's tax, tax year " + std::to_string(y.year));
    const Money wages = s.talent.income.wages;
    auto wages_line = [&]() {
        const auto at = s.field_at.find("wages");
        return at == s.field_at.end() ? 0 : at->second.first;
    };
    if (!s.monthly_pay.empty()) {
        if (sourced)
            fail_at(s, s.sourcing->line, "sourcing",
                    "with monthly_pay, each month's wage is that month's China-sourced wages; give sourcing with person.wage_months instead");
        Money sum;
        for (const auto& m : s.monthly_pay) {
            if (!m.bonus.is_zero())
                fail_at(s, m.line, "monthly_pay.bonus", "a non-resident's annual bonus is taxed alone (multi-month method): give it as income.bonus");
            const std::string mm = (m.month < 10 ? "0" : "") + std::to_string(m.month);
            const Money income = m.wage - m.exempt_income;
            if (income.is_negative()) fail_at(s, m.line, "monthly_pay.exempt_income", "more than the month's wage");
            const NonresidentTax t = traced(sec, "month " + mm, [&](Trace* tr) { return nonresident_wage_tax(y, Exact(income), tr); });
            sec.money("month_" + mm, t.tax);
            out.wages_tax = out.wages_tax + t.tax;
            sum = sum + m.wage;
            ++out.months;
        }
        if (!wages.is_zero() && sum != wages)
            sec.notes.push_back("the monthly wages add up to " + sum.str() + ", income.wages is " + wages.str() + "; the tax uses the months");
    } else if (!wages.is_zero()) {
        if (!s.talent.wage_months)
            fail_at(s, wages_line(), "person.wage_months",
                    "a non-resident's wages are taxed month by month (IIT Law art. 6(1)(2)): give person.wage_months (equal months) or monthly_pay");
        out.months = *s.talent.wage_months;
        const Exact monthly = (sourced ? *sourced : Exact(wages)).scaled(1, out.months);
        for (int k = 1; k <= out.months; ++k) {
            const std::string mm = (k < 10 ? "0" : "") + std::to_string(k);
            const NonresidentTax t = k == 1 ? traced(sec, "month " + mm, [&](Trace* tr) { return nonresident_wage_tax(y, monthly, tr); })
                                            : nonresident_wage_tax(y, monthly);
            sec.money("month_" + mm, t.tax);
            out.wages_tax = out.wages_tax + t.tax;
        }
        sec.notes.push_back("wages taken as " + std::to_string(out.months) + " equal months (person.wage_months), each taxed alone; the first is explained");
    }
    sec.money("wages_tax", out.wages_tax);
    if (!s.bonus.is_zero()) {
        const NonresidentTax b = traced(sec, "bonus", [&](Trace* tr) { return nonresident_bonus_tax(y, Exact(s.bonus), 0, tr); });
        out.bonus_tax = b.tax;
        sec.money("bonus_tax", b.tax);
        sec.notes.push_back("the annual bonus is taken as China-sourced and as the year's one use of the multi-month method");
    }
    struct Pay {
        PaymentKind kind;
        Money amount;
    };
    std::vector<Pay> pays;
    if (!s.payments.empty()) {
        for (const auto& p : s.payments) pays.push_back({p.kind, p.amount});
    } else {
        const ComprehensiveReceipts& in = s.talent.income;
        if (!in.labour.is_zero()) pays.push_back({PaymentKind::labour, in.labour});
        if (!in.author.is_zero()) pays.push_back({PaymentKind::author, in.author});
        if (!in.royalties.is_zero()) pays.push_back({PaymentKind::royalties, in.royalties});
        if (!pays.empty()) sec.notes.push_back("no payments listed: each item's income of the year is taken as one payment");
    }
    for (std::size_t i = 0; i < pays.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        const NonresidentTax t = traced(sec, "payment " + n + " (" + field_name(pays[i].kind) + ")",
                                        [&](Trace* tr) { return nonresident_payment_tax(y, nonresident_kind(pays[i].kind), pays[i].amount, tr); });
        sec.money("payment_" + n + "_tax", t.tax);
        out.payments_tax = out.payments_tax + t.tax;
    }
    if (!pays.empty()) sec.money("payments_tax", out.payments_tax);
    out.tax = out.wages_tax + out.bonus_tax + out.payments_tax;
    sec.money("tax", out.tax);
    if (!s.talent.special_additional.is_zero() || !s.talent.other_deductions.is_zero() || !s.talent.social_insurance.is_zero())
        sec.notes.push_back("a non-resident deducts 5,000 a month from wages and nothing else: the deductions given are not used");
    if (!s.talent.income.commissions.is_zero()) sec.notes.push_back("commissions are not computed for non-residents");
    out.flags = sec.flags;
    rep.sections.push_back(sec);
    return out;
}

// ---- talent regimes ------------------------------------------------------------------------------

/// What the regimes need from the tax computed before them.
struct BeforeRelief {
    bool resident = true;
    std::optional<Money> sourced_wages;  ///< non-domiciled: China-sourced wages, to the fen (the regimes take fen)
    int nonresident_months = 0;
    /// Each legal bonus treatment and the year's tax with it (before relief): separate, merged,
    /// none (no bonus) or nonresident (a non-resident's bonus is taxed alone: no choice).
    std::vector<std::pair<std::string, Money>> treatments;
    std::string chosen;  ///< the treatment cheaper before relief
};

#ifdef LIBTAX_CALC_HAS_REGIMES
/// The scenario as the regime engine sees it with a bonus treatment: a merged bonus is in the
/// wages; a bonus taxed separately (or a non-resident's) is left out, as in the tax.
TalentCase talent_case(const Scenario& s, const BeforeRelief& b, const std::string& treatment) {
    TalentCase c = s.talent;  // every declared field the file gives (libtax/contract/talent_case.hpp)
    c.resident = b.resident;
    if (b.sourced_wages) {
        c.income.wages = *b.sourced_wages;
        if (c.zone_wages && *c.zone_wages > c.income.wages) c.zone_wages = c.income.wages;
    }
    if (!b.resident && !c.wage_months && b.nonresident_months > 0) c.wage_months = b.nonresident_months;
    if (treatment == "merged") {
        c.income.wages = c.income.wages + s.bonus;
        if (c.zone_wages) c.zone_wages = *c.zone_wages + s.bonus;
    }
    return c;
}
#endif

/// The relief of each regime asked for, and the best legal choice after relief (bonus treatment
/// included). Fills rep.summary.regimes and rep.summary.best.
void regimes(const Tables& tables, const Scenario& s, const BeforeRelief& before, const Flags& tax_flags, Report& rep) {
    if (s.regimes.empty()) return;
    Section sec;
    sec.id = "regimes";
    sec.title = "Talent regimes" + (s.zone_name.empty() ? std::string() : " (" + s.zone_name + ")");
#ifdef LIBTAX_CALC_HAS_REGIMES
    check_city(tables, s);
    sec.explanation.set_title("Talent-regime relief, tax year " + std::to_string(s.year));
    int best = -1;
    Money best_after;
    for (std::size_t i = 0; i < s.regimes.size(); ++i) {
        const std::string& id = s.regimes[i];
        RegimeLine line;
        line.id = id;
        line.flags = tax_flags;
        TalentReliefResult r;
        auto relief_of = [&](const std::string& treatment, bool explain) {
            TalentCase cc = talent_case(s, before, treatment);
            const Regime& g = tables.regime(id);    // InputError for an unknown id
            if (g.cities.empty()) cc.city.clear();  // as compare_regimes: the city selects the rules of regimes that have city rules
            return talent_relief(tables, id, s.year, cc, explain);
        };
        try {
            r = relief_of(before.chosen, true);
        } catch (const InputError& e) {
            // unknown regime, or an input the regime needs (e.g. zone.fx_rate): said, not guessed
            sec.word(id + ".eligible", "not computed");
            sec.notes.push_back(id + ": not computed: " + e.what());
            line.computed = false;
            line.why_not = e.what();
            rep.summary.regimes.push_back(line);
            continue;
        }
        sec.explanation.append(r.explanation, id);
        sec.flag(id + ".enacted", r.enacted);
        sec.flag(id + ".eligible", r.eligible);
        sec.word(id + ".code", r.code);
        sec.word(id + ".kind", mechanism_name(r.kind));
        sec.money(id + ".tax", r.tax);
        sec.money(id + ".relief", r.amount);
        if (r.capped) sec.flag(id + ".capped", true);
        if (r.unconfirmed) sec.notes.push_back(id + ": uses a reading marked UNCONFIRMED in its table (see the explanation)");
        if (!r.enacted) sec.notes.push_back(id + ": NOT LAW: a what-if model of an announced policy");
        for (const auto& reason : r.reasons) sec.notes.push_back(id + ": " + reason);
        line.enacted = r.enacted;
        line.eligible = r.eligible;
        line.unconfirmed_reading = r.unconfirmed;
        line.flags.unconfirmed = line.flags.unconfirmed || r.unconfirmed;
        line.flags.not_law = !r.enacted;
        if (!r.eligible) {
            for (const auto& reason : r.reasons)
                if (reason.find("FAILED") != std::string::npos) {
                    line.why_not = reason;
                    break;
                }
            if (line.why_not.empty()) line.why_not = r.code;
            rep.summary.regimes.push_back(line);
            continue;
        }
        // The bonus treatment with the lowest tax after this regime's relief (ties: the one cheaper before relief).
        bool first = true;
        for (const auto& [treatment, tax] : before.treatments) {
            TalentReliefResult rt = treatment == before.chosen ? r : relief_of(treatment, false);
            const Money after = tax - rt.amount;
            if (first || after < line.tax_after_relief || (after == line.tax_after_relief && treatment == before.chosen)) {
                line.bonus = treatment;
                line.relief = rt.amount;
                line.tax_after_relief = after;
                line.unconfirmed_reading = line.unconfirmed_reading || rt.unconfirmed;
                line.flags.unconfirmed = line.flags.unconfirmed || rt.unconfirmed;
                first = false;
            }
        }
        sec.word(id + ".bonus_after_relief", line.bonus);
        sec.money(id + ".relief_after_choice", line.relief);
        sec.money(id + ".tax_after_relief", line.tax_after_relief);
        if (r.enacted && (best < 0 || line.tax_after_relief < best_after)) {
            best = static_cast<int>(rep.summary.regimes.size());
            best_after = line.tax_after_relief;
        }
        rep.summary.regimes.push_back(line);
    }
    rep.summary.best = best;
    const RegimeLine* b = best < 0 ? nullptr : &rep.summary.regimes[static_cast<std::size_t>(best)];
    sec.word("best", b ? b->id : "none");
    sec.money("best_relief", b ? b->relief : Money());
    if (b) sec.word("best_bonus", b->bonus);
    if (!b) sec.notes.push_back("no enacted regime asked for gives relief to this person this year");
    sec.notes.push_back("regimes that exclude each other (e.g. GBA and Qianhai) are alternatives: one per year, never added");
    if (!s.bonus.is_zero() && before.resident)
        sec.notes.push_back("the annual bonus is in the wages when merged and outside the regime calculation when taxed separately; "
                            "each regime's relief is shown with the treatment cheaper before relief, then the treatment with the lowest tax after it is chosen");
    if (before.sourced_wages) sec.notes.push_back("the regimes take the China-sourced wages rounded to the fen: " + before.sourced_wages->str());
#else
    (void)tables;
    (void)before;
    (void)tax_flags;
    sec.available = false;
    std::string ids;
    for (const auto& r : s.regimes) ids += (ids.empty() ? "" : ", ") + r;
    sec.word("asked", ids);
    sec.notes.push_back("this build of libtax has no talent-regime engine (libtax/regimes/); the regime comparison is not computed");
#endif
    rep.sections.push_back(sec);
}

// ---- flags of the tables -------------------------------------------------------------------------

/// What-if tables: a document that is not the built-in law's, word for word (documents are
/// named by their folder, "tables/cn/2024.yaml" built in, "DIR/cn/2024.yaml" loaded).
bool what_if_tables(const Tables& tables) {
    const Tables& law = Tables::builtin();
    if (&tables == &law) return false;
    auto relative = [](const std::string& name, const std::string& folder) {
        const std::string prefix = folder + "/";
        return name.compare(0, prefix.size(), prefix) == 0 ? name.substr(prefix.size()) : name;
    };
    for (const auto& d : tables.documents()) {
        bool same = false;
        const std::string name = relative(d.name, tables.origin());
        for (const auto& l : law.documents())
            if (relative(l.name, "tables") == name) {
                same = l.text == d.text;
                break;
            }
        if (!same) return true;
    }
    return false;
}

/// A year whose table states no value of its own carries an earlier year's law forward: a
/// projection. Returns that earlier year, or 0 when the year states its own law.
int projection_from(const Tables& tables, int year) {
    auto own = [&](int yy) {
        const TaxYear& t = tables.year(yy);
        for (const auto& [path, p] : t.provisions)
            if (p.source.file == t.file) return true;
        return false;
    };
    if (own(year)) return 0;
    for (int yy = year - 1; tables.covers(yy); --yy)
        if (own(yy)) return yy;
    return 0;
}

}  // namespace

Report calculate(const Tables& tables, const Scenario& s) {
    if (!tables.covers(s.year)) {
        std::string have;
        for (int y : tables.years()) have += (have.empty() ? "" : ", ") + std::to_string(y);
        fail_at(s, s.year_line, "year", "no tax table covers " + std::to_string(s.year) + " (the " + tables.origin() +
                                            " tables cover " + (have.empty() ? "no year" : have) + ")");
    }
    const TaxYear& y = tables.year(s.year);

    Report rep;
    rep.file = s.file;
    rep.title = s.title;
    rep.year = s.year;
    rep.tables = tables.origin();
    {
        Section who;  // figures only, for the person line
        who.word("identity", identity_name(s.talent.identity));
        if (s.days_in_china) who.integer("days_in_china", *s.days_in_china);
        if (s.talent.days_in_zone) who.integer("days_in_zone", *s.talent.days_in_zone);
        if (!s.zone_name.empty()) who.word("zone", s.zone_name);
        if (!s.talent.city.empty()) who.word("city", s.talent.city);
        if (s.talent.talent_recognised) who.flag("talent_recognised", true);
        rep.person = who.figures;
    }

    Flags table_flags;
    table_flags.what_if = what_if_tables(tables);
    const int carried = projection_from(tables, s.year);
    table_flags.projection = carried != 0;

    const ResidenceOutcome res = residence(y, s, rep);
    Flags tax_flags = table_flags | res.flags;
    const std::optional<Exact> sourced = sourcing(y, s, res, rep, tax_flags);

    BeforeRelief before;
    before.resident = res.resident;
    if (sourced) before.sourced_wages = round_half_up(*sourced);
    Money comprehensive;
    if (res.resident) {
        const ComprehensiveOutcome comp = annual_and_bonus(y, s, sourced, rep);
        tax_flags |= comp.flags;
        comprehensive = comp.tax;
        if (s.bonus.is_zero()) {
            before.treatments.push_back({"none", comp.tax});
            before.chosen = "none";
        } else {
            if (comp.separate_available) before.treatments.push_back({"separate", comp.separate_total});
            before.treatments.push_back({"merged", comp.merged_total});
            before.chosen = comp.bonus_separate ? "separate" : "merged";
        }
    } else {
        const NonresidentOutcome nr = nonresident(y, s, sourced, rep);
        tax_flags |= nr.flags;
        comprehensive = nr.tax;
        before.nonresident_months = nr.months;
        before.treatments.push_back({s.bonus.is_zero() ? "none" : "nonresident", nr.tax});
        before.chosen = before.treatments.back().first;
    }
    const Money biz = business(y, s, rep, tax_flags);
    for (auto& t : before.treatments) t.second = t.second + biz;
    if (res.resident) {
        prepayments(y, s, rep);
        withholding(y, s, before.chosen == "separate", rep);
    }
    rep.total_tax = comprehensive + biz;
    regimes(tables, s, before, tax_flags, rep);

    // The one-page answer.
    Summary& sum = rep.summary;
    sum.title = s.title;
    sum.year = s.year;
    sum.identity = identity_name(s.talent.identity);
    sum.residence = res.status;
    sum.residence_days = res.days;
    sum.residence_from = res.from;
    if (sourced) sum.sourced_wages = *before.sourced_wages;
    for (const auto& sec : rep.sections) {
        if (sec.id == "sourcing")
            for (const auto& f : sec.figures)
                if (f.name == "formula") sum.sourcing = f.text;
        if (sec.id == "nonresident")
            for (const auto& f : sec.figures)
                if (f.name.rfind("month_", 0) == 0) sum.monthly_tax.push_back({f.name.substr(6), Money::parse(f.text)});
    }
    const ComprehensiveReceipts& in = s.talent.income;
    sum.total_income = in.wages + s.bonus + in.labour + in.author + in.royalties + in.commissions + s.talent.business_taxable_income;
    sum.social_insurance = s.talent.social_insurance;
    sum.tax_before_relief = rep.total_tax;
    sum.bonus_before = before.chosen;
    sum.tax_flags = tax_flags;
    const RegimeLine* best = sum.best < 0 ? nullptr : &sum.regimes[static_cast<std::size_t>(sum.best)];
    sum.tax_due = best ? best->tax_after_relief : rep.total_tax;
    sum.bonus_due = best ? best->bonus : before.chosen;
    sum.due_flags = best ? best->flags : tax_flags;
    sum.net_income = sum.total_income - sum.social_insurance - sum.tax_due;
    rep.tax_due = sum.tax_due;
    sum.flags = tax_flags | sum.due_flags;
    for (const auto& r : sum.regimes) sum.flags |= r.flags;

    if (table_flags.what_if) sum.banners.push_back({"what_if", "calc.summary.banner.what_if", {{"tables", tables.origin()}}});
    if (table_flags.projection)
        sum.banners.push_back({"projection", "calc.summary.banner.projection", {{"year", std::to_string(s.year)}, {"from", std::to_string(carried)}}});
    if (res.from == "assumed") sum.banners.push_back({"assumption", "calc.summary.banner.assumed_resident", {}});
    for (const auto& sec : rep.sections)
        if (sec.flags.unconfirmed && sec.id != "regimes")
            sum.banners.push_back({"unconfirmed", "calc.summary.banner.unconfirmed", {{"part", message_id("calc.section." + sec.id)}}});
    for (const auto& r : sum.regimes) {
        if (r.flags.not_law) sum.banners.push_back({"not_law", "calc.summary.banner.not_law", {{"regime", r.id}}});
        if (r.unconfirmed_reading) sum.banners.push_back({"unconfirmed", "calc.summary.banner.unconfirmed_regime", {{"regime", r.id}}});
    }

    Section totals;
    totals.id = "summary";
    totals.title = "Summary";
    totals.money(res.resident ? "comprehensive_income_tax" : "nonresident_tax", comprehensive);
    if (!s.talent.business_taxable_income.is_zero()) totals.money("business_income_tax", biz);
    totals.money("total_tax", rep.total_tax);
    if (!s.regimes.empty()) {
        totals.money("best_regime_relief", best ? best->relief : Money());
        totals.money("tax_after_best_relief", sum.tax_due);
        totals.notes.push_back("a subsidy is paid back after the tax is paid in full; an exemption is claimed at the annual reconciliation");
    }
    totals.word("bonus_treatment", sum.bonus_due);
    totals.money("tax_due", sum.tax_due);
    totals.notes.push_back("total tax is before any talent-regime relief; tax_due is after the best legal choice's relief; "
                           "amounts in yuan, each tax rounded half-up to the fen once");
    totals.flags = sum.flags;
    rep.sections.push_back(totals);
    for (auto& sec : rep.sections) sec.flags |= table_flags;  // every figure rests on the year's table
    return rep;
}

}  // namespace libtax_calc
