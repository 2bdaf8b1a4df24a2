// libtax/contract/reconciliation_input.hpp - the declared input of the annual reconciliation
// (汇算清缴, IIT Law art. 11; STA Ann. 2019 No. 44): all payers' comprehensive income and
// deductions, what was prepaid, the annual bonus and tax reductions. The struct is
// libtax/payroll/reconciliation.hpp's ReconciliationInput.
#pragma once

#include "libtax/contract/comprehensive_income.hpp"
#include "libtax/payroll/reconciliation.hpp"

namespace libtax::contract {

inline const Declaration<ReconciliationInput>& reconciliation_input() {
    static const Declaration<ReconciliationInput> d{"reconciliation_input", [] {
        using RI = ReconciliationInput;
        auto f = comprehensive_fields<RI, &RI::income>();
        f.push_back({"prepaid", Kind::money, &at<&RI::prepaid>, "0", false,
                     "all tax withheld or prepaid on it in the year, including tax withheld on the bonus", "field.prepaid", "withheld"});
        f.push_back({"bonus", Kind::money, &at<&RI::annual_bonus>, "0", false,
                     "annual one-time bonus of the year (not inside wages); the cheaper treatment is taken", "field.bonus", "income"});
        f.push_back({"tax_reductions", Kind::money, &at<&RI::tax_reductions>, "0", false, "tax reductions (减免税额) of the year",
                     "field.tax_reductions", "withheld"});
        f.push_back({"agent_failed_to_withhold", Kind::flag, &at<&RI::agent_failed_to_withhold>, "False", false,
                     "a withholding agent did not withhold as required (no exemption)", "field.agent_failed_to_withhold", "withheld"});
        return f;
    }()};
    return d;
}

}  // namespace libtax::contract
