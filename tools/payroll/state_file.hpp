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

/// One employee's state, compact (96 bytes instead of a WithholdingState's 160 and more: a
/// million of them are faulted in by every run): the terms and the cumulative figures in whole
/// fen, the id kept in its StateFile's `ids` (StateFile::id()). expand() gives the
/// WithholdingState withhold_month() continues from, keep() takes the one it returns.
struct EmployeeState {
    std::int64_t gross = 0, exempt_income = 0, social_insurance = 0, special_additional = 0, other_deductions = 0,
                 tax_reductions = 0, withheld = 0, bonus_withheld = 0, bonus_separate = 0;
    std::int64_t private_pension = 0;  ///< cumulative private pension claimed (template layout), fen
    std::uint32_t id_at = 0, id_size = 0;  ///< the id: bytes [id_at, id_at + id_size) of StateFile::ids
    std::int8_t first_month = 1, last_month = 0;
    bool first_wages_this_year = false, prior_year_low_income = false, bonus_taxed_separately = false;

    libtax::WithholdingTerms terms() const {
        libtax::WithholdingTerms t;
        t.first_month = first_month;
        t.first_wages_this_year = first_wages_this_year;
        t.prior_year_low_income = prior_year_low_income;
        return t;
    }
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

/// The WithholdingState of `e` in year `t` (its terms checked once per combination by `started`):
/// wages only, so the cumulative income amount is the cumulative gross pay.
inline libtax::WithholdingState expand(const EmployeeState& e, StartedRuns& started, const libtax::TaxYear& t) {
    libtax::WithholdingState w = started.start(t, e.terms());
    w.last_month = e.last_month;
    w.gross = libtax::Money::fen(e.gross);
    w.income = libtax::Exact(w.gross);
    w.exempt_income = libtax::Money::fen(e.exempt_income);
    w.social_insurance = libtax::Money::fen(e.social_insurance);
    w.special_additional = libtax::Money::fen(e.special_additional);
    w.other_deductions = libtax::Money::fen(e.other_deductions);
    w.tax_reductions = libtax::Money::fen(e.tax_reductions);
    w.withheld = libtax::Money::fen(e.withheld);
    w.bonus_withheld = libtax::Money::fen(e.bonus_withheld);
    w.bonus_separate = libtax::Money::fen(e.bonus_separate);
    w.bonus_taxed_separately = e.bonus_taxed_separately;
    return w;
}

/// Keeps the figures of `w` (the state withhold_month() returned) in `e`. False if `w` holds
/// what the compact state cannot (an income amount other than the gross pay: not wages).
inline bool keep(EmployeeState& e, const libtax::WithholdingState& w) {
    if (w.income != libtax::Exact(w.gross)) return false;
    e.last_month = static_cast<std::int8_t>(w.last_month);
    e.gross = w.gross.fen();
    e.exempt_income = w.exempt_income.fen();
    e.social_insurance = w.social_insurance.fen();
    e.special_additional = w.special_additional.fen();
    e.other_deductions = w.other_deductions.fen();
    e.tax_reductions = w.tax_reductions.fen();
    e.withheld = w.withheld.fen();
    e.bonus_withheld = w.bonus_withheld.fen();
    e.bonus_separate = w.bonus_separate.fen();
    e.bonus_taxed_separately = w.bonus_taxed_separately;
    return true;
}

struct StateFile {
    int year = 0;
    int period = 0;                        ///< last calendar month run; 0: none yet
    std::vector<EmployeeState, LargeAllocator<EmployeeState>> employees;  ///< in the state file's order, new employees after them
    Text ids;                              ///< every employee's id, one after the other

    std::string_view id(const EmployeeState& e) const { return {ids.data() + e.id_at, e.id_size}; }
    /// A new employee (after the others) with this id.
    EmployeeState& add(std::string_view id) {
        EmployeeState& e = employees.emplace_back();
        e.id_at = static_cast<std::uint32_t>(ids.size());  // ids of at most two files of 1 GiB each
        e.id_size = static_cast<std::uint32_t>(id.size());
        ids.append(id);
        return e;
    }
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
