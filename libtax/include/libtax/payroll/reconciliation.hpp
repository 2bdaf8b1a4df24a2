// libtax/payroll/reconciliation.hpp - a resident's annual reconciliation of comprehensive income
// (综合所得年度汇算, IIT Law art. 11; the yearly reconciliation announcements).
//
//   tax     = annual tax on all comprehensive income from all payers, with every deduction the
//             taxpayer is entitled to (including those not claimed during the year), the annual
//             bonus taxed the cheaper way (separately or merged), minus tax reductions
//   balance = tax - tax prepaid during the year (positive: payable; negative: refund)
//
// Exemption (reconciliation.exemption, dated): a taxpayer who owes tax need neither file nor pay
// when the year's comprehensive income is at most income_max (120,000) or the balance payable is
// at most payable_max (400), unless a withholding agent failed to withhold as the law required.
// What "income" means in that test is a table value (reconciliation.exemption_income_test;
// gross receipts, UNCONFIRMED). A refund is optional: the taxpayer may file to claim it.
#pragma once

#include <optional>
#include <string>

#include <vector>

#include "libtax/comprehensive/annual_bonus.hpp"
#include "libtax/comprehensive/annual_tax.hpp"
#include "libtax/payroll/withholding_run.hpp"

namespace libtax {

struct ReconciliationInput {
    ComprehensiveIncome income;       ///< all payers' receipts and all deductions for the year
    Money prepaid;                    ///< all tax withheld or prepaid on it, including tax withheld on the bonus
    Money annual_bonus;               ///< annual one-time bonus of the year (not inside income.receipts.wages)
    Money tax_reductions;             ///< tax reductions (减免税额) for the year
    bool agent_failed_to_withhold = false;  ///< a withholding agent did not withhold as required (no exemption)
};

struct ReconciliationResult {
    int year = 0;
    AnnualTaxResult comprehensive;     ///< tax on comprehensive income (the bonus inside when merged)
    BonusTreatment bonus_treatment = BonusTreatment::none;
    Money bonus_tax;                   ///< separate bonus tax (0 unless separate)
    Money separate_total, merged_total;  ///< both totals when there is a bonus and separation is open
    Money tax_before_reductions;
    Money tax;                         ///< tax for the year after reductions (never negative)
    Money prepaid;
    Money balance;                     ///< tax - prepaid: positive payable, negative refund
    Money income_for_exemption;        ///< the income the 120,000 test compares
    bool must_file = false;            ///< tax is payable and no exemption applies
    bool exempt_from_paying = false;   ///< tax is payable but an exemption lets the taxpayer skip it
    bool refund_due = false;           ///< prepaid more than the tax; filing claims the refund
    Explanation explanation;
};

/// The year's figures of one or more withholding runs (several employers, an intern's payer) as
/// a reconciliation input: wages and labour less their exempt part, the deductions claimed
/// through the agents, everything withheld (bonus tax included) as prepaid, and an annual bonus
/// taxed separately as the bonus to revisit. Deductions not claimed during the year, other
/// income and tax reductions are added by the caller. A commissions run adds its commissions.
inline ReconciliationInput reconciliation_input(const std::vector<WithholdingState>& runs) {
    ReconciliationInput in;
    int year = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const WithholdingState& s = runs[i];
        const std::string at = "runs[" + std::to_string(i) + "]";
        if (year != 0 && s.year != year)
            throw InputError(at + ".year", std::to_string(s.year), "the runs belong to different tax years (" + std::to_string(year) + ")");
        year = s.year;
        Money& receipts = s.terms.income == CumulativeIncome::wages         ? in.income.receipts.wages
                          : s.terms.income == CumulativeIncome::commissions ? in.income.receipts.commissions
                                                                            : in.income.receipts.labour;
        receipts = receipts + (s.gross - s.exempt_income);
        in.income.social_insurance = in.income.social_insurance + s.social_insurance;
        in.income.special_additional = in.income.special_additional + s.special_additional;
        in.income.other_deductions = in.income.other_deductions + s.other_deductions;
        in.tax_reductions = in.tax_reductions + s.tax_reductions;
        in.prepaid = in.prepaid + s.withheld + s.bonus_withheld;
        if (!s.bonus_separate.is_zero() && !in.annual_bonus.is_zero())
            throw InputError(at + ".bonus_separate", s.bonus_separate.str(), "a second annual bonus taxed separately in the year; only one may be");
        in.annual_bonus = in.annual_bonus + s.bonus_separate;
    }
    return in;
}

