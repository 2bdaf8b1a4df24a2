// libtax/comprehensive/annual_bonus.hpp - a resident's annual one-time bonus (全年一次性奖金).
//
// Inside the legal window (Caishui [2018] 164 item 1; MOF/STA 2021 No. 42; MOF/STA 2023 No. 30)
// the bonus may be taxed apart from other income: bonus / 12 selects the row of the monthly-
// converted table, tax = bonus x rate - quick (the quick deduction once). Outside the window
// the option does not exist and asking for it is an error. compare_bonus_treatment() sets the
// separate method against merging the bonus into comprehensive income and names the cheaper.
#pragma once

#include <optional>

#include "libtax/comprehensive/annual_tax.hpp"

namespace libtax {

/// How an annual one-time bonus is taxed (MOF/STA Announcement 2023 No. 30 art. 1): apart from
/// comprehensive income, or merged into it; `none` where there is no bonus to treat.
enum class BonusTreatment { none, separate, merged };

inline const char* name_of(BonusTreatment b) {
    switch (b) {
        case BonusTreatment::none: return "none";
        case BonusTreatment::separate: return "separate";
        case BonusTreatment::merged: return "merged";
    }
    return "none";
}

struct BonusTaxResult {
    int year = 0;
    Money bonus;
    Exact monthly_equivalent;  ///< bonus / divisor, exact (not rounded before choosing the row)
    int bracket = -1;
    Rate rate;
    Money quick_deduction;
    Money tax;
    Explanation explanation;
};

/// The separate-taxation window in force for `t`'s year on `paid_on` (default: 31 December);
/// throws NotAvailableError when there is none.
inline const Provision& bonus_separate_taxation(const TaxYear& t, std::optional<Date> paid_on = std::nullopt) {
    const Provision* p = t.rules().bonus_window;
    const Date on = paid_on ? *paid_on : Date(static_cast<unsigned short>(t.year), 12, 31);
    if (!p || !p->period || !p->period->covers(on))
        throw NotAvailableError("bonus", "paid " + iso(on),
                                "separate taxation of an annual one-time bonus is not available then" +
                                    std::string(p && p->period ? " (window " + p->period->str() + ", " + p->source.cite() + ")" : " (the tax table sets no window)") +
                                    "; the bonus is ordinary wages and merges into comprehensive income");
    return *p;
}

inline BonusTaxResult bonus_tax(const TaxYear& t, Money bonus, Trace* trace = nullptr, std::optional<Date> paid_on = std::nullopt) {
    require_non_negative(bonus, "bonus");
    const Provision& window = bonus_separate_taxation(t, paid_on);
    const auto& divisor = t.rules().bonus_divisor;  // the window's (bonus_window is the only one)
    if (divisor.value <= 0) throw TableError(divisor.source.file, divisor.source.line, window.path + ".divisor", "must be positive");
    BonusTaxResult r;
    r.year = t.year;
    r.bonus = bonus;
    r.monthly_equivalent = Exact(bonus).scaled(1, divisor.value);
    const BracketSchedule& s = t.comprehensive_monthly();
    const BracketHit hit = s.kernel_hit_selected(bonus.fen(), divisor.value);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (!trace) return r;
    trace->title("bonus.title", {{"year", std::to_string(t.year)}});
    trace->step("bonus.window", window.period->text(), {}, {}, window.source);
    trace->step("bonus.amount", bonus.str());
    trace->step("bonus.monthly_equivalent", r.monthly_equivalent.str(4), "bonus.monthly_equivalent.formula",
                {{"divisor", std::to_string(divisor.value)}});
    if (hit.bracket) {
        s.trace_bracket(*trace, "bonus.row", hit.index);
        trace->step("bonus.tax", r.tax.str(), "bonus.tax.formula",
                    {{"bonus", bonus.str()}, {"rate", r.rate.percent()}, {"quick", r.quick_deduction.str()}});
    } else {
        trace->step("bonus.tax", r.tax.str(), "bonus.tax.none");
    }
    return r;
}

/// Separate against merged taxation of an annual bonus, for the whole year.
struct BonusComparison {
    AnnualTaxResult other_income;  ///< comprehensive income without the bonus (separate method)
    BonusTaxResult bonus;          ///< the bonus taxed separately
    Money separate_total;          ///< other_income.tax + bonus.tax
    AnnualTaxResult merged;        ///< bonus added to wages
    Money merged_total;
    bool separate_is_cheaper = false;  ///< ties favour merging (fewer special rules)
    Money saving;                      ///< how much the cheaper choice saves
    Explanation explanation;
};

inline BonusComparison compare_bonus_treatment(const TaxYear& t, const ComprehensiveIncome& in, Money bonus, Trace* trace = nullptr) {
    BonusComparison c;
    if (trace) trace->title("bonus_comparison.title", {{"year", std::to_string(t.year)}});
    {
        TraceScope part(trace, "bonus_comparison.separate_other");
        c.other_income = annual_tax(t, in, trace);
    }
    {
        TraceScope part(trace, "bonus_comparison.separate_bonus");
        c.bonus = bonus_tax(t, bonus, trace);
    }
    c.separate_total = c.other_income.tax + c.bonus.tax;
    if (trace)
        trace->step("bonus_comparison.separate_total", c.separate_total.str(), "bonus_comparison.separate_total.formula",
                    {{"other", c.other_income.tax.str()}, {"bonus", c.bonus.tax.str()}});
    ComprehensiveIncome merged = in;
    merged.receipts.wages = merged.receipts.wages + bonus;
    {
        TraceScope part(trace, "bonus_comparison.merged");
        c.merged = annual_tax(t, merged, trace);
    }
    c.merged_total = c.merged.tax;
    c.separate_is_cheaper = c.separate_total < c.merged_total;
    c.saving = c.separate_is_cheaper ? c.merged_total - c.separate_total : c.separate_total - c.merged_total;
    if (trace) {
        trace->step("bonus_comparison.merged_total", c.merged_total.str());
        trace->step("bonus_comparison.cheaper", message_id(c.separate_is_cheaper ? "bonus_comparison.separate" : "bonus_comparison.merged_word"),
                    "bonus_comparison.cheaper.formula", {{"saving", c.saving.str()}});
    }
    return c;
}

}  // namespace libtax
