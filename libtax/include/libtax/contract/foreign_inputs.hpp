// libtax/contract/foreign_inputs.hpp - the declared inputs of the foreign-individual functions
// (Python libtax.foreign): stays and the six-year chain (Impl. Regs arts. 2, 4, 5; MOF/STA 2019
// No. 34), working days and sourced wages (MOF/STA 2019 No. 35 arts. 1-2), the non-resident taxes
// (No. 35 art. 2, IIT Law art. 6), the non-domiciled annual tax and the allowance choice (No. 35
// art. 3(1); Caishui [2018] No. 164 item 7), separately taxed items (Caishui [2018] No. 164 items
// 2, 4, 5), non-residents' equity incentives (No. 35 art. 3(2)) and the foreign tax credit
// (MOF/STA 2020 No. 3). Each function's keywords, defaults, docs and stub types come from these
// lists (bindings/foreign_module.cpp); the calculators take their own arguments as before.
//
// Where a calculator has no input struct, a small one is declared here; several functions share
// one (residence_days, six_year_chain and residency read the same stays). The elements of a list
// of structs (allowances, countries, carried) are declared once as records (records_of<E>()).
#pragma once

#include <vector>

#include "libtax/contract/comprehensive_income.hpp"
#include "libtax/contract/field.hpp"
#include "libtax/foreign/foreign.hpp"
#include "libtax/foreign/foreign_tax_credit.hpp"

