// The shape of tables/cn/<year>.yaml. One entry per provision; see tables/schema.hpp.
// Every count has its legal range here (months 1-12, days in a year 0-366, years at most 100):
// a value outside it is a TableError at load, never a wrapped or nonsensical figure later.
// Rules between values (annual = 12 x monthly, ...) are in src/tables/cross_field_rules.hpp.
#include "libtax/tables/schema.hpp"

namespace libtax {

namespace {
constexpr auto M = FieldType::money;
constexpr auto R = FieldType::rate;
constexpr auto N = FieldType::count;
constexpr auto T = FieldType::text;
}  // namespace

const std::vector<std::string>& year_table_schedules() {
    static const std::vector<std::string> names{"comprehensive_annual", "comprehensive_monthly",
                                                "business_annual", "labour_prepayment",
                                                "nonresident_monthly"};
    return names;
}

const std::vector<ProvisionSpec>& year_table_schema() {
    static const std::vector<ProvisionSpec> specs{
        {"income_amount", {{"labour", R}, {"royalties", R}, {"author", R}, {"author_reduction", R}}},
        {"prepayment",
         {{"fixed_expense", M}, {"fixed_expense_upto", M}, {"expense_share", R}, {"author_reduction", R},
          {"author_royalty_rate", R}}},
        {"flat_rates", {{"incidental", R}, {"interest_dividends", R}, {"property_lease", R}, {"property_transfer", R}}},
        {"basic_deduction", {{"annual", M}, {"monthly", M}}},
        {"special_additional.children_education", {{"monthly_per_child", M}}},
        {"special_additional.infant_care", {{"monthly_per_child", M}}, /*required=*/false},
        {"special_additional.continuing_education",
         {{"degree_monthly", M}, {"degree_max_months", N, true, 1, 120}, {"certificate_annual", M}}},
        {"special_additional.serious_illness", {{"threshold", M}, {"annual_cap", M}}},
        {"special_additional.housing_loan_interest", {{"monthly", M}, {"max_months", N, true, 1, 360}}},
        {"special_additional.housing_rent", {{"tier1_monthly", M}, {"tier2_monthly", M}, {"tier3_monthly", M}}},
        {"special_additional.elderly_support", {{"only_child_monthly", M}, {"shared_individual_cap_monthly", M}}},
        {"special_additional.sharing", {{"child_split_share", R}, {"housing_loan_split_share", R}}, /*required=*/false},
        {"other_deductions.commercial_health_insurance", {{"annual_cap", M}, {"monthly_cap", M}}},
        {"other_deductions.private_pension", {{"annual_cap", M}}, /*required=*/false},
        {"other_deductions.tax_deferred_pension", {{"wage_share", R}, {"monthly_cap", M}}, /*required=*/false},
        {"annual_bonus.separate_taxation", {{"divisor", N, true, 1, 12}}, /*required=*/false, /*period_required=*/true},
        {"reconciliation.exemption", {{"income_max", M}, {"payable_max", M}}, true, true},
        // foreign individuals: presence, sourcing, non-residents, allowances
        {"foreign.residence", {{"resident_days", N, true, 1, 366}}},
        {"foreign.ninety_day_rule", {{"max_days", N, true, 0, 366}}},
        {"foreign.six_year_rule", {{"years", N, true, 1, 100}, {"max_single_absence_days", N, true, 0, 366}, {"first_year", N, true, 1980, 2200}}},
        {"foreign.working_days", {{"partial_day_share", R}}},
        {"foreign.nonresident_wages", {{"monthly_deduction", M}}},
        {"foreign.nonresident_bonus", {{"divisor", N, true, 1, 12}, {"times_per_year", N, true, 1, 12}}},
        {"foreign.allowances.exempt_kinds", {}},
        {"foreign.allowances.home_leave", {{"max_trips_per_year", N, true, 0, 52}}},
        {"foreign.allowances.choice", {{"covered_kinds", T}}, /*required=*/false, /*period_required=*/true},
        {"foreign.nonresident_equity", {{"divisor", N, true, 1, 12}}, /*required=*/false},
        // residents' foreign tax credit (MOF/STA 2020 No. 3)
        {"foreign.tax_credit", {{"carry_forward_years", N, true, 1, 100}}, /*required=*/false},
        // charitable donations (IIT Law art. 6 para. 3)
        {"donations", {{"limit_share", R}}, /*required=*/false},
        // exempt receipts
        {"exemptions.childcare_subsidy", {}, /*required=*/false, /*period_required=*/true},
        // residents' separately taxed items
        {"separately_taxed.private_pension_withdrawal", {{"rate", R}}, false, true},
        {"separately_taxed.equity_incentives", {}, /*required=*/false, /*period_required=*/true},
        {"separately_taxed.severance", {{"exempt_multiple", N, true, 1, 100}}},
        {"separately_taxed.early_retirement", {{"annual_deduction", M}}},
        {"separately_taxed.annuity_payouts", {{"quarterly_months", N, true, 1, 12}}, /*required=*/false},
        {"separately_taxed.internal_retirement", {}, /*required=*/false},
        // payroll: what "income" means in the exemption's income_max test
        {"reconciliation.exemption_income_test", {{"income_basis", T}}, /*required=*/false},
        // payroll: the cumulative withholding method and its later refinements
        {"cumulative_withholding.method", {}, /*required=*/false, /*period_required=*/true},
        {"cumulative_withholding.first_wages_this_year", {{"deduction_from_month", N, true, 1, 12}}, false, true},
        {"cumulative_withholding.continuous_labour", {{"income_share", R}}, false, true},
        {"cumulative_withholding.commission_agents", {{"income_share", R}, {"business_cost_share", R}}, false, true},
        // business income: the halving for individual businesses (个体工商户)
        {"business.individual_business_halving", {{"ceiling", M}, {"reduction", R}}, false, true},
        {"cumulative_withholding.prior_year_low_income", {{"up_front_deduction", M}, {"prior_year_income_max", M}}, false, true},
    };
    (void)T;
    return specs;
}

}  // namespace libtax
