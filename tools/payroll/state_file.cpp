// tools/payroll/state_file.cpp - see state_file.hpp.
#include "state_file.hpp"

#include <algorithm>
#include <string_view>
#include <optional>
#include <vector>

#include "input_text.hpp"

namespace payroll {

namespace {

const char* const magic = "libtax-payroll state,1";
const char* const columns =
    "employee,first_month,first_wages_this_year,prior_year_low_income,last_month,bonus_taxed_separately,wages,exempt_income,"
    "social_insurance,special_additional,other_deductions,tax_reductions,withheld,bonus_withheld,bonus_separate,private_pension";
constexpr std::size_t n_columns = 16;

/// The state file's lines, read a piece at a time (never held in whole).
struct Lines {
    explicit Lines(const std::string& path) : chunks(path) {}
    LineChunks chunks;
    std::string_view piece;
    std::size_t at = 0;
    long number = 0;
    bool next(std::string_view& line) {
        if (at >= piece.size()) {
            if (!chunks.next(piece)) return false;
            at = 0;
        }
        const std::size_t end = std::min(piece.find('\n', at), piece.size());
        line = piece.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        at = end + 1;
        ++number;
        return true;
    }
};

/// The shortest line of an employee: a one-byte id, fifteen one-digit cells, the line feed.
constexpr std::size_t kShortestRow = 1 + 15 * 2 + 1;

std::int64_t fen_of(std::string_view s, long line, const char* column) {
    if (s.empty() || s.size() > 18) throw InputProblem{line, column, "payroll.problem.fen", {{"value", std::string(s)}}};
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') throw InputProblem{line, column, "payroll.problem.fen", {{"value", std::string(s)}}};
        v = v * 10 + (c - '0');
    }
    if (v > libtax::Money::max_fen) throw InputProblem{line, column, "payroll.problem.fen_range", {{"value", std::string(s)}}};
    return v;
}

/// An employee's line as the program writes it, read in one pass: a plain id (no quote), then
/// 15 cells of digits only, each within its column's range. False for anything else (spaces,
/// quotes, a cell out of range, too few or too many cells): the line is then read the long way,
/// which names the problem. `small` gets first_month, the two terms, last_month and
/// bonus_taxed_separately; `fen` the ten amounts.
bool plain_row(std::string_view line, int period, std::string_view& id, int (&small)[5], std::int64_t (&fen)[10]) {
    const char* p = line.data();
    const char* const end = p + line.size();
    const char* c = p;
    while (c != end && *c != ',' && *c != '"') ++c;
    if (c == end || *c != ',') return false;
    id = std::string_view(p, static_cast<std::size_t>(c - p));
    if (id.empty() || trim(id).size() != id.size()) return false;
    p = c + 1;
    for (int i = 0; i < 15; ++i) {
        // at most one digit more than the cell may have is read: 19 digits, below 2^64, no overflow
        const std::ptrdiff_t most = i < 5 ? 6 : 18;
        const char* const start = p;
        const char* const stop = end - p > most ? p + most + 1 : end;
        std::uint64_t v = 0;
        while (p != stop && static_cast<unsigned>(*p - '0') < 10) v = v * 10 + static_cast<unsigned>(*p++ - '0');
        const std::ptrdiff_t digits = p - start;
        if (digits == 0 || digits > most) return false;
        if (i < 14 ? (p == end || *p != ',') : p != end) return false;
        ++p;
        if (i < 5) small[i] = static_cast<int>(v);
        else if (v > static_cast<std::uint64_t>(libtax::Money::max_fen)) return false;
        else fen[i - 5] = static_cast<std::int64_t>(v);
    }
    return small[0] >= 1 && small[0] <= 12 && small[1] <= 1 && small[2] <= 1 && small[3] >= small[0] && small[3] <= period &&
           small[4] <= 1;
}

}  // namespace

