// libtax/contract/month_input.hpp - the declared input of one month of cumulative withholding
// (累计预扣法, STA Ann. 2018 No. 61 art. 6): the month's pay, its exempt part, the deductions
// claimed, tax reductions and an annual bonus paid that month with its method (Caishui [2018]
// 164 item 1). The struct is libtax/payroll/withholding_run.hpp's MonthInput; `wage` is the
// contract's name of MonthInput::pay (continuous labour remuneration is given as `labour`).
#pragma once

#include "libtax/contract/field.hpp"
#include "libtax/payroll/withholding_run.hpp"

namespace libtax::contract {

inline const Declaration<MonthInput>& month_input() {
    using M = MonthInput;
    static const Declaration<M> d{
        "month_input",
        {
            {"month", Kind::count, &at<&M::month>, "None", false, "calendar month 1-12 (lists: given by position)", "field.month", "calendar"},
            {"wage", Kind::money, &at<&M::pay>, "0", false, "wages of the month, without an annual bonus", "field.wage", "pay"},
            {"exempt_income", Kind::money, &at<&M::exempt_income>, "0", false, "the tax-exempt part of the pay", "field.exempt_income", "pay"},
            {"social_insurance", Kind::money, &at<&M::social_insurance>, "0", false, "special deductions of the month (employee share)",
             "field.social_insurance", "deductions"},
            {"special_additional", Kind::money, &at<&M::special_additional>, "0", false, "special additional deductions claimed this month",
             "field.special_additional", "deductions"},
            {"other_deductions", Kind::money, &at<&M::other_deductions>, "0", false, "other deductions set by law claimed this month",
             "field.other_deductions", "deductions"},
            {"tax_reductions", Kind::money, &at<&M::tax_reductions>, "0", false, "tax reductions (减免税额) of the month",
             "field.tax_reductions", "deductions"},
            {"bonus", Kind::money, &at<&M::bonus>, "0", false, "annual one-time bonus paid this month (0: none)", "field.bonus", "pay"},
            {"bonus_method", Kind::enumeration, enum_at<&M::bonus_method>(), "'separate'", false,
             "how that bonus is taxed: separately on the monthly-converted table, or merged into the wages", "field.bonus_method", "pay",
             "separate,merged"},
        }};
    return d;
}

}  // namespace libtax::contract
