// libtax-calc: the calculation. Data flows scenario -> libtax calculators -> report sections.
#include "calculate.hpp"

#include <algorithm>

#if __has_include("libtax/payroll/withholding_run.hpp")
#include "libtax/core/error_text.hpp"
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

/// Errors about the scenario's own values are reported at their line in the file, under the key
/// the file wrote, in the catalogue's words (calc.error.*).
[[noreturn]] void fail_at(const Scenario& s, int line, const std::string& field, const std::string& id, TraceArgs args) {
    throw ScenarioError(s.file, line, s.key_as_written(field), id, std::move(args));
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

/// A section's unconfirmed flag, from the traces of its calculations.
void mark_unconfirmed(Section& sec) {
    for (const auto& p : sec.parts) sec.flags.unconfirmed = sec.flags.unconfirmed || trace_unconfirmed(p.trace);
}

ComprehensiveIncome comprehensive_income(const Scenario& s) {
    ComprehensiveIncome in;
    in.receipts = s.talent.income;
    in.social_insurance = s.talent.social_insurance;
    in.special_additional = s.talent.special_additional;
    in.other_deductions = s.talent.other_deductions;
    return in;
}

/// A word of the catalogues when they have calc.value.<word> (a city, an identity), else as written.
libtax::TraceText value_word(const std::string& prefix, const std::string& v) {
    std::string id = prefix + v;
    std::replace(id.begin() + static_cast<std::ptrdiff_t>(prefix.size()), id.end(), '-', '_');
    if (Catalogue::builtin("en").has(id)) return message_id(id);
    return v;
}

/// A regime named in a label or value: its catalogue name (calc.regime.<id>), or the id.
libtax::TraceText regime_word(const std::string& id) { return value_word("calc.regime.", id); }

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
    bool separate_available = false;     ///< the bonus may be taxed separately this year
    Money separate_total, merged_total;  ///< with a bonus: each treatment's comprehensive tax
};

/// `sourced`: a non-domiciled resident's China-sourced wages (MOF/STA 2019 No. 35 formula 3, or all
/// wages with the six-year chain), which replace income.wages (formula 4: nondomiciled_annual_tax).
ComprehensiveOutcome annual_and_bonus(const TaxYear& y, const Scenario& s, const std::optional<Exact>& sourced, Report& rep) {
    const ComprehensiveIncome in = comprehensive_income(s);
    ComprehensiveIncome other = in;
    other.receipts.wages = Money();
    // The annual tax with `extra` added to the wages (the bonus, merged).
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
    annual_sec.title_id = s.bonus.is_zero() ? "calc.section.annual_tax" : "calc.section.annual_tax_without_bonus";
    const AnnualTaxResult a = annual(Money(), &annual_sec.part());
    add_annual_figures(annual_sec, a);
    rep.sections.push_back(annual_sec);
    ComprehensiveOutcome out{a.tax, false, false, Money(), Money()};
    if (s.bonus.is_zero()) return out;

    Section bonus;
    bonus.id = "bonus";
    bonus.title_id = "calc.section.bonus";
    bonus.money("bonus", s.bonus);
    try {
        BonusComparison c;
        if (!sourced) {
            c = compare_bonus_treatment(y, in, s.bonus, &bonus.part());
        } else {  // the same comparison on the China-sourced wages
            c.other_income = a;
            c.bonus = bonus_tax(y, s.bonus, &bonus.part("calc.value.separate"));
            c.separate_total = a.tax + c.bonus.tax;
            c.merged = annual(s.bonus, &bonus.part("calc.value.merged"));
            c.merged_total = c.merged.tax;
            c.separate_is_cheaper = c.separate_total < c.merged_total;  // ties favour merging, as compare_bonus_treatment
            c.saving = c.separate_is_cheaper ? c.merged_total - c.separate_total : c.separate_total - c.merged_total;
        }
        bonus.flag("separate_available", true);
        bonus.money("bonus_tax_separate", c.bonus.tax);
        bonus.money("separate_total", c.separate_total);
        bonus.money("merged_total", c.merged_total);
        bonus.term("choice", c.separate_is_cheaper ? "separate" : "merged");
        bonus.money("saving", c.saving);
        bonus.money("tax", c.separate_is_cheaper ? c.separate_total : c.merged_total);
        bonus.note("calc.note.bonus_choice");
        out = {c.separate_is_cheaper ? c.separate_total : c.merged_total, c.separate_is_cheaper, true, c.separate_total, c.merged_total};
    } catch (const NotAvailableError& e) {
        bonus.parts.clear();  // what the comparison recorded before it stopped
        const AnnualTaxResult m = annual(s.bonus, &bonus.part());
        bonus.flag("separate_available", false);
        bonus.money("merged_total", m.tax);
        bonus.term("choice", "merged");
        bonus.money("tax", m.tax);
        bonus.note("calc.note.bonus_not_separate", {{"text", e.what()}});
        out = {m.tax, false, false, Money(), m.tax};
    }
    rep.sections.push_back(bonus);
    return out;
}

