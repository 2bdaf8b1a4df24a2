// libtax/comprehensive/annual_tax.hpp - a resident's annual tax on comprehensive income
// (IIT Law arts. 2, 3, 6; Annex Table 1).
//
//   taxable income = income amount - basic deduction - special deductions
//                    - special additional deductions - other deductions      (never below 0)
//   tax            = taxable income x rate - quick deduction                  (rounded to the fen)
#pragma once

#include "libtax/comprehensive/income_amount.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/tables/bracket_schedule.hpp"

namespace libtax {

/// A resident's comprehensive income and deductions for one tax year.
struct ComprehensiveIncome {
    ComprehensiveReceipts receipts;
    Money social_insurance;    ///< special deductions (专项扣除): pension, medical, unemployment, housing fund
    Money special_additional;  ///< special additional deductions (专项附加扣除), total for the year
    Money other_deductions;    ///< other deductions set by law (commercial health insurance, private pension, ...)

    void validate() const {
        receipts.validate();
        require_non_negative(social_insurance, "social_insurance");
        require_non_negative(special_additional, "special_additional");
        require_non_negative(other_deductions, "other_deductions");
    }
};

struct AnnualTaxResult {
    int year = 0;
    Exact income_amount;      ///< comprehensive income amount (收入额), exact
    Money basic_deduction;
    Exact taxable_income;     ///< exact; never negative
    int bracket = -1;         ///< 0-based index in comprehensive_annual; -1 when nothing is taxable
    Rate rate;
    Money quick_deduction;
    Money tax;                ///< rounded half-up to the fen
    Explanation explanation;  ///< English rendering of a trace, when a caller put it there (explained in core/render.hpp)
};

/// The steps of the annual computation (annual_tax.* messages).
inline void trace_annual_tax(Trace& trace, const BracketSchedule& s, const Sourced<Money>& basic, const ComprehensiveIncome& in,
                             const AnnualTaxResult& r, bool negative) {
    trace.step("annual_tax.basic_deduction", basic.value.str(), {}, {}, basic.source);
    if (!in.social_insurance.is_zero())
        trace.step("annual_tax.special_deductions", in.social_insurance.str(), "annual_tax.special_deductions.formula");
    if (!in.special_additional.is_zero())
        trace.step("annual_tax.special_additional", in.special_additional.str(), "annual_tax.special_additional.given");
    if (!in.other_deductions.is_zero()) trace.step("annual_tax.other_deductions", in.other_deductions.str());
    trace.step("annual_tax.taxable_income", r.taxable_income.str(),
               negative ? "annual_tax.taxable_income.formula_negative" : "annual_tax.taxable_income.formula");
    if (r.bracket < 0) {
        trace.step("annual_tax.tax", r.tax.str(), "annual_tax.tax.nothing_taxable");
        return;
    }
    s.trace_bracket(trace, "annual_tax.bracket", r.bracket);
    trace.step("annual_tax.tax", r.tax.str(), "annual_tax.tax.formula",
               {{"taxable", r.taxable_income.str()}, {"rate", r.rate.percent()}, {"quick", r.quick_deduction.str()}});
}

/// The annual computation from an income amount on: deductions, taxable income, bracket, tax.
/// annual_tax() and the non-domiciled resident's tax (foreign/nondomiciled_annual_tax.hpp, whose
/// wage amount is an exact fraction of a fen) share it. `in` supplies the deductions.
inline void annual_tax_from_income_amount(const TaxYear& t, const Exact& income_amount, const ComprehensiveIncome& in,
                                          AnnualTaxResult& r, Trace* trace) {
    r.year = t.year;
    r.income_amount = income_amount;
    const Sourced<Money>& basic = t.rules().basic_annual;
    r.basic_deduction = basic.value;
    const Exact raw = income_amount - Exact(basic.value) - Exact(in.social_insurance) - Exact(in.special_additional) -
                      Exact(in.other_deductions);
    r.taxable_income = max(raw, Exact());
    const BracketSchedule& s = t.comprehensive_annual();
    const BracketHit hit = s.apply(r.taxable_income);
    r.bracket = hit.index;
    r.rate = hit.rate();
    r.quick_deduction = hit.quick();
    r.tax = hit.rounded_tax();
    if (trace) trace_annual_tax(*trace, s, basic, in, r, raw.is_negative());
}

namespace detail {

/// annual_tax without a trace, in integers: the income amount as n / d fen with the year's
/// integer shares (tables/year_rules.hpp: n = wages x d + labour x kl + royalties x kr +
/// author x ka; d = 1 when there are wages only), taxable income (n - deductions x d) / d, and
/// the bracket kernel on that fraction. Every amount is below 10^17 fen < 2^57 and d, k < 2^31,
/// so each product is below 2^88 and each sum of five below 2^91: 128-bit integers hold them
/// without overflow. The results are the same exact fractions (reduced by Exact::fen_fraction)
/// and the same rounding as the general path. False (nothing written) for commissions or shares
/// without an integer form, which take the general path.
inline bool annual_tax_integer(const TaxYear& t, const ComprehensiveIncome& in, AnnualTaxResult& r) {
    const ComprehensiveReceipts& g = in.receipts;
    if (!g.commissions.is_zero()) return false;
    const YearRules& rules = t.rules();
    const IncomeShares& sh = rules.income;
    int128 n = g.wages.fen(), d = 1;
    if (!g.labour.is_zero() || !g.royalties.is_zero() || !g.author.is_zero()) {
        if (sh.d == 0) return false;
        d = sh.d;
        n = n * d + int128{g.labour.fen()} * sh.kl + int128{g.royalties.fen()} * sh.kr + int128{g.author.fen()} * sh.ka;
    }
    const int128 deductions = int128{rules.basic_annual.value.fen()} + in.social_insurance.fen() + in.special_additional.fen() + in.other_deductions.fen();
    const int128 raw = n - deductions * d;
    r.year = t.year;
    r.income_amount = Exact::fen_fraction(n, d);
    r.basic_deduction = rules.basic_annual.value;
    const BracketSchedule& s = t.comprehensive_annual();
    if (raw <= 0) {
        r.taxable_income = Exact();
        r.tax = Money();
        return true;  // bracket -1, rate and quick deduction zero, as the general path leaves them
    }
    r.taxable_income = Exact::fen_fraction(raw, d);
    const KernelHit k = s.kernel().apply(raw, d);
    if (k.index < 0) return true;  // a schedule without brackets: nothing applies (as the general path)
    const Bracket& b = s.brackets()[static_cast<std::size_t>(k.index)];
    r.bracket = k.index;
    r.rate = b.rate;
    r.quick_deduction = b.quick;
    r.tax = k.rounded();
    return true;
}

}  // namespace detail

/// Annual tax on comprehensive income; the steps go to `trace` when one is given.
inline AnnualTaxResult annual_tax(const TaxYear& t, const ComprehensiveIncome& in, Trace* trace = nullptr) {
    in.validate();
    AnnualTaxResult r;
    if (!trace && detail::annual_tax_integer(t, in, r)) return r;
    if (trace) trace->title("annual_tax.title", {{"year", std::to_string(t.year)}});
    const IncomeAmount ia = income_amount(t, in.receipts, trace);
    annual_tax_from_income_amount(t, ia.total, in, r, trace);
    return r;
}

}  // namespace libtax