namespace libtax::contract {

/// residence_days, six_year_chain, residency: the stays in China.
struct StaysInput {
    std::vector<Stay> stays;
};

/// working_days: one work period and the stays.
struct WorkPeriodInput {
    Date start;
    Date end;
    std::vector<Stay> stays;
    Employer employer = Employer::foreign_only;
    std::vector<Date> counted_abroad;  ///< holidays, leave and training abroad inside the China work period
};

/// sourced_wage, nonresident_wage_tax: one month's wages and the year's presence.
struct MonthWageInput {
    MonthlyWages wages;
    int residence_days = 0;
    bool senior_manager = false;
    bool six_year_chain = false;
};

/// nonresident_labour_tax, nonresident_author_tax, nonresident_royalty_tax: one payment.
struct PaymentInput {
    Money amount;
};

/// nonresident_bonus_tax: a multi-month bonus, once a calendar year.
struct BonusInput {
    Money bonus;
    int earlier_this_year = 0;
};

/// nondomiciled_annual_tax: the year's sourced wages and other comprehensive income.
struct NondomiciledInput {
    Money sourced_wages;
    ComprehensiveIncome income;
};

/// allowance_comparison: wages without the allowances, the allowances and the deductions.
struct AllowanceComparisonInput {
    Money wages;
    std::vector<AllowanceClaim> allowances;
    Money special_additional;
    ComprehensiveIncome income;
};

/// equity_incentive_tax, nonresident_equity_tax: the year's grants in order.
struct GrantsInput {
    std::vector<Money> grants;
};

/// severance_tax, early_retirement_tax, internal_retirement_tax: a lump sum and its measure.
struct LumpSumInput {
    Money amount;
    Money local_average_wage;  ///< severance
    int years = 0;             ///< early retirement: years to the statutory age
    int months_to_retirement = 0;
    Money wage;                ///< internal retirement: the month's wage
};

/// annuity_payout_tax.
struct AnnuityInput {
    AnnuityPayoutKind payout = AnnuityPayoutKind::monthly;
    Money amount;
};

// ---- records: one element of a list of structs --------------------------------------------------

template <>
inline const Declaration<AllowanceClaim>& records_of<AllowanceClaim>() {
    using T = AllowanceClaim;
    static const Declaration<T> d{
        "allowance_claim",
        {
            {"kind", Kind::enumeration, enum_at<&T::kind>(), "", true, "the allowance's kind (home_leave: one entry per trip)", "field.kind", "",
             "housing,meals,laundry,relocation,business_travel,home_leave,language_training,children_education"},
            {"amount", Kind::money, &at<&T::amount>, "", true, "the amount paid in the year", "field.amount"},
            {"form", Kind::enumeration, enum_at<&T::form>(), "'reimbursed'", false, "how it is paid", "field.form", "", "cash,in_kind,reimbursed"},
            {"with_documents", Kind::flag, &at<&T::with_documents>, "True", false, "receipts, invoices or travel documents kept",
             "field.with_documents"},
            {"in_china", Kind::flag, &at<&T::in_china>, "True", false, "language training / children's education incurred in China",
             "field.in_china"},
            {"taking_up_or_leaving_post", Kind::flag, &at<&T::taking_up_or_leaving_post>, "True", false,
             "relocation: paid on taking up or leaving the China post", "field.taking_up_or_leaving_post"},
        }};
    return d;
}

template <>
inline const Declaration<CarriedForeignTax>& records_of<CarriedForeignTax>() {
    using T = CarriedForeignTax;
    static const Declaration<T> d{"carried_foreign_tax",
                                  {
                                      {"year", Kind::count, &at<&T::year>, "", true, "the tax year the excess arose in", "field.year"},
                                      {"amount", Kind::money, &at<&T::amount>, "", true, "the excess still open", "field.amount"},
                                  }};
    return d;
}

template <>
inline const Declaration<CountryForeignIncome>& records_of<CountryForeignIncome>() {
    using T = CountryForeignIncome;
    static const Declaration<T> d{
        "country_foreign_income",
        {
            {"country", Kind::text, &at<&T::country>, "", true, "the country or region", "field.country"},
            {"comprehensive_income_amount", Kind::money, &at<&T::comprehensive_income_amount>, "0", false,
             "the country's comprehensive income amount", "field.comprehensive_income_amount"},
            {"business_taxable_income", Kind::money, &at<&T::business_taxable_income>, "0", false, "the country's business taxable income",
             "field.business_taxable_income"},
            {"other_items_china_tax", Kind::money, &at<&T::other_items_china_tax>, "0", false,
             "China tax on the country's other items, each computed alone", "field.other_items_china_tax"},
            {"foreign_tax_paid", Kind::money, &at<&T::foreign_tax_paid>, "0", false, "income tax actually paid to the country for the year",
             "field.foreign_tax_paid"},
            {"carried", Kind::records, &at<&T::carried>, "[]", false, "excess of earlier years still open: [{year, amount}]", "field.carried"},
        }};
    return d;
}

// ---- the functions' inputs ------------------------------------------------------------------------

inline const Declaration<StaysInput>& stays_input() {
    using T = StaysInput;
    static const Declaration<T> d{"stays_input",
                                  {{"stays", Kind::stays, &at<&T::stays>, "", true,
                                    "the stays in China, (arrival, departure) pairs; arrival and departure days do not count", "field.stays"}}};
    return d;
}

inline const Declaration<WorkPeriodInput>& work_period_input() {
    using T = WorkPeriodInput;
    static const Declaration<T> d{
        "work_period_input",
        {
            {"start", Kind::date, &at<&T::start>, "", true, "the work period's first day", "field.start"},
            {"end", Kind::date, &at<&T::end>, "", true, "the work period's last day", "field.end"},
            {"stays", Kind::stays, &at<&T::stays>, "", true, "the stays in China, (arrival, departure) pairs", "field.stays"},
            {"employer", Kind::enumeration, enum_at<&T::employer>(), "'foreign'", false,
             "who employs: a day partly in China is half a day for 'foreign' or 'both', a whole day for 'domestic'", "field.employer", "",
             "domestic,foreign,both"},
            {"counted_abroad", Kind::dates, &at<&T::counted_abroad>, "None", false,
             "days abroad that count (holidays, leave, training inside the China work period)", "field.counted_abroad"},
        }};
    return d;
}

namespace detail {
inline std::vector<Field<MonthWageInput>> month_wage_fields() {
    using T = MonthWageInput;
    using W = MonthlyWages;
    return {
        {"wage_total", Kind::money, &at<&T::wages, &W::total>, "", true, "the month's wages paid in and outside China (W)", "field.wage_total"},
        {"wage_domestic", Kind::money, &at<&T::wages, &W::domestic>, "", true, "paid or borne by a domestic employer (Wd)",
         "field.wage_domestic"},
        {"china_workdays", Kind::workdays, &at<&T::wages, &W::china_days>, "", true, "China working days, whole or half days (Dcn)",
         "field.china_workdays"},
        {"calendar_days", Kind::days, &at<&T::wages, &W::calendar_days>, "", true, "calendar days of the work period (Dcal)",
         "field.calendar_days", "", "", 1, 366},
        {"residence_days", Kind::days, &at<&T::residence_days>, "", true, "residence days in the tax year", "field.residence_days", "", "", 0,
         366},
        {"senior_manager", Kind::flag, &at<&T::senior_manager>, "False", false, "a senior manager of a domestic employer",
         "field.senior_manager"},
    };
}
}  // namespace detail

inline const Declaration<MonthWageInput>& sourced_wage_input() {
    static const Declaration<MonthWageInput> d = [] {
        Declaration<MonthWageInput> x{"sourced_wage_input", detail::month_wage_fields()};
        x.fields.push_back({"six_year_chain", Kind::flag, &at<&MonthWageInput::six_year_chain>, "False", false,
                            "the six-year chain is complete (worldwide income)", "field.six_year_chain"});
        return x;
    }();
    return d;
}

inline const Declaration<MonthWageInput>& nonresident_wage_input() {
    static const Declaration<MonthWageInput> d{"nonresident_wage_input", detail::month_wage_fields()};
    return d;
}

inline const Declaration<PaymentInput>& payment_input() {
    static const Declaration<PaymentInput> d{
        "payment_input", {{"amount", Kind::money, &at<&PaymentInput::amount>, "", true, "the payment's income", "field.amount"}}};
    return d;
}

inline const Declaration<BonusInput>& bonus_input() {
    using T = BonusInput;
    static const Declaration<T> d{"bonus_input",
                                  {
                                      {"bonus", Kind::money, &at<&T::bonus>, "", true, "the bonus's China-sourced amount", "field.bonus"},
                                      {"earlier_this_year", Kind::count, &at<&T::earlier_this_year>, "0", false,
                                       "multi-month bonuses already taxed this calendar year", "field.earlier_this_year", "", "", 0, 1000},
                                  }};
    return d;
}

namespace detail {
/// labour, author, royalties, social_insurance, (special_additional,) other_deductions of a
/// ComprehensiveIncome reached through `Path` (wages are the function's own field).
template <class T, auto Path>
std::vector<Field<T>> other_income_fields(bool with_special_additional) {
    using C = ComprehensiveIncome;
    using R = ComprehensiveReceipts;
    std::vector<Field<T>> out{
        {"labour", Kind::money, &at<Path, &C::receipts, &R::labour>, "0", false, "labour remuneration of the year", "field.labour"},
        {"author", Kind::money, &at<Path, &C::receipts, &R::author>, "0", false, "author's remuneration of the year", "field.author"},
        {"royalties", Kind::money, &at<Path, &C::receipts, &R::royalties>, "0", false, "royalties of the year", "field.royalties"},
        {"social_insurance", Kind::money, &at<Path, &C::social_insurance>, "0", false, "special deductions (专项扣除) of the year",
         "field.social_insurance"},
    };
    if (with_special_additional)
        out.push_back({"special_additional", Kind::money, &at<Path, &C::special_additional>, "0", false,
                       "special additional deductions of the year", "field.special_additional"});
    out.push_back({"other_deductions", Kind::money, &at<Path, &C::other_deductions>, "0", false, "other deductions set by law",
                   "field.other_deductions"});
    return out;
}
}  // namespace detail

inline const Declaration<NondomiciledInput>& nondomiciled_input() {
    using T = NondomiciledInput;
    static const Declaration<T> d = [] {
        Declaration<T> x{"nondomiciled_input",
                         {{"sourced_wages", Kind::money, &at<&T::sourced_wages>, "", true, "the year's China-sourced wages (sum of the months)",
                           "field.sourced_wages"}}};
        for (auto& f : detail::other_income_fields<T, &T::income>(true)) x.fields.push_back(f);
        return x;
    }();
    return d;
}

inline const Declaration<AllowanceComparisonInput>& allowance_comparison_input() {
    using T = AllowanceComparisonInput;
    static const Declaration<T> d = [] {
        Declaration<T> x{"allowance_comparison_input",
                         {
                             {"wages", Kind::money, &at<&T::wages>, "", true, "the year's (China-sourced) wages without the allowances",
                              "field.wages"},
                             {"allowances", Kind::records, &at<&T::allowances>, "", true,
                              "{kind: amount} (reimbursed, with receipts) or a list of allowance claims", "field.allowances", "", "", 0, 0,
                              "kind:amount"},
                             {"special_additional", Kind::money, &at<&T::special_additional>, "0", false,
                              "special additional deductions of the year", "field.special_additional"},
                         }};
        for (auto& f : detail::other_income_fields<T, &T::income>(false)) x.fields.push_back(f);
        return x;
    }();
    return d;
}

inline const Declaration<GrantsInput>& grants_input() {
    static const Declaration<GrantsInput> d{
        "grants_input",
        {{"grants", Kind::amounts, &at<&GrantsInput::grants>, "", true, "the year's equity-incentive income, one amount per grant, in order",
          "field.grants"}}};
    return d;
}

inline const Declaration<LumpSumInput>& severance_input() {
    using T = LumpSumInput;
    static const Declaration<T> d{"severance_input",
                                  {
                                      {"amount", Kind::money, &at<&T::amount>, "", true, "the severance pay", "field.amount"},
                                      {"local_average_wage", Kind::money, &at<&T::local_average_wage>, "", true,
                                       "the local average annual wage of the prior year", "field.local_average_wage"},
                                  }};
    return d;
}

inline const Declaration<LumpSumInput>& early_retirement_input() {
    using T = LumpSumInput;
    static const Declaration<T> d{"early_retirement_input",
                                  {
                                      {"amount", Kind::money, &at<&T::amount>, "", true, "the early-retirement lump sum", "field.amount"},
                                      {"years", Kind::count, &at<&T::years>, "", true, "years to the statutory retirement age", "field.years", "",
                                       "", 1, 100},
                                  }};
    return d;
}

inline const Declaration<LumpSumInput>& internal_retirement_input() {
    using T = LumpSumInput;
    static const Declaration<T> d{"internal_retirement_input",
                                  {
                                      {"amount", Kind::money, &at<&T::amount>, "", true, "the internal-retirement lump sum", "field.amount"},
                                      {"months_to_retirement", Kind::count, &at<&T::months_to_retirement>, "", true,
                                       "months from internal to statutory retirement", "field.months_to_retirement", "", "", -100000, 100000},
                                      {"wage", Kind::money, &at<&T::wage>, "", true, "the month's wage of the month received", "field.wage"},
                                  }};
    return d;
}

inline const Declaration<AnnuityInput>& annuity_input() {
    using T = AnnuityInput;
    static const Declaration<T> d{"annuity_input",
                                  {
                                      {"payout", Kind::enumeration, enum_at<&T::payout>(), "", true, "how the annuity is paid out", "field.payout",
                                       "", "monthly,quarterly,annual,lump_sum_emigration_or_death,lump_sum_other"},
                                      {"amount", Kind::money, &at<&T::amount>, "", true, "the payout received", "field.amount"},
                                  }};
    return d;
}

inline const Declaration<ForeignTaxCreditInput>& foreign_tax_credit_input() {
    using T = ForeignTaxCreditInput;
    static const Declaration<T> d{
        "foreign_tax_credit_input",
        {
            {"comprehensive_tax", Kind::money, &at<&T::comprehensive_tax>, "0", false, "China tax on worldwide comprehensive income",
             "field.comprehensive_tax"},
            {"comprehensive_income_amount", Kind::money, &at<&T::comprehensive_income_amount>, "0", false,
             "worldwide comprehensive income amount (China and abroad)", "field.comprehensive_income_amount"},
            {"business_tax", Kind::money, &at<&T::business_tax>, "0", false, "China tax on worldwide business income", "field.business_tax"},
            {"business_taxable_income", Kind::money, &at<&T::business_taxable_income>, "0", false, "worldwide business taxable income",
             "field.business_taxable_income"},
            {"countries", Kind::records, &at<&T::countries>, "[]", false, "the foreign income and tax, one record per country",
             "field.countries"},
        }};
    return d;
}

}  // namespace libtax::contract
