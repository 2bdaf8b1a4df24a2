// tools/payroll/period_run.hpp - one payroll run of libtax-payroll: a period's file (or, in the
// English layout, consecutive months) withheld by the cumulative method on top of the state the
// previous run wrote, producing per-row results and the new state. Nothing is written unless
// every row computed (see atomic_output.hpp).
#pragma once

#include <iosfwd>
#include <string>

#include "input_text.hpp"

namespace payroll {

struct Options {
    std::string input, output;      ///< the payroll file; the results CSV
    std::string state_in;           ///< the previous period's state ("" = none)
    std::string state_out;          ///< the new state ("" = not written)
    int period_year = 0, period_month = 0;  ///< --period YYYY-MM (required for the template layout)
    std::string tables;             ///< --tables DIR ("" = built in)
    bool strict = false;            ///< unknown columns are errors
    bool first_run = false;         ///< no previous state on purpose: employees start at their first row
    Encoding encoding = Encoding::automatic;
    std::string language = "en";    ///< the messages' language: zh, en or both (messages.hpp)
};

/// Runs one period; returns the exit status (0 done, 2 bad input, 1 a fault), messages on `log`
/// in `options.language`.
int run_period(const Options& options, std::ostream& log);

}  // namespace payroll
