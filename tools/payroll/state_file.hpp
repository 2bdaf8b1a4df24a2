// tools/payroll/state_file.hpp - the year so far at one withholding agent, carried from one
// payroll run to the next: per employee the terms of the run and the cumulative figures of the
// cumulative method (STA Announcement 2018 No. 61 art. 6) after the last period withheld.
//
// Text, UTF-8, one line per employee, amounts in whole fen (exact, no rounding on the way):
//   libtax-payroll state,1
//   year,2024
//   period,2                      the last calendar month this agent ran
//   employee,first_month,...      the column header (state_columns below)
//   E001,1,0,0,2,0,6000000,...
//   end,<number of employees>     a truncated file is refused
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <libtax/payroll/withholding_run.hpp>
#include <libtax/tables/tables.hpp>

#include "input_text.hpp"

namespace payroll {

struct EmployeeState {
    std::string id;
    libtax::WithholdingState state;
    std::int64_t private_pension = 0;  ///< cumulative private pension claimed (template layout), fen
};

/// start_withholding() for each combination of terms once (12 x 2 x 2 of them): a run with a
/// million employees checks the rules in force 48 times, not a million.
class StartedRuns {
public:
    const libtax::WithholdingState& start(const libtax::TaxYear& t, const libtax::WithholdingTerms& terms) {
        auto& s = started_[terms.first_month & 15][terms.first_wages_this_year][terms.prior_year_low_income];
        if (!s || s->year != t.year) s = libtax::start_withholding(t, terms);
        return *s;
    }

private:
    std::optional<libtax::WithholdingState> started_[16][2][2];
};

struct StateFile {
    int year = 0;
    int period = 0;                        ///< last calendar month run; 0: none yet
    std::vector<EmployeeState, LargeAllocator<EmployeeState>> employees;  ///< in the state file's order, new employees after them
};

/// Reads and checks a state file (an id given twice is found by the run that indexes it) (InputProblem naming the state file's line and column); every
/// employee's state is checked against the rules in force in `tables` for its year.
StateFile read_state(const std::string& path, const libtax::Tables& tables);

/// The state file's text.
Text state_text(const StateFile& s);
/// The same text in pieces: appended to `out`, which `flush` is given (to write out and clear)
/// whenever it holds `piece` bytes or more, and once at the end.
void write_state_text(const StateFile& s, Text& out, std::size_t piece, const std::function<void(Text&)>& flush);

}  // namespace payroll