Money business(const TaxYear& y, const Scenario& s, Report& rep) {
    if (s.talent.business_taxable_income.is_zero()) return Money();
    Section sec;
    sec.id = "business";
    sec.title_id = "calc.section.business";
    const BusinessTaxResult b = business_tax(y, s.talent.business_taxable_income, &sec.part());
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
    sec.title_id = "calc.section.prepayments";
    sec.explanation_title_id = "calc.explain.prepayments";
    sec.explanation_title_args = {{"year", std::to_string(y.year)}};
    Money total;
    for (std::size_t i = 0; i < s.payments.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        Trace& t = sec.part("calc.scope.payment", {{"number", n}, {"kind", message_id(std::string("payment.") + field_name(s.payments[i].kind))}});
        const PrepaymentResult p = resident_prepayment(y, s.payments[i].kind, s.payments[i].amount, &t);
        sec.money("payment_" + n + "_tax", p.tax);
        sec.label("calc.figure.payment_tax", {{"number", n}});
        total = total + p.tax;
    }
    sec.money("total_prepaid", total);
    sec.note("calc.note.prepayments_credited");
    rep.sections.push_back(sec);
}

void withholding(const TaxYear& y, const Scenario& s, bool bonus_separate, Report& rep) {
    if (s.monthly_pay.empty()) return;
    Section sec;
    sec.id = "withholding";
    sec.title_id = "calc.section.withholding";
    Money wages_in_months;
    for (const auto& m : s.monthly_pay) wages_in_months = wages_in_months + m.wage;
#ifdef LIBTAX_CALC_HAS_PAYROLL
    WithholdingTerms terms;
    terms.first_month = s.monthly_pay.front().month;
    terms.first_wages_this_year = s.withholding_terms.first_wages_this_year;
    terms.prior_year_low_income = s.withholding_terms.prior_year_low_income;
    if (s.withholding_terms.continuous_labour) terms.income = CumulativeIncome::continuous_labour;
    std::vector<MonthInput> months;
    for (const auto& m : s.monthly_pay) {
        MonthInput in;
        in.month = m.month;
        in.pay = s.withholding_terms.continuous_labour ? m.labour : m.wage;
        in.tax_reductions = m.tax_reductions;
        in.exempt_income = m.exempt_income;
        in.social_insurance = m.social_insurance;
        in.special_additional = m.special_additional;
        in.other_deductions = m.other_deductions;
        in.bonus = m.bonus;
        // the month's own method where the file gives one, else the treatment cheaper before relief
        const bool separate = m.bonus_method.empty() ? bonus_separate : m.bonus_method == "separate";
        in.bonus_method = separate ? BonusMethod::separate : BonusMethod::merged;
        months.push_back(in);
    }
    std::vector<Trace> traces;
    const WithholdingRun run = withhold_year(y, terms, months, &traces);
    sec.explanation_title_id = "calc.explain.withholding";
    sec.explanation_title_args = {{"year", std::to_string(y.year)}};
    for (std::size_t i = 0; i < run.months.size(); ++i) {
        const MonthResult& m = run.months[i];
        const std::string mm = (m.month < 10 ? "0" : "") + std::to_string(m.month);
        sec.part("calc.scope.month", {{"month", mm}}) = std::move(traces[i]);
        sec.money("month_" + mm, m.withheld);
        sec.label("calc.figure.month", {{"month", mm}});
    }
    sec.money("total_withheld", run.total);
    if (bonus_separate) sec.note("calc.note.bonus_withheld_separately");
#else
    (void)y;
    (void)bonus_separate;
    sec.available = false;
    sec.note("calc.note.no_payroll_engine");
#endif
    if (!s.talent.income.wages.is_zero() && wages_in_months != s.talent.income.wages)
        sec.note("calc.note.monthly_wages_differ", {{"months", wages_in_months.str()}, {"annual", s.talent.income.wages.str()}});
    sec.note("calc.note.withholding_credited");
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
    if (have.empty()) fail_at(s, s.city_line, "zone.city", "calc.error.city", {{"city", s.talent.city}});
    fail_at(s, s.city_line, "zone.city", "calc.error.city_of", {{"city", s.talent.city}, {"cities", have}});
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
            fail_at(s, s.resident_line, "person.resident", "calc.error.mainland_resident", {});
        out.domiciled = true;
        out.from = "domicile";
        out.status = "domiciled";
        out.days = s.days_in_china;
        return out;
    }
    const auto& resident_days = y.rules().presence.resident_days;
    const int threshold = static_cast<int>(resident_days.value);
    Section sec;
    sec.id = "residence";
    sec.title_id = "calc.section.residence";
    try {
        if (!s.stays.empty()) {
            const Residency r = residency(y, s.stays, &sec.part());
            if (s.days_in_china && *s.days_in_china != r.residence_days)
                fail_at(s, s.days_in_china_line, "person.days_in_china", "calc.error.days_vs_stays",
                        {{"days", std::to_string(*s.days_in_china)}, {"counted", std::to_string(r.residence_days)}, {"year", std::to_string(y.year)}});
            out.days = r.residence_days;
            out.resident = r.resident;
            out.chain = r.resident && r.chain.complete;
            if (s.six_year_chain && r.resident && *s.six_year_chain != r.chain.complete)
                sec.note("calc.note.six_year_chain_given", {{"value", *s.six_year_chain ? "true" : "false"}, {"text", r.chain.reason}});
            out.status = status_key(r.status);
            out.from = "stays";
        } else if (s.days_in_china) {
            out.days = *s.days_in_china;
            out.chain = s.six_year_chain.value_or(false);
            const PresenceStatus st = presence_status(y, *out.days, out.chain);
            out.resident = *out.days >= threshold;
            out.status = status_key(st);
            out.from = "days_in_china";
            Trace& t = sec.part();
            t.title("calc.explain.residence", {{"year", std::to_string(y.year)}});
            t.step("calc.explain.residence_days", std::to_string(*out.days), "calc.explain.residence_days.formula", {},
                   y.rules().presence.residence_source);
            t.step("calc.explain.status", message_id(status_message(st)), "calc.explain.status.formula", {{"days", std::to_string(threshold)}},
                   resident_days.source);
            if (out.resident) sec.note(s.six_year_chain ? "calc.note.six_year_chain_stated" : "calc.note.six_year_chain_assumed");
        } else if (s.resident_given) {
            out.resident = s.talent.resident;
            out.chain = out.resident && s.six_year_chain.value_or(false);
            out.status = out.resident ? (out.chain ? "resident_with_chain" : "resident_without_chain") : "nonresident";
            out.from = "resident";
        } else {
            // Decided: a missing residence input is a stated assumption (a banner on the page), not an
            // error: the person is taken as a resident, as libtax-calc always did, and the page says so.
            out.resident = true;
            out.chain = s.six_year_chain.value_or(false);
            out.status = out.chain ? "resident_with_chain" : "resident_without_chain";
            out.from = "assumed";
            sec.note("calc.note.resident_assumed");
        }
    } catch (const InputError& e) {
        const bool stays = !s.stays.empty();
        fail_at(s, stays ? s.stays_line : s.days_in_china_line, stays ? "person.stays" : "person.days_in_china", "calc.error.library", {{"text", libtax::bilingual(e.what(), libtax::error_text(e, "zh"))}});
    }
    if (s.resident_given && s.talent.resident != out.resident && out.from != "resident")
        fail_at(s, s.resident_line, "person.resident", out.resident ? "calc.error.days_make_resident" : "calc.error.days_make_nonresident",
                {{"value", s.talent.resident ? "true" : "false"}, {"days", out.days ? std::to_string(*out.days) : std::string("?")}});
    if (out.days) sec.integer("residence_days", *out.days);
    sec.flag("resident", out.resident);
    if (out.resident) sec.flag("six_year_chain", out.chain);
    sec.word("status", out.status);
    sec.figures.back().text = message_id("calc.summary.residence." + out.status);
    sec.word("from", out.from);
    rep.sections.push_back(sec);
    return out;
}

