// libtax-calc: the calculation. Data flows scenario -> libtax calculators -> report sections.
#include "calculate.hpp"

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

ComprehensiveIncome comprehensive_income(const Scenario& s) {
    ComprehensiveIncome in;
    in.receipts.wages = s.wages;
    in.receipts.labour = s.labour;
    in.receipts.author = s.author;
    in.receipts.royalties = s.royalties;
    in.social_insurance = s.social_insurance;
    in.special_additional = s.special_additional;
    in.other_deductions = s.other_deductions;
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
};

ComprehensiveOutcome annual_and_bonus(const TaxYear& y, const Scenario& s, Report& rep) {
    const ComprehensiveIncome in = comprehensive_income(s);
    Section annual;
    annual.id = "annual_tax";
    annual.title_id = s.bonus.is_zero() ? "calc.section.annual_tax" : "calc.section.annual_tax_without_bonus";
    annual.trace = std::make_shared<Trace>();
    const AnnualTaxResult a = annual_tax(y, in, annual.trace.get());
    add_annual_figures(annual, a);
    rep.sections.push_back(annual);
    ComprehensiveOutcome out{a.tax, false};
    if (s.bonus.is_zero()) return out;

    Section bonus;
    bonus.id = "bonus";
    bonus.title_id = "calc.section.bonus";
    bonus.money("bonus", s.bonus);
    try {
        bonus.trace = std::make_shared<Trace>();
        const BonusComparison c = compare_bonus_treatment(y, in, s.bonus, bonus.trace.get());
        bonus.flag("separate_available", true);
        bonus.money("bonus_tax_separate", c.bonus.tax);
        bonus.money("separate_total", c.separate_total);
        bonus.money("merged_total", c.merged_total);
        bonus.word("choice", c.separate_is_cheaper ? "separate" : "merged");
        bonus.money("saving", c.saving);
        bonus.money("tax", c.separate_is_cheaper ? c.separate_total : c.merged_total);
        bonus.note("calc.note.bonus_choice");
        out = {c.separate_is_cheaper ? c.separate_total : c.merged_total, c.separate_is_cheaper};
    } catch (const NotAvailableError& e) {
        ComprehensiveIncome merged = in;
        merged.receipts.wages = merged.receipts.wages + s.bonus;
        bonus.trace = std::make_shared<Trace>();  // what the refused comparison recorded is dropped
        const AnnualTaxResult m = annual_tax(y, merged, bonus.trace.get());
        bonus.flag("separate_available", false);
        bonus.money("merged_total", m.tax);
        bonus.word("choice", "merged");
        bonus.money("tax", m.tax);
        bonus.note("calc.note.text", {{"text", e.what()}});
        out = {m.tax, false};
    }
    rep.sections.push_back(bonus);
    return out;
}