inline ReconciliationResult reconcile(const TaxYear& t, const ReconciliationInput& in, Trace* trace = nullptr) {
    in.income.validate();
    require_non_negative(in.prepaid, "prepaid");
    require_non_negative(in.annual_bonus, "bonus");
    require_non_negative(in.tax_reductions, "tax_reductions");
    ReconciliationResult r;
    r.year = t.year;
    if (trace) trace->title("reconcile.title", {{"year", std::to_string(t.year)}});

    // the bonus choice, revisited: the cheaper of separate and merged
    const Date year_end(static_cast<unsigned short>(t.year), 12, 31);
    const Provision* window = t.rules().bonus_window;
    const bool separable = window && window->period && window->period->covers(year_end);
    ComprehensiveIncome chosen = in.income;
    if (in.annual_bonus.is_zero()) {
        r.comprehensive = annual_tax(t, in.income, trace);
        r.tax_before_reductions = r.comprehensive.tax;
    } else if (separable) {
        const BonusComparison c = compare_bonus_treatment(t, in.income, in.annual_bonus, trace);
        r.separate_total = c.separate_total;
        r.merged_total = c.merged_total;
        if (c.separate_is_cheaper) {
            r.bonus_treatment = BonusTreatment::separate;
            r.comprehensive = c.other_income;
            r.bonus_tax = c.bonus.tax;
            r.tax_before_reductions = c.separate_total;
        } else {
            r.bonus_treatment = BonusTreatment::merged;
            r.comprehensive = c.merged;
            r.tax_before_reductions = c.merged_total;
            chosen.receipts.wages = chosen.receipts.wages + in.annual_bonus;
        }
    } else {
        r.bonus_treatment = BonusTreatment::merged;
        chosen.receipts.wages = chosen.receipts.wages + in.annual_bonus;
        r.comprehensive = annual_tax(t, chosen, trace);
        r.tax_before_reductions = r.comprehensive.tax;
        r.merged_total = r.comprehensive.tax;
        if (trace) trace->note("reconcile.bonus_not_separable", {{"year", std::to_string(t.year)}});
    }

    r.tax = max(r.tax_before_reductions - in.tax_reductions, Money());
    r.prepaid = in.prepaid;
    r.balance = r.tax - r.prepaid;

    // exemption thresholds of the year
    const ReconciliationRules& rules = t.rules().reconciliation;
    const Provision& ex = *rules.exemption;
    const bool in_force = ex.period && ex.period->covers(year_end);
    const auto& income_max = rules.income_max;
    const auto& payable_max = rules.payable_max;
    if (!rules.income_test) throw TableError(t.file, 1, "reconciliation.exemption_income_test", "no such provision in this year's table");
    const Provision& test = *rules.income_test;
    const auto& basis = rules.income_basis;
    const char* income_formula = nullptr;
    if (basis.value == "gross_receipts") {
        const ComprehensiveReceipts& g = chosen.receipts;
        r.income_for_exemption = g.gross();
        income_formula = r.bonus_treatment == BonusTreatment::merged ? "reconcile.income_test.gross_merged" : "reconcile.income_test.gross";
    } else if (basis.value == "income_amount") {
        // whole fen below: the test compares at or below a whole-yuan threshold
        r.income_for_exemption = round_half_up(r.comprehensive.income_amount);
        income_formula = "reconcile.income_test.income_amount";
    } else {
        throw TableError(basis.source.file, basis.source.line, test.path + ".income_basis",
                         "unknown basis '" + basis.value + "' (expected gross_receipts or income_amount)");
    }
    const bool payable = r.balance > Money();
    const bool income_small = r.income_for_exemption <= income_max.value;
    const bool payable_small = r.balance <= payable_max.value;
    r.exempt_from_paying = payable && in_force && !in.agent_failed_to_withhold && (income_small || payable_small);
    r.must_file = payable && !r.exempt_from_paying;
    r.refund_due = r.balance.is_negative();

    if (!trace) return r;
    if (r.bonus_treatment != BonusTreatment::none)
        trace->step("reconcile.bonus", in.annual_bonus.str(), "reconcile.bonus.formula", {{"treatment", message_id(r.bonus_treatment == BonusTreatment::separate ? "bonus_comparison.separate" : "bonus_comparison.merged_word")}});
    trace->step("reconcile.tax", r.tax_before_reductions.str());
    if (!in.tax_reductions.is_zero())
        trace->step("reconcile.tax_after_reductions", r.tax.str(), "reconcile.tax_after_reductions.formula",
                    {{"tax", r.tax_before_reductions.str()}, {"reductions", in.tax_reductions.str()}});
    // `prepaid` is everything withheld or prepaid in the year: with an annual bonus, the tax withheld
    // on it is part of the figure (whichever treatment the reconciliation then chooses)
    trace->step("reconcile.prepaid", r.prepaid.str(), in.annual_bonus.is_zero() ? "reconcile.prepaid.formula" : "reconcile.prepaid.formula_bonus");
    trace->step("reconcile.balance", r.balance.str(),
                r.refund_due ? "reconcile.balance.refund" : payable ? "reconcile.balance.payable" : "reconcile.balance.settled",
                {{"tax", r.tax.str()}, {"prepaid", r.prepaid.str()}});
    trace->step("reconcile.income_test", r.income_for_exemption.str(), income_formula, {}, basis.source);
    if (test.unconfirmed)
        trace->note("note.unconfirmed", {{"text", test.note.empty() ? message_id("reconcile.income_test.basis") : test.note_text()}});
    if (payable) {
        if (!in_force)
            trace->step("reconcile.exemption", message_id("reconcile.none"), "reconcile.exemption.not_in_force",
                        {{"year", std::to_string(t.year)}, {"period", ex.period->text()}}, ex.source);
        else if (in.agent_failed_to_withhold)
            trace->step("reconcile.exemption", message_id("reconcile.none"), "reconcile.exemption.agent_failed", {}, ex.source);
        else
            trace->step("reconcile.exemption", message_id(r.exempt_from_paying ? "reconcile.exempt" : "reconcile.none"),
                        "reconcile.exemption.test",
                        {{"income", r.income_for_exemption.str()}, {"income_cmp", income_small ? "<=" : ">"},
                         {"income_max", income_max.value.str()}, {"payable", r.balance.str()},
                         {"payable_cmp", payable_small ? "<=" : ">"}, {"payable_max", payable_max.value.str()}},
                        ex.source);
    }
    trace->step("reconcile.must_file", message_id(r.must_file ? "common.yes" : "common.no"),
                r.must_file      ? "reconcile.must_file.payable"
                : r.refund_due   ? "reconcile.must_file.refund"
                : payable        ? "reconcile.must_file.exempt"
                                 : "reconcile.must_file.nothing");
    return r;
}

}  // namespace libtax