StateFile read_state(const std::string& path, const libtax::Tables& tables) {
    Lines in(path);
    std::string_view line;
    auto expect = [&](const char* id) {  // payroll.problem.state_early_*: what was expected
        if (!in.next(line)) throw InputProblem{in.number + 1, "(state)", id};
    };
    expect("payroll.problem.state_early_magic");
    if (line != magic) throw InputProblem{in.number, "(state)", "payroll.problem.state_magic", {{"line", std::string(line.substr(0, 40))}}};
    StateFile s;
    // room for as many employees as the file could hold: address space only, the pages are
    // faulted in as the employees are read (and the run's new employees fit after them)
    s.employees.reserve(in.chunks.file_size() / kShortestRow + 1);
    s.ids.reserve(in.chunks.file_size() / 4 + 64);
    expect("payroll.problem.state_early_year");
    if (line.substr(0, 5) != "year,") throw InputProblem{in.number, "year", "payroll.problem.state_year_line"};
    s.year = whole_number(line.substr(5), in.number, "year", 0, 9999);
    const libtax::TaxYear* table = nullptr;
    try {
        table = &tables.year(s.year);
    } catch (const libtax::Error& e) {
        throw InputProblem{in.number, "year", "payroll.problem.library", {{"error", error_argument(e)}}};
    }
    expect("payroll.problem.state_early_period");
    if (line.substr(0, 7) != "period,") throw InputProblem{in.number, "period", "payroll.problem.state_period_line"};
    s.period = whole_number(line.substr(7), in.number, "period", 1, 12);
    expect("payroll.problem.state_early_header");
    if (line != columns) throw InputProblem{in.number, "(header)", "payroll.problem.state_columns", {{"columns", columns}}};
    std::vector<std::string_view> cells;
    std::string scratch;
    StartedRuns started;
    while (true) {
        expect("payroll.problem.state_early_end");
        if (line.substr(0, 4) == "end,") {
            const std::int64_t count = fen_of(line.substr(4), in.number, "end");
            if (static_cast<std::size_t>(count) != s.employees.size())
                throw InputProblem{in.number, "end", "payroll.problem.state_count", {{"count", std::to_string(count)}, {"have", std::to_string(s.employees.size())}}};
            if (in.next(line) && !line.empty()) throw InputProblem{in.number, "(state)", "payroll.problem.state_after_end"};
            return s;
        }
        const long n = in.number;
        std::string_view id;
        int small[5];
        std::int64_t v[10];
        if (!plain_row(line, s.period, id, small, v)) {  // the long way, naming what is wrong
            split_cells(line, in.number, cells, scratch);
            if (cells.size() != n_columns)
                throw InputProblem{in.number, "(row)", "payroll.problem.state_cells", {{"cells", std::to_string(cells.size())}, {"expected", std::to_string(n_columns)}}};
            if (cells[0].empty()) throw InputProblem{n, "employee", "payroll.problem.empty"};
            id = cells[0];
            small[0] = whole_number(cells[1], n, "first_month", 1, 12);
            small[1] = whole_number(cells[2], n, "first_wages_this_year", 0, 1);
            small[2] = whole_number(cells[3], n, "prior_year_low_income", 0, 1);
            small[4] = -1;  // last_month and the rest are read once the terms are checked
        }
        EmployeeState& e = s.add(id);
        auto who = [&] { return std::string(s.id(e)); };
        libtax::WithholdingTerms terms;
        terms.first_month = small[0];
        terms.first_wages_this_year = small[1] == 1;
        terms.prior_year_low_income = small[2] == 1;
        try {
            started.start(*table, terms);
        } catch (const libtax::Error& err) {
            InputProblem p{n, "employee " + who(), "payroll.problem.library", {{"error", error_argument(err)}}};
            p.column_zh = "员工 " + who();
            throw p;
        }
        e.first_month = static_cast<std::int8_t>(terms.first_month);
        e.first_wages_this_year = terms.first_wages_this_year;
        e.prior_year_low_income = terms.prior_year_low_income;
        if (small[4] < 0) {  // the long way, in the order the checks were always made
            e.last_month = static_cast<std::int8_t>(whole_number(cells[4], n, "last_month", terms.first_month, s.period));
            e.bonus_taxed_separately = whole_number(cells[5], n, "bonus_taxed_separately", 0, 1) == 1;
            const char* names[] = {"wages", "exempt_income", "social_insurance", "special_additional", "other_deductions",
                                   "tax_reductions", "withheld", "bonus_withheld", "bonus_separate", "private_pension"};
            for (std::size_t i = 0; i < 10; ++i) v[i] = fen_of(cells[6 + i], n, names[i]);
        } else {
            e.last_month = static_cast<std::int8_t>(small[3]);
            e.bonus_taxed_separately = small[4] == 1;
        }
        e.gross = v[0];
        e.exempt_income = v[1];
        e.social_insurance = v[2];
        e.special_additional = v[3];
        e.other_deductions = v[4];
        e.tax_reductions = v[5];
        e.withheld = v[6];
        e.bonus_withheld = v[7];
        e.bonus_separate = v[8];
        e.private_pension = v[9];
        if (e.exempt_income > e.gross) throw InputProblem{n, "exempt_income", "payroll.problem.state_exempt", {{"employee", who()}}};
        if (e.private_pension > v[4]) throw InputProblem{n, "private_pension", "payroll.problem.state_pension", {{"employee", who()}}};
        if (e.bonus_taxed_separately != (e.bonus_separate != 0))
            throw InputProblem{n, "bonus_taxed_separately", "payroll.problem.state_bonus", {{"employee", who()}}};
    }
}

Text state_text(const StateFile& s) {
    Text out(256 + s.employees.size() * 112);
    write_state_text(s, out, static_cast<std::size_t>(-1), [](Text&) {});
    return out;
}

void write_state_text(const StateFile& s, Text& out, std::size_t piece, const std::function<void(Text&)>& flush) {
    out += magic;
    out += "\nyear,";
    append_int(out, s.year);
    out += "\nperiod,";
    append_int(out, s.period);
    out += '\n';
    out += columns;
    out += '\n';
    // an employee's fifteen numbers: room for them once (at most 21 bytes each with the comma),
    // then written forward
    constexpr std::size_t kLineRoom = 15 * 21 + 1;
    for (const EmployeeState& e : s.employees) {
        append_cell(out, s.id(e));
        char* const start = out.room(kLineRoom);
        char* p = start;
        auto num = [&p](std::int64_t v) {
            *p++ = ',';
            std::uint64_t u = static_cast<std::uint64_t>(v);
            if (v < 0) *p++ = '-', u = 0 - u;
            p += decimal_digits(u);
            detail::digits_before(p, u);
        };
        num(e.first_month);
        num(e.first_wages_this_year);
        num(e.prior_year_low_income);
        num(e.last_month);
        num(e.bonus_taxed_separately);
        for (std::int64_t fen : {e.gross, e.exempt_income, e.social_insurance, e.special_additional, e.other_deductions,
                                 e.tax_reductions, e.withheld, e.bonus_withheld, e.bonus_separate})
            num(fen);
        num(e.private_pension);
        *p++ = '\n';
        out.commit(static_cast<std::size_t>(p - start));
        if (out.size() >= piece) flush(out);
    }
    out += "end,";
    append_int(out, static_cast<std::int64_t>(s.employees.size()));
    out += '\n';
    flush(out);
}

}  // namespace payroll