/// The China-sourced wages of an individual without domicile (MOF/STA 2019 No. 35 art. 2), when
/// the scenario gives `sourcing`; income.wages is then the wages paid in and outside China.
std::optional<Exact> sourcing(const TaxYear& y, const Scenario& s, const ResidenceOutcome& res, Report& rep) {
    if (!s.sourcing) return std::nullopt;
    const Sourcing& src = *s.sourcing;
    if (res.domiciled)
        fail_at(s, src.line, "sourcing", "calc.error.sourcing_domiciled", {});
    if (!res.days && !res.resident)
        fail_at(s, src.line, "sourcing", "calc.error.sourcing_needs_days", {});
    if (src.paid_abroad > s.talent.income.wages)
        fail_at(s, src.line, "sourcing.paid_abroad", "calc.error.paid_abroad_above", {{"paid_abroad", src.paid_abroad.str()}, {"wages", s.talent.income.wages.str()}});
    const int threshold = static_cast<int>(y.rules().presence.resident_days.value);
    Section sec;
    sec.id = "sourcing";
    sec.title_id = "calc.section.sourcing";
    MonthlyWages w;
    w.total = s.talent.income.wages;
    w.domestic = s.talent.income.wages - src.paid_abroad;
    w.china_days = src.china_workdays;
    w.calendar_days = src.calendar_days ? src.calendar_days : days_in_year(y.year);
    SourcedWage sw;
    try {
        sw = sourced_wage(y, w, res.days.value_or(threshold), src.senior_manager, res.chain, &sec.part());
    } catch (const InputError& e) {
        fail_at(s, src.line, "sourcing." + e.field(), "calc.error.library", {{"text", libtax::bilingual(e.what(), libtax::error_text(e, "zh"))}});
    }
    sec.money("wages_total", w.total);
    sec.money("paid_abroad", src.paid_abroad);
    sec.word("china_workdays", w.china_days.str());
    sec.integer("calendar_days", w.calendar_days);
    sec.word("formula", sw.formula_name);
    sec.figures.back().text = message_id(sw.formula_name_id);  // in the reader's language
    sec.money("china_sourced_wages", round_half_up(sw.income));
    sec.note("calc.note.sourcing_one_period");
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
};

