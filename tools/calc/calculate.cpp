// libtax-calc: the calculation. Data flows scenario -> libtax calculators -> report sections.
#include "calculate.hpp"

#include <algorithm>

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

/// Errors about the scenario's own values are reported at their line in the file, under the key
/// the file wrote, in the catalogue's words (calc.error.*).
[[noreturn]] void fail_at(const Scenario& s, int line, const std::string& field, const std::string& id, TraceArgs args) {
    throw ScenarioError(s.file, line, s.key_as_written(field), id, std::move(args));
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
};

ComprehensiveOutcome annual_and_bonus(const TaxYear& y, const Scenario& s, Report& rep) {
    const ComprehensiveIncome in = comprehensive_income(s);
    Section annual;
    annual.id = "annual_tax";
    annual.title_id = s.bonus.is_zero() ? "calc.section.annual_tax" : "calc.section.annual_tax_without_bonus";
    const AnnualTaxResult a = annual_tax(y, in, &annual.part());
    add_annual_figures(annual, a);
    rep.sections.push_back(annual);
    ComprehensiveOutcome out{a.tax, false};
    if (s.bonus.is_zero()) return out;

    Section bonus;
    bonus.id = "bonus";
    bonus.title_id = "calc.section.bonus";
    bonus.money("bonus", s.bonus);
    try {
        const BonusComparison c = compare_bonus_treatment(y, in, s.bonus, &bonus.part());
        bonus.flag("separate_available", true);
        bonus.money("bonus_tax_separate", c.bonus.tax);
        bonus.money("separate_total", c.separate_total);
        bonus.money("merged_total", c.merged_total);
        bonus.term("choice", c.separate_is_cheaper ? "separate" : "merged");
        bonus.money("saving", c.saving);
        bonus.money("tax", c.separate_is_cheaper ? c.separate_total : c.merged_total);
        bonus.note("calc.note.bonus_choice");
        out = {c.separate_is_cheaper ? c.separate_total : c.merged_total, c.separate_is_cheaper};
    } catch (const NotAvailableError& e) {
        ComprehensiveIncome merged = in;
        merged.receipts.wages = merged.receipts.wages + s.bonus;
        bonus.parts.clear();  // what the comparison recorded before it stopped
        const AnnualTaxResult m = annual_tax(y, merged, &bonus.part());
        bonus.flag("separate_available", false);
        bonus.money("merged_total", m.tax);
        bonus.term("choice", "merged");
        bonus.money("tax", m.tax);
        bonus.note("calc.note.bonus_not_separate", {{"text", e.what()}});
        out = {m.tax, false};
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

#ifdef LIBTAX_CALC_HAS_REGIMES
/// The scenario as the regime engine sees it. A TalentCase has no separate annual bonus: a bonus
/// merged into wages (the cheaper choice) is in wages; a bonus taxed separately is left out, so
/// the regime's tax is the tax actually computed on the rest (the relief is not overstated).
TalentCase talent_case(const Scenario& s, bool bonus_separate) {
    TalentCase c = s.talent;  // every declared field the file gives (libtax/contract/talent_case.hpp)
    c.resident = true;        // non-residents are refused before (calculate)
    if (!bonus_separate) c.income.wages = c.income.wages + s.bonus;
    return c;
}
#endif

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

/// Returns the best enacted relief (0 when none).
Money regimes(const Tables& tables, const Scenario& s, bool bonus_separate, Report& rep) {
    if (s.regimes.empty()) return Money();
    Section sec;
    sec.id = "regimes";
    sec.title_id = s.zone_name.empty() ? "calc.section.regimes" : "calc.section.regimes_in_zone";
    if (!s.zone_name.empty()) sec.title_args = {{"zone", s.zone_name}};
#ifdef LIBTAX_CALC_HAS_REGIMES
    const TalentCase c = talent_case(s, bonus_separate);
    check_city(tables, s);
    sec.explanation_title_id = "calc.explain.regimes";
    sec.explanation_title_args = {{"year", std::to_string(s.year)}};
    int best = -1;
    Money best_amount;
    std::vector<TalentReliefResult> results;
    for (std::size_t i = 0; i < s.regimes.size(); ++i) {
        const std::string& id = s.regimes[i];
        const libtax::TraceText name = regime_word(id);
        // "<regime>.<figure>": the regime's figures, labelled by the regime's name and the figure's
        const auto label = [&](const char* figure) {
            sec.label("calc.figure.regime", {{"regime", name}, {"figure", message_id(std::string("calc.figure.") + figure)}});
        };
        TalentReliefResult r;
        const std::size_t parts_before = sec.parts.size();
        try {
            TalentCase cc = c;
            const Regime& g = tables.regime(id);  // InputError for an unknown id
            if (g.cities.empty()) cc.city.clear();  // as compare_regimes: the city selects the rules of regimes that have city rules
            Trace& t = sec.part("calc.scope.regime", {{"regime", name}});
            r = talent_relief(tables, id, s.year, cc, &t);
        } catch (const InputError& e) {
            // unknown regime, or an input the regime needs (e.g. zone.fx_rate): said, not guessed
            sec.parts.erase(sec.parts.begin() + static_cast<std::ptrdiff_t>(parts_before), sec.parts.end());
            sec.term(id + ".eligible", "not computed");
            label("eligible");
            sec.note("calc.note.regime_not_computed", {{"regime", name}, {"text", e.what()}});
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
        for (const auto& reason : r.reasons) sec.note("calc.note.regime_reason", {{"regime", name}, {"text", reason}});
        if (r.eligible && r.enacted && best_amount < r.amount) {
            best = static_cast<int>(i);
            best_amount = r.amount;
        }
    }
    if (best < 0) {
        sec.term("best", "none");
    } else {
        sec.word("best", s.regimes[static_cast<std::size_t>(best)]);
        sec.figures.back().text = regime_word(s.regimes[static_cast<std::size_t>(best)]);
    }
    sec.money("best_relief", best_amount);
    if (best < 0 && !s.regimes.empty()) sec.note("calc.note.no_regime_relief");
    sec.note("calc.note.regimes_exclusive");
    if (!s.bonus.is_zero()) sec.note(bonus_separate ? "calc.note.regime_bonus_separate" : "calc.note.regime_bonus_merged");
#else
    (void)tables;
    (void)bonus_separate;
    sec.available = false;
    std::string ids;
    for (const auto& r : s.regimes) ids += (ids.empty() ? "" : ", ") + r;
    sec.word("asked", ids);
    sec.note("calc.note.no_regime_engine");
    const Money best_amount;
#endif
    rep.sections.push_back(sec);
    return best_amount;
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
    if (s.talent.identity != Identity::mainland && s.days_in_china && *s.days_in_china < 183)
        fail_at(s, s.days_in_china_line, "person.days_in_china", "calc.error.non_resident", {{"days", std::to_string(*s.days_in_china)}});
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

    const ComprehensiveOutcome comp = annual_and_bonus(y, s, rep);
    const Money biz = business(y, s, rep);
    prepayments(y, s, rep);
    withholding(y, s, comp.bonus_separate, rep);
    const Money relief = regimes(tables, s, comp.bonus_separate, rep);

    Section sum;
    sum.id = "summary";
    sum.title_id = "calc.section.summary";
    sum.money("comprehensive_income_tax", comp.tax);
    if (!s.talent.business_taxable_income.is_zero()) sum.money("business_income_tax", biz);
    rep.total_tax = comp.tax + biz;
    sum.money("total_tax", rep.total_tax);
    if (!s.regimes.empty()) {
        sum.money("best_regime_relief", relief);
        sum.money("tax_after_best_relief", rep.total_tax - relief);
        sum.note("calc.note.subsidy_or_exemption");
    }
    sum.note("calc.note.total_before_relief");
    rep.sections.push_back(sum);
    return rep;
}

}  // namespace libtax_calc
