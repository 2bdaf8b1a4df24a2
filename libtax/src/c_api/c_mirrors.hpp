// libtax/src/c_api/c_mirrors.hpp - which C struct of libtax/c/libtax.h mirrors which C++ input,
// field by field, checked at compile time: a C++ input that gains a field no longer compiles
// here until its C struct (and the list below) carries it too.
//
// The field count of an aggregate is found by brace-initialising it with N values of a type that
// converts to anything; the names are listed for the embedding test, which compares them with
// the declared contracts (libtax/contract/).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "libtax/comprehensive/annual_tax.hpp"
#include "libtax/foreign/wage_sourcing.hpp"
#include "libtax/payroll/reconciliation.hpp"
#include "libtax/payroll/withholding_run.hpp"
#include "libtax/regimes/talent_case.hpp"

namespace libtax::c_mirror {

struct any_field {
    template <class T>
    operator T() const;  // NOLINT: converts to any member type, never defined
};

template <class T, class Seq, class = void>
struct brace_initialisable : std::false_type {};
template <class T, std::size_t... I>
struct brace_initialisable<T, std::index_sequence<I...>, std::void_t<decltype(T{(void(I), any_field{})...})>> : std::true_type {};

/// The number of fields of the aggregate T.
template <class T, std::size_t N = 0>
constexpr std::size_t field_count() {
    if constexpr (N > 64) return N;
    else if constexpr (brace_initialisable<T, std::make_index_sequence<N + 1>>::value) return field_count<T, N + 1>();
    else return N;
}

// The contract names each C struct carries (libtax_comprehensive_income, libtax_withholding_month,
// libtax_reconciliation_input, libtax_talent_case), in the C struct's order.
inline constexpr const char* comprehensive_income[] = {"wages", "labour", "author", "royalties", "commissions",
                                                       "social_insurance", "special_additional", "other_deductions"};
inline constexpr const char* month_input[] = {"month", "bonus_method", "wage", "exempt_income", "social_insurance",
                                              "special_additional", "other_deductions", "tax_reductions", "bonus"};
inline constexpr const char* reconciliation_input[] = {"agent_failed_to_withhold", "prepaid", "bonus", "tax_reductions"};
inline constexpr const char* talent_case[] = {
    "identity", "resident", "wage_months", "talent_recognised", "days_in_zone", "actual_days", "social_insurance_months",
    "social_insurance_exempt", "contract_years", "encouraged_industry", "wages", "labour", "author", "royalties", "commissions",
    "business_taxable_income", "social_insurance", "special_additional", "other_deductions", "talent_subsidy", "zone_wages",
    "zone_labour", "zone_author", "zone_royalties", "zone_business_taxable_income", "tax_paid_in_zone",
    "business_tax_paid_in_zone", "fx_rate", "mpf_contributions", "special_industry", "city", "months"};

// C++ input (its fields)                    C struct
static_assert(field_count<ComprehensiveReceipts>() == 5, "ComprehensiveReceipts changed: update libtax_comprehensive_income");
static_assert(field_count<ComprehensiveIncome>() == 4, "ComprehensiveIncome changed: update libtax_comprehensive_income");
static_assert(field_count<MonthInput>() == 9, "MonthInput changed: update libtax_withholding_month");
static_assert(field_count<WithholdingTerms>() == 5, "WithholdingTerms changed: update libtax_withholding_terms");
static_assert(field_count<WithholdingState>() == 14, "WithholdingState changed: update libtax_withholding_cumulative");
static_assert(field_count<ReconciliationInput>() == 5, "ReconciliationInput changed: update libtax_reconciliation_input");
// TalentCase::months is libtax_talent_case's month_count and months[12] (libtax_wage_month each).
static_assert(field_count<TalentCase>() == 28, "TalentCase changed: update libtax_talent_case");
static_assert(field_count<MonthlyWages>() == 4, "MonthlyWages changed: update libtax_nonresident_wages");
// The name lists hold the nested receipts (wages, labour, author, royalties, commissions) one by
// one where the C++ struct holds them as one field `income` / `receipts`.
static_assert(sizeof(talent_case) / sizeof(*talent_case) == 28 - 1 + 5, "libtax_talent_case lists every TalentCase field");
static_assert(field_count<WageMonth>() == 2, "WageMonth changed: update libtax_wage_month");
static_assert(sizeof(comprehensive_income) / sizeof(*comprehensive_income) == 4 - 1 + 5, "libtax_comprehensive_income lists every field");
static_assert(sizeof(month_input) / sizeof(*month_input) == 9, "libtax_withholding_month lists every MonthInput field");
static_assert(sizeof(reconciliation_input) / sizeof(*reconciliation_input) == 5 - 1, "libtax_reconciliation_input: income is a nested struct");

}  // namespace libtax::c_mirror
