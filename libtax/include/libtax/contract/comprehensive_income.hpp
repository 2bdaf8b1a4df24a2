// libtax/contract/comprehensive_income.hpp - the declared input of annual_tax (and of the bonus
// comparison): a resident's comprehensive income of the year, IIT Law art. 6(1)(1): receipts of
// the four items (plus agents' commissions) less the special, special additional and other
// deductions. The struct is libtax/comprehensive/annual_tax.hpp's ComprehensiveIncome.
#pragma once

#include "libtax/comprehensive/annual_tax.hpp"
#include "libtax/contract/field.hpp"

namespace libtax::contract {

/// The receipts and deductions shared by every comprehensive-income input, reached from `Owner`
/// through the member pointer chain `To` (to a ComprehensiveIncome).
template <class Owner, auto... To>
std::vector<Field<Owner>> comprehensive_fields() {
    using CI = ComprehensiveIncome;
    using CR = ComprehensiveReceipts;
    return {
        {"wages", Kind::money, &at<To..., &CI::receipts, &CR::wages>, "0", false, "wages and salaries of the year (工资薪金), gross", "field.wages", "income"},
        {"labour", Kind::money, &at<To..., &CI::receipts, &CR::labour>, "0", false, "labour remuneration (劳务报酬), gross", "field.labour", "income"},
        {"author", Kind::money, &at<To..., &CI::receipts, &CR::author>, "0", false, "author's remuneration (稿酬), gross", "field.author", "income"},
        {"royalties", Kind::money, &at<To..., &CI::receipts, &CR::royalties>, "0", false, "royalties (特许权使用费), gross", "field.royalties", "income"},
        {"commissions", Kind::money, &at<To..., &CI::receipts, &CR::commissions>, "0", false,
         "insurance agents' / securities brokers' commissions (佣金收入), VAT excluded", "field.commissions", "income"},
        {"social_insurance", Kind::money, &at<To..., &CI::social_insurance>, "0", false,
         "special deductions (专项扣除): pension, medical, unemployment, housing fund", "field.social_insurance", "deductions"},
        {"special_additional", Kind::money, &at<To..., &CI::special_additional>, "0", false,
         "special additional deductions (专项附加扣除), total for the year", "field.special_additional", "deductions"},
        {"other_deductions", Kind::money, &at<To..., &CI::other_deductions>, "0", false,
         "other deductions set by law (commercial health insurance, private pension, ...)", "field.other_deductions", "deductions"},
    };
}

inline const Declaration<ComprehensiveIncome>& comprehensive_income() {
    static const Declaration<ComprehensiveIncome> d{"comprehensive_income", comprehensive_fields<ComprehensiveIncome>()};
    return d;
}

}  // namespace libtax::contract
