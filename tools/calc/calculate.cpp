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

/// Errors about the scenario's own values are reported at their line in the file.
[[noreturn]] void fail_at(const Scenario& s, int line, const std::string& field, const std::string& problem) {
    throw TableError(s.file, line, field, problem);
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
};

ComprehensiveOutcome annual_and_bonus(const TaxYear& y, const Scenario& s, Report& rep) {
    const ComprehensiveIncome in = comprehensive_income(s);
    Section annual;
    annual.id = "annual_tax";
    annual.title = s.bonus.is_zero() ? "Annual tax on comprehensive income"
                                     : "Annual tax on comprehensive income (without the annual bonus)";
    const AnnualTaxResult a = annual_tax(y, in, true);
    annual.explanation = a.explanation;
    add_annual_figures(annual, a);
    rep.sections.push_back(annual);
    ComprehensiveOutcome out{a.tax, false};
    if (s.bonus.is_zero()) return out;

    Section bonus;
    bonus.id = "bonus";
    bonus.title = "Annual one-time bonus: taxed separately or merged";
    bonus.money("bonus", s.bonus);
    try {
        const BonusComparison c = compare_bonus_treatment(y, in, s.bonus, true);
        bonus.explanation = c.explanation;
        bonus.flag("separate_available", true);
        bonus.money("bonus_tax_separate", c.bonus.tax);
        bonus.money("separate_total", c.separate_total);
        bonus.money("merged_total", c.merged_total);
        bonus.word("choice", c.separate_is_cheaper ? "separate" : "merged");
        bonus.money("saving", c.saving);
        bonus.money("tax", c.separate_is_cheaper ? c.separate_total : c.merged_total);
        bonus.notes.push_back("the taxpayer chooses; the cheaper treatment is used in the total");
        out = {c.separate_is_cheaper ? c.separate_total : c.merged_total, c.separate_is_cheaper};
    } catch (const NotAvailableError& e) {
        ComprehensiveIncome merged = in;
        merged.receipts.wages = merged.receipts.wages + s.bonus;
        const AnnualTaxResult m = annual_tax(y, merged, true);
        bonus.explanation = m.explanation;
        bonus.flag("separate_available", false);
        bonus.money("merged_total", m.tax);
        bonus.word("choice", "merged");
        bonus.money("tax", m.tax);
        bonus.notes.push_back(e.what());
        out = {m.tax, false};
    }
    rep.sections.push_back(bonus);
    return out;
}

Money business(const TaxYear& y, const Scenario& s, Report& rep) {
    if (s.talent.business_taxable_income.is_zero()) return Money();
    Section sec;
    sec.id = "business";
    sec.title = "Business (operating) income";
    const BusinessTaxResult b = business_tax(y, s.talent.business_taxable_income, true);
    sec.explanation = b.explanation;
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
    throw TableError(s.file, s.city_line, "zone.city",
                     "'" + s.talent.city + "' is not a city of a listed regime with city rules" + (have.empty() ? std::string() : " (cities: " + have + ")"));
}

/// Returns the best enacted relief (0 when none).
Money regimes(const Tables& tables, const Scenario& s, bool bonus_separate, Report& rep) {
    if (s.regimes.empty()) return Money();
    Section sec;
    sec.id = "regimes";
    sec.title = "Talent regimes" + (s.zone_name.empty() ? std::string() : " (" + s.zone_name + ")");
#ifdef LIBTAX_CALC_HAS_REGIMES
    const TalentCase c = talent_case(s, bonus_separate);
    check_city(tables, s);
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
            if (g.cities.empty()) cc.city.clear();  // as compare_regimes: the city selects the rules of regimes that have city rules
            r = talent_relief(tables, id, s.year, cc, true);
        } catch (const InputError& e) {
            // unknown regime, or an input the regime needs (e.g. zone.fx_rate): said, not guessed
            sec.word(id + ".eligible", "not computed");
            sec.notes.push_back(id + ": not computed: " + e.what());
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
        if (r.eligible && r.enacted && best_amount < r.amount) {
            best = static_cast<int>(i);
            best_amount = r.amount;
        }
    }
    sec.word("best", best < 0 ? "none" : s.regimes[static_cast<std::size_t>(best)]);
    sec.money("best_relief", best_amount);
    if (best < 0 && !s.regimes.empty()) sec.notes.push_back("no enacted regime asked for gives relief to this person this year");
    sec.notes.push_back("regimes that exclude each other (e.g. GBA and Qianhai) are alternatives: one per year, never added");
    if (!s.bonus.is_zero())
        sec.notes.push_back(bonus_separate ? "the annual bonus, taxed separately, is outside the regime calculation (its relief, if any, is not included)"
                                           : "the annual bonus is merged into wages for the regime calculation, as in the tax");
#else
    (void)tables;
    (void)bonus_separate;
    sec.available = false;
    std::string ids;
    for (const auto& r : s.regimes) ids += (ids.empty() ? "" : ", ") + r;
    sec.word("asked", ids);
    sec.notes.push_back("this build of libtax has no talent-regime engine (libtax/regimes/); the regime comparison is not computed");
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
    if (s.talent.identity != Identity::mainland && s.days_in_china && *s.days_in_china < 183)
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
        who.word("identity", identity_name(s.talent.identity));
        if (s.days_in_china) who.integer("days_in_china", *s.days_in_china);
        if (s.talent.days_in_zone) who.integer("days_in_zone", *s.talent.days_in_zone);
        if (!s.zone_name.empty()) who.word("zone", s.zone_name);
        if (!s.talent.city.empty()) who.word("city", s.talent.city);
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
    sum.title = "Summary";
    sum.money("comprehensive_income_tax", comp.tax);
    if (!s.talent.business_taxable_income.is_zero()) sum.money("business_income_tax", biz);
    rep.total_tax = comp.tax + biz;
    sum.money("total_tax", rep.total_tax);
    if (!s.regimes.empty()) {
        sum.money("best_regime_relief", relief);
        sum.money("tax_after_best_relief", rep.total_tax - relief);
        sum.notes.push_back("a subsidy is paid back after the tax is paid in full; an exemption is claimed at the annual reconciliation");
    }
    sum.notes.push_back("total tax is before any talent-regime relief; amounts in yuan, each tax rounded half-up to the fen once");
    rep.sections.push_back(sum);
    return rep;
}

}  // namespace libtax_calc