/// A non-resident's tax: each month's China-sourced wages alone (5,000 deducted), the bonus by the
/// multi-month method, each payment alone (IIT Law art. 6(1)(2); MOF/STA 2019 No. 35 art. 3).
NonresidentOutcome nonresident(const TaxYear& y, const Scenario& s, const std::optional<Exact>& sourced, Report& rep) {
    NonresidentOutcome out;
    Section sec;
    sec.id = "nonresident";
    sec.title_id = "calc.section.nonresident";
    sec.explanation_title_id = "calc.explain.nonresident";
    sec.explanation_title_args = {{"year", std::to_string(y.year)}};
    const Money wages = s.talent.income.wages;
    if (!s.talent.income.commissions.is_zero())
        fail_at(s, s.commissions_line, "income.commissions", "calc.error.commissions_scope", {});
    auto month_figure = [&](const std::string& mm, Money tax) {
        sec.money("month_" + mm, tax);
        sec.label("calc.figure.nonresident_month", {{"month", mm}});
    };
    if (!s.monthly_pay.empty()) {
        if (sourced)
            fail_at(s, s.sourcing->line, "sourcing", "calc.error.sourcing_with_monthly_pay", {});
        Money sum;
        for (const auto& m : s.monthly_pay) {
            if (!m.bonus.is_zero())
                fail_at(s, m.line, "monthly_pay.bonus", "calc.error.nonresident_bonus_in_month", {});
            const std::string mm = (m.month < 10 ? "0" : "") + std::to_string(m.month);
            const Money income = m.wage - m.exempt_income;
            if (income.is_negative()) fail_at(s, m.line, "monthly_pay.exempt_income", "calc.error.exempt_above_wage", {});
            const NonresidentTax t = nonresident_wage_tax(y, Exact(income), &sec.part("calc.scope.month", {{"month", mm}}));
            month_figure(mm, t.tax);
            out.wages_tax = out.wages_tax + t.tax;
            sum = sum + m.wage;
            ++out.months;
        }
        if (!wages.is_zero() && sum != wages) sec.note("calc.note.nonresident_months_differ", {{"months", sum.str()}, {"annual", wages.str()}});
    } else if (!wages.is_zero()) {
        if (!s.talent.wage_months) {
            const auto at = s.field_at.find("wages");
            fail_at(s, at == s.field_at.end() ? 0 : at->second.first, "person.wage_months", "calc.error.nonresident_months", {});
        }
        out.months = *s.talent.wage_months;
        const Exact monthly = (sourced ? *sourced : Exact(wages)).scaled(1, out.months);
        for (int k = 1; k <= out.months; ++k) {
            const std::string mm = (k < 10 ? "0" : "") + std::to_string(k);
            const NonresidentTax t = k == 1 ? nonresident_wage_tax(y, monthly, &sec.part("calc.scope.month", {{"month", mm}}))
                                            : nonresident_wage_tax(y, monthly);
            month_figure(mm, t.tax);
            out.wages_tax = out.wages_tax + t.tax;
        }
        sec.note("calc.note.nonresident_equal_months", {{"months", std::to_string(out.months)}});
    }
    sec.money("wages_tax", out.wages_tax);
    if (!s.bonus.is_zero()) {
        const NonresidentTax b = nonresident_bonus_tax(y, Exact(s.bonus), 0, &sec.part("calc.scope.bonus"));
        out.bonus_tax = b.tax;
        sec.money("bonus_tax", b.tax);
        sec.note("calc.note.nonresident_bonus");
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
        if (!pays.empty()) sec.note("calc.note.nonresident_payments");
    }
    for (std::size_t i = 0; i < pays.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        Trace& t = sec.part("calc.scope.payment", {{"number", n}, {"kind", message_id(std::string("payment.") + field_name(pays[i].kind))}});
        const NonresidentTax r = nonresident_payment_tax(y, nonresident_kind(pays[i].kind), pays[i].amount, &t);
        sec.money("payment_" + n + "_tax", r.tax);
        sec.label("calc.figure.payment_tax", {{"number", n}});
        out.payments_tax = out.payments_tax + r.tax;
    }
    if (!pays.empty()) sec.money("payments_tax", out.payments_tax);
    out.tax = out.wages_tax + out.bonus_tax + out.payments_tax;
    sec.money("tax", out.tax);
    if (!s.talent.special_additional.is_zero() || !s.talent.other_deductions.is_zero() || !s.talent.social_insurance.is_zero())
        sec.note("calc.note.nonresident_deductions");
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
/// The scenario as the regime engine sees it with a bonus treatment. A TalentCase has no separate
/// annual bonus: a merged bonus is in the wages; a bonus taxed separately (or a non-resident's) is
/// left out, so the regime's tax is the tax actually computed on the rest (never overstated).
TalentCase talent_case(const Scenario& s, const BeforeRelief& b, const std::string& treatment) {
    TalentCase c = s.talent;  // every declared field the file gives (libtax/contract/talent_case.hpp)
    c.resident = b.resident;
    if (b.sourced_wages) {
        c.income.wages = *b.sourced_wages;
        if (c.zone_wages && *c.zone_wages > c.income.wages) c.zone_wages = c.income.wages;
    }
    if (!b.resident && !b.sourced_wages && !s.monthly_pay.empty() && !c.wage_months) {
        // each month's own figures (and its part from the zone), as the non-resident's tax takes them
        c.months.clear();
        for (const auto& m : s.monthly_pay) {
            WageMonth w;
            w.wage = m.wage - m.exempt_income;
            if (m.zone_wage) w.zone_wage = std::min(*m.zone_wage, w.wage);
            c.months.push_back(w);
        }
        c.income.wages = Money();
        c.zone_wages.reset();
    } else if (!b.resident && !c.wage_months && b.nonresident_months > 0) {
        c.wage_months = b.nonresident_months;
    }
    if (treatment == "merged") {
        c.income.wages = c.income.wages + s.bonus;
        if (c.zone_wages) c.zone_wages = *c.zone_wages + s.bonus;
    }
    return c;
}
#endif

/// The relief of each regime asked for, and the best legal choice after relief (the bonus
/// treatment included). Fills rep.summary.regimes and rep.summary.best.
void regimes(const Tables& tables, const Scenario& s, const BeforeRelief& before, const Flags& tax_flags, Report& rep) {
    // a foreign resident's allowances are weighed against the special additional deductions after
    // each regime's relief (Caishui [2018] No. 164 item 7(1)): only a resident without domicile has
    // the choice (compare_regimes refuses a non-resident's), and only the regimes weigh it
    if (!s.allowances.empty()) {
        if (s.talent.identity == libtax::Identity::mainland)
            fail_at(s, s.allowances_line, "income.allowances", "calc.error.allowances_mainland", {});
        if (!before.resident)
            fail_at(s, s.allowances_line, "income.allowances", "calc.error.allowances_nonresident", {});
        if (s.regimes.empty())
            fail_at(s, s.allowances_line, "income.allowances", "calc.error.allowances_without_regimes", {});
    }
    if (s.regimes.empty()) return;
    Section sec;
    sec.id = "regimes";
    sec.title_id = s.zone_name.empty() ? "calc.section.regimes" : "calc.section.regimes_in_zone";
    if (!s.zone_name.empty()) sec.title_args = {{"zone", s.zone_name}};
#ifdef LIBTAX_CALC_HAS_REGIMES
    check_city(tables, s);
    if (!s.talent.income.commissions.is_zero())  // the regimes' zone-income figures do not count them
        fail_at(s, s.commissions_line, "income.commissions", "calc.error.commissions_scope", {});
    CompareOptions options;
    options.include_ineligible = true;
    options.include_what_if = true;
    options.projection = s.projection;
    if (before.resident) options.bonus = s.bonus;  // a non-resident's bonus is taxed alone: no choice
    options.allowances = s.allowances;             // checked above: a foreign resident's
    const RegimeComparison comparison = compare_regimes(tables, s.year, talent_case(s, before, "none"), options);
    sec.explanation_title_id = "calc.explain.regimes";
    sec.explanation_title_args = {{"year", std::to_string(s.year)}};
    int best = -1;
    for (std::size_t i = 0; i < s.regimes.size(); ++i) {
        const std::string& id = s.regimes[i];
        const libtax::TraceText name = regime_word(id);
        // "<regime>.<figure>": the regime's figures, labelled by the regime's name and the figure's
        const auto label = [&](const char* figure) {
            sec.label("calc.figure.regime", {{"regime", name}, {"figure", message_id(std::string("calc.figure.") + figure)}});
        };
        RegimeLine line;
        line.id = id;
        line.name = name;
        line.flags = tax_flags;
        // the relief under the treatment cheaper before relief, explained (a bonus taxed separately
        // still counts towards the zone's income tests, and is relieved where the regime's table says)
        auto relief_of = [&](const std::string& treatment, Trace* t) {
            TalentCase cc = talent_case(s, before, treatment);
            const Regime& g = tables.regime(id);    // InputError for an unknown id
            if (g.cities.empty()) cc.city.clear();  // as compare_regimes: the city selects the rules of regimes that have city rules
            ReliefOptions ro;
            if (treatment == "separate") ro.bonus = SeparateBonus{s.bonus, std::nullopt};
            ro.projection = s.projection;
            return talent_relief(tables, id, s.year, cc, ro, t);
        };
        TalentReliefResult r;
        const std::size_t parts_before = sec.parts.size();
        try {
            r = relief_of(before.chosen, &sec.part("calc.scope.regime", {{"regime", name}}));
        } catch (const libtax::CoverageError& e) {
            // the Hong Kong / Macao table of the year is missing: --projection carries the latest forward
            const std::string field = e.field();
            if (field != "hong_kong_year_of_assessment" && field != "macao_year") throw;
            fail_at(s, s.year_line, "year", "calc.error.no_foreign_table", {{"regime", name}, {"text", e.what()}});
        } catch (const InputError& e) {
            // unknown regime, or an input the regime needs (e.g. zone.fx_rate): said, not guessed
            sec.parts.erase(sec.parts.begin() + static_cast<std::ptrdiff_t>(parts_before), sec.parts.end());
            sec.term(id + ".eligible", "not computed");
            label("eligible");
            sec.note("calc.note.regime_not_computed", {{"regime", name}, {"text", e.what()}});
            line.computed = false;
            line.why_not = e.what();
            rep.summary.regimes.push_back(line);
            continue;
        }
        sec.flag(id + ".enacted", r.enacted);
        label("enacted");
        sec.flag(id + ".eligible", r.eligible);
        label("eligible");
        sec.word(id + ".code", r.code);
        sec.figures.back().text = value_word("calc.code.", r.code);
        label("code");
        sec.term(id + ".kind", mechanism_name(r.kind));
        label("kind");
        sec.money(id + ".tax", r.tax);
        label("tax");
        sec.money(id + ".relief", r.amount);
        label("relief");
        if (r.capped) {
            sec.flag(id + ".capped", true);
            label("capped");
        }
        if (r.unconfirmed) sec.note("calc.note.regime_unconfirmed", {{"regime", name}});
        if (!r.enacted) sec.note("calc.note.regime_not_law", {{"regime", name}});
        for (const auto& why : r.reason_messages) {  // each reason in the reader's language
            TraceArgs args{{"regime", name}, {"text", message_id(why.id)}};
            args.insert(args.end(), why.args.begin(), why.args.end());
            sec.note("calc.note.regime_reason", std::move(args));
        }
        line.enacted = r.enacted;
        line.eligible = r.eligible;
        line.unconfirmed_reading = r.unconfirmed;
        line.flags.unconfirmed = line.flags.unconfirmed || r.unconfirmed;
        line.flags.not_law = !r.enacted;
        line.flags.foreign_projection = r.projected;
        if (r.projected) sec.flags.foreign_projection = true;
        if (!r.eligible) {
            for (std::size_t k = 0; k < r.reasons.size(); ++k)
                if (r.reasons[k].find("FAILED") != std::string::npos) {
                    line.why_not = r.reasons[k];
                    if (k < r.reason_messages.size()) line.why_not_zh = r.reason_messages[k].render(Catalogue::builtin("zh"));
                    break;
                }
            if (line.why_not.empty()) line.why_not = r.code;
            rep.summary.regimes.push_back(line);
            continue;
        }
        // The bonus treatment with the lower tax after this regime's relief: compare_regimes weighs
        // separate against merged on the tax after each regime's relief (residents; ties: merged).
        const RegimeOption* o = nullptr;
        for (const auto& x : comparison.options)
            if (x.result.regime == id) o = &x;
        if (!o || !o->computed) {
            line.computed = false;
            line.why_not = o ? o->not_computed_why : std::string("not in the comparison");
            rep.summary.regimes.push_back(line);
            continue;
        }
        line.bonus = s.bonus.is_zero() || !before.resident ? before.chosen : name_of(o->bonus_treatment);
        line.relief = o->result.amount;
        for (const auto& [treatment, tax] : before.treatments)
            if (treatment == line.bonus) line.tax_after_relief = tax - line.relief;  // the same figures as the tax before relief
        if (comparison.allowance_choice) {
            // the allowances change the wages: the tax after relief is the comparison's, under the
            // cheaper allowance treatment (each treatment with its own cheaper bonus treatment)
            if (!o->tax_after_relief || !o->exemptions_tax_after_relief || !o->deductions_tax_after_relief) {
                line.computed = false;
                line.why_not = "the allowance choice is not computable for this regime";
                rep.summary.regimes.push_back(line);
                continue;
            }
            line.tax_after_relief = *o->tax_after_relief;
            line.allowances = libtax::allowance_treatment_name(o->allowance_treatment);
            line.allowance_saving = o->allowance_saving;
            line.exemptions_tax = *o->exemptions_tax_after_relief;
            line.deductions_tax = *o->deductions_tax_after_relief;
        }
        line.unconfirmed_reading = line.unconfirmed_reading || o->result.unconfirmed;
        line.flags.unconfirmed = line.flags.unconfirmed || o->result.unconfirmed;
        sec.term(id + ".bonus_after_relief", line.bonus);
        label("bonus_after_relief");
        if (comparison.allowance_choice) {
            sec.term(id + ".allowances_after_relief", line.allowances);
            label("allowances_after_relief");
            sec.money(id + ".allowance_saving", line.allowance_saving);
            label("allowance_saving");
            sec.money(id + ".exemptions_tax_after_relief", line.exemptions_tax);
            label("exemptions_tax_after_relief");
            sec.money(id + ".deductions_tax_after_relief", line.deductions_tax);
            label("deductions_tax_after_relief");
        }
        sec.money(id + ".relief_after_choice", line.relief);
        label("relief_after_choice");
        sec.money(id + ".tax_after_relief", line.tax_after_relief);
        label("tax_after_relief");
        if (r.enacted && (best < 0 || line.tax_after_relief < rep.summary.regimes[static_cast<std::size_t>(best)].tax_after_relief))
            best = static_cast<int>(rep.summary.regimes.size());
        rep.summary.regimes.push_back(line);
    }
    rep.summary.best = best;
    if (comparison.allowance_choice) {
        rep.summary.allowances_without_relief = libtax::allowance_treatment_name(comparison.allowance_treatment_without_relief);
        rep.summary.allowances_tax_without_relief = comparison.tax_without_relief;
        if (comparison.tax_without_relief) {
            sec.term("allowances_without_relief", rep.summary.allowances_without_relief);
            sec.money("allowances_tax_without_relief", *comparison.tax_without_relief);
        }
    }
    const RegimeLine* b = best < 0 ? nullptr : &rep.summary.regimes[static_cast<std::size_t>(best)];
    if (!b) {
        sec.term("best", "none");
    } else {
        sec.word("best", b->id);
        sec.figures.back().text = b->name;
    }
    sec.money("best_relief", b ? b->relief : Money());
    if (b) sec.term("best_bonus", b->bonus);
    if (b && !b->allowances.empty()) {
        sec.term("best_allowances", b->allowances);
        sec.money("best_allowance_saving", b->allowance_saving);
    }
    if (!b) sec.note("calc.note.no_regime_relief");
    sec.note("calc.note.regimes_exclusive");
    if (!s.bonus.is_zero()) sec.note(before.resident ? "calc.note.regime_bonus_after_relief" : "calc.note.regime_bonus_nonresident");
    if (before.sourced_wages) sec.note("calc.note.regime_sourced_wages", {{"amount", before.sourced_wages->str()}});
#else
    (void)tables;
    (void)before;
    (void)tax_flags;
    sec.available = false;
    std::string ids;
    for (const auto& r : s.regimes) ids += (ids.empty() ? "" : ", ") + r;
    sec.word("asked", ids);
    sec.note("calc.note.no_regime_engine");
#endif
    mark_unconfirmed(sec);
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
        fail_at(s, s.year_line, "year", "calc.error.no_year_table",
                {{"year", std::to_string(s.year)},
                 {"origin", tables.origin() == "built-in" ? message_id("calc.value.built_in") : TraceText(tables.origin())},
                 {"years", have.empty() ? message_id("calc.value.no_year") : TraceText(have)}});
    }
    const TaxYear& y = tables.year(s.year);

    Report rep;
    rep.file = s.file;
    rep.title = s.title;
    rep.year = s.year;
    rep.tables = tables.origin();
    {
        Section who;  // figures only, for the person line
        who.term("identity", identity_name(s.talent.identity));
        if (s.days_in_china) who.integer("days_in_china", *s.days_in_china);
        if (s.talent.days_in_zone) who.integer("days_in_zone", *s.talent.days_in_zone);
        if (!s.zone_name.empty()) who.word("zone", s.zone_name);
        if (!s.talent.city.empty()) {
            who.word("city", s.talent.city);
            who.figures.back().text = value_word("calc.city.", s.talent.city);
        }
        if (s.talent.talent_recognised) who.flag("talent_recognised", true);
        rep.person = who.figures;
    }

    Flags table_flags;
    table_flags.what_if = what_if_tables(tables);
    const int carried = projection_from(tables, s.year);
    table_flags.projection = carried != 0;

    const ResidenceOutcome res = residence(y, s, rep);
    const std::optional<Exact> sourced = sourcing(y, s, res, rep);

    BeforeRelief before;
    before.resident = res.resident;
    if (sourced) before.sourced_wages = round_half_up(*sourced);
    Money comprehensive;
    if (res.resident) {
        const ComprehensiveOutcome comp = annual_and_bonus(y, s, sourced, rep);
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
        comprehensive = nr.tax;
        before.nonresident_months = nr.months;
        before.treatments.push_back({s.bonus.is_zero() ? "none" : "nonresident", nr.tax});
        before.chosen = before.treatments.back().first;
    }
    const Money biz = business(y, s, rep);
    for (auto& t : before.treatments) t.second = t.second + biz;
    if (res.resident) {
        prepayments(y, s, rep);
        withholding(y, s, before.chosen == "separate", rep);
    }
    rep.total_tax = comprehensive + biz;
    // The flags of the tax before relief: the tables', and each UNCONFIRMED reading its calculations used.
    Flags tax_flags = table_flags;
    for (auto& sec : rep.sections) {
        mark_unconfirmed(sec);
        sec.flags |= table_flags;
        if (sec.id != "prepayments" && sec.id != "withholding") tax_flags |= sec.flags;  // prepayments are credited, not tax due
    }
    regimes(tables, s, before, tax_flags, rep);

    // The one-page answer.
    Summary& sum = rep.summary;
    sum.title = s.title.empty() ? s.file : s.title;
    sum.year = s.year;
    sum.identity = identity_name(s.talent.identity);
    sum.residence = res.status;
    sum.residence_days = res.days;
    sum.residence_from = res.from;
    if (sourced) sum.sourced_wages = *before.sourced_wages;
    for (const auto& sec : rep.sections) {
        if (sec.id == "sourcing")
            for (const auto& f : sec.figures)
                if (f.name == "formula") {  // English in the JSON, each language's name on the page
                    sum.sourcing = f.text.message ? Catalogue::builtin("en").format(f.text.text) : f.text.text;
                    sum.sourcing_zh = f.text.message ? Catalogue::builtin("zh").format(f.text.text) : std::string();
                }
        if (sec.id == "nonresident")
            for (const auto& f : sec.figures)
                if (f.name.rfind("month_", 0) == 0) sum.monthly_tax.push_back({f.name.substr(6), Money::parse(f.text.text)});
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
        if (sec.flags.unconfirmed && sec.id != "regimes" && sec.id != "prepayments" && sec.id != "withholding")
            sum.banners.push_back({"unconfirmed", "calc.summary.banner.unconfirmed", {{"part", message_id(sec.title_id)}}});
    for (const auto& r : sum.regimes) {
        if (r.flags.foreign_projection)
            sum.banners.push_back({"projection", "calc.summary.banner.projection_foreign", {{"regime", r.name}, {"year", std::to_string(s.year)}}});
        if (r.flags.not_law) sum.banners.push_back({"not_law", "calc.summary.banner.not_law", {{"regime", r.name}}});
        if (r.unconfirmed_reading) sum.banners.push_back({"unconfirmed", "calc.summary.banner.unconfirmed_regime", {{"regime", r.name}}});
    }

    Section totals;
    totals.id = "summary";
    totals.title_id = "calc.section.summary";
    totals.money(res.resident ? "comprehensive_income_tax" : "nonresident_tax", comprehensive);
    if (!s.talent.business_taxable_income.is_zero()) totals.money("business_income_tax", biz);
    totals.money("total_tax", rep.total_tax);
    if (!s.regimes.empty()) {
        totals.money("best_regime_relief", best ? best->relief : Money());
        totals.money("tax_after_best_relief", sum.tax_due);
        totals.note("calc.note.subsidy_or_exemption");
    }
    totals.term("bonus_treatment", sum.bonus_due);
    totals.money("tax_due", sum.tax_due);
    totals.note("calc.note.total_before_relief");
    totals.note("calc.note.tax_due");
    totals.flags = sum.flags;
    rep.sections.push_back(totals);
    return rep;
}

}  // namespace libtax_calc