Money business(const TaxYear& y, const Scenario& s, Report& rep) {
    if (s.business_taxable_income.is_zero()) return Money();
    Section sec;
    sec.id = "business";
    sec.title_id = "calc.section.business";
    sec.trace = std::make_shared<Trace>();
    const BusinessTaxResult b = business_tax(y, s.business_taxable_income, sec.trace.get());
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
    sec.explanation.set_title("Resident prepayments, tax year " + std::to_string(y.year));
    Money total;
    for (std::size_t i = 0; i < s.payments.size(); ++i) {
        const PrepaymentResult p = resident_prepayment(y, s.payments[i].kind, s.payments[i].amount, true);
        sec.explanation.append(p.explanation, "payment " + std::to_string(i + 1) + " (" + field_name(p.kind) + ")");
        sec.money("payment_" + std::to_string(i + 1) + "_tax", p.tax);
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
    const WithholdingRun run = withhold_year(y, terms, months, true);
    sec.explanation.set_title("Cumulative withholding at the employer, tax year " + std::to_string(y.year));
    for (const MonthResult& m : run.months) {
        const std::string mm = (m.month < 10 ? "0" : "") + std::to_string(m.month);
        sec.explanation.append(m.explanation, "month " + mm);
        sec.money("month_" + mm, m.withheld);
    }
    sec.money("total_withheld", run.total);
    if (bonus_separate) sec.note("calc.note.bonus_withheld_separately");
#else
    (void)y;
    (void)bonus_separate;
    sec.available = false;
    sec.note("calc.note.no_payroll_engine");
#endif
    if (!s.wages.is_zero() && wages_in_months != s.wages)
        sec.note("calc.note.monthly_wages_differ", {{"months", wages_in_months.str()}, {"annual", s.wages.str()}});
    sec.note("calc.note.withholding_credited");
    rep.sections.push_back(sec);
}

#ifdef LIBTAX_CALC_HAS_REGIMES
/// The scenario as the regime engine sees it. A TalentCase has no separate annual bonus: a bonus
/// merged into wages (the cheaper choice) is in wages; a bonus taxed separately is left out, so
/// the regime's tax is the tax actually computed on the rest (the relief is not overstated).
TalentCase talent_case(const Scenario& s, bool bonus_separate) {
    TalentCase c;
    c.identity = parse_identity(s.identity, "person.identity");
    c.resident = true;  // non-residents are refused before (calculate)
    c.income.wages = bonus_separate ? s.wages : s.wages + s.bonus;
    c.income.labour = s.labour;
    c.income.author = s.author;
    c.income.royalties = s.royalties;
    c.business_taxable_income = s.business_taxable_income;
    c.social_insurance = s.social_insurance;
    c.special_additional = s.special_additional;
    c.other_deductions = s.other_deductions;
    c.talent_subsidy = s.talent_subsidy;
    c.zone_wages = s.zone_income.wages;
    c.zone_labour = s.zone_income.labour;
    c.zone_author = s.zone_income.author;
    c.zone_royalties = s.zone_income.royalties;
    c.zone_business_taxable_income = s.zone_income.business_taxable_income;
    c.tax_paid_in_zone = s.tax_paid_in_zone;
    c.days_in_zone = s.days_in_zone;
    c.actual_days = s.actual_days;
    c.talent_recognised = s.talent_recognised;
    c.social_insurance_months = s.social_insurance_months;
    c.contract_years = s.contract_years;
    c.city = s.city;
    c.fx_rate = s.fx_rate;
    c.mpf_contributions = s.mpf_contributions;
    return c;
}
#endif

/// Returns the best enacted relief (0 when none).
Money regimes(const Tables& tables, const Scenario& s, bool bonus_separate, Report& rep) {
    if (s.regimes.empty()) return Money();
    Section sec;
    sec.id = "regimes";
    sec.title_id = s.zone_name.empty() ? "calc.section.regimes" : "calc.section.regimes_in_zone";
    sec.title_args = {{"zone", s.zone_name}};
#ifdef LIBTAX_CALC_HAS_REGIMES
    const TalentCase c = talent_case(s, bonus_separate);
    sec.explanation.set_title("Talent-regime relief, tax year " + std::to_string(s.year));
    int best = -1;
    Money best_amount;
    std::vector<TalentReliefResult> results;
    for (std::size_t i = 0; i < s.regimes.size(); ++i) {
        const std::string& id = s.regimes[i];
        TalentReliefResult r;
        try {
            TalentCase cc = c;
            const Regime& g = tables.regime(id);  // InputError for an unknown id
            if (g.cities.empty() || !g.has_city(cc.city)) cc.city.clear();  // city rules only where the regime has them
            r = talent_relief(tables, id, s.year, cc, true);
        } catch (const InputError& e) {
            // unknown regime, or an input the regime needs (e.g. zone.fx_rate): said, not guessed
            sec.word(id + ".eligible", "not computed");
            sec.note("calc.note.regime_not_computed", {{"regime", id}, {"text", e.what()}});
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
        if (r.unconfirmed) sec.note("calc.note.regime_unconfirmed", {{"regime", id}});
        if (!r.enacted) sec.note("calc.note.regime_not_law", {{"regime", id}});
        for (const auto& reason : r.reasons) sec.note("calc.note.regime_reason", {{"regime", id}, {"text", reason}});
        if (r.eligible && r.enacted && best_amount < r.amount) {
            best = static_cast<int>(i);
            best_amount = r.amount;
        }
    }
    sec.word("best", best < 0 ? "none" : s.regimes[static_cast<std::size_t>(best)]);
    sec.money("best_relief", best_amount);
    if (best < 0 && !s.regimes.empty()) sec.note("calc.note.no_regime_relief");
    sec.note("calc.note.regimes_exclusive");
    if (!s.bonus.is_zero())
        sec.note(bonus_separate ? "calc.note.regime_bonus_separate" : "calc.note.regime_bonus_merged");
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
        fail_at(s, s.year_line, "year", "no tax table covers " + std::to_string(s.year) + " (the " + tables.origin() +
                                            " tables cover " + (have.empty() ? "no year" : have) + ")");
    }
    if (s.identity != "mainland" && s.days_in_china && *s.days_in_china < 183)
        fail_at(s, s.days_in_china_line, "person.days_in_china",
                std::to_string(*s.days_in_china) +
                    " days: a non-resident (fewer than 183 days); libtax-calc computes residents' comprehensive income only");
    const TaxYear& y = tables.year(s.year);

    Report rep;
    rep.file = s.file;
    rep.title = s.title;
    rep.year = s.year;
    rep.tables = tables.origin();
    {
        Section who;  // figures only, for the person line
        who.word("identity", s.identity);
        if (s.days_in_china) who.integer("days_in_china", *s.days_in_china);
        if (s.days_in_zone) who.integer("days_in_zone", *s.days_in_zone);
        if (!s.zone_name.empty()) who.word("zone", s.zone_name);
        if (!s.city.empty()) who.word("city", s.city);
        if (s.talent_recognised) who.flag("talent_recognised", true);
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
    if (!s.business_taxable_income.is_zero()) sum.money("business_income_tax", biz);
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
