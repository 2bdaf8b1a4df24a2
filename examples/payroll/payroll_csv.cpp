// payroll_csv - monthly withholding for a payroll file, by the cumulative method.
//
//   payroll_csv INPUT.csv OUTPUT.csv [--tables DIR]
//
// INPUT: one row per employee per month, comma-separated (RFC 4180: a cell may be quoted, "" is a
// quote inside a quoted cell; a quoted cell may not span lines), a header row naming the columns
// (any order). Amounts are yuan ("12345.67", no thousands separators).
//   employee               required  an id (quoted if it holds a comma or a quote)
//   year                   required  tax year, e.g. 2024
//   month                  required  calendar month 1-12; an employee's months must go forward
//                                    (a skipped month is a month employed without pay: it still
//                                    counts for the basic deduction)
//   wage                   required  wages paid that month, without an annual bonus
//   exempt_income          optional  the tax-exempt part of the wage
//   social_insurance       optional  special deductions (employee social insurance, housing fund)
//   special_additional     optional  special additional deductions claimed that month
//   other_deductions       optional  other deductions
//   tax_reductions         optional  tax reductions of the month
//   bonus                  optional  annual one-time bonus paid that month
//   bonus_method           optional  separate (default) or merged
//   first_wages_this_year  optional  1 on the employee's first row: first wages of the year (STA 2020 No. 13)
//   prior_year_low_income  optional  1 on the employee's first row: prior-year low earner (STA 2020 No. 19)
//                                    (later rows: empty, or the same value as the first row)
// An employee's first row starts employment at this agent (its month is the first month).
// Empty cells mean 0.
//
// OUTPUT: one row per input row, in input order (the employee id quoted as in RFC 4180 when it
// holds a comma, a quote or a line break):
//   employee,year,month,withheld,pay_withholding,bonus_withholding,cumulative_taxable,cumulative_tax,cumulative_withheld
//
// A bad row stops the run with "INPUT:LINE: column NAME: problem" on stderr and exit code 1, and
// leaves no output file: rows are written to a temporary file beside the output, fsynced and
// renamed into place at the end (then the directory is fsynced); on every error, and on SIGINT,
// SIGTERM or SIGHUP, the temporary file is removed.
// Employee ids are trimmed of surrounding spaces; an output path naming the input is refused; a
// read error is an error, not the end of the file. For monthly runs carried forward from one
// period to the next, the withholding client's template, GB18030 and atomic fsynced outputs, use
// the installed program libtax-payroll (tools/payroll/).
#include <libtax/libtax.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace libtax;

namespace {

struct RowError {
    long line;
    std::string column;
    std::string problem;
};

struct Employee {
    WithholdingState state;
    bool first_wages = false, low_income = false;
};

enum Col { employee, year, month, wage, exempt_income, social_insurance, special_additional, other_deductions, tax_reductions,
           bonus, bonus_method, first_wages_this_year, prior_year_low_income, n_cols };
const char* const col_names[n_cols] = {"employee", "year", "month", "wage", "exempt_income", "social_insurance",
                                       "special_additional", "other_deductions", "tax_reductions", "bonus", "bonus_method",
                                       "first_wages_this_year", "prior_year_low_income"};

/// The output's temporary file: written through a buffer, fsynced before the rename, and removed
/// by the destructor (every error path) or by a signal handler (SIGINT, SIGTERM, SIGHUP) unless
/// committed.
char tmp_for_signals[4096];
std::atomic<bool> tmp_armed{false};

extern "C" void remove_tmp_and_reraise(int sig) {
    if (tmp_armed.load()) ::unlink(tmp_for_signals);  // async-signal-safe
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

class TempOutput {
public:
    /// Creates the temporary file (never an existing one); false if it cannot.
    bool open(const std::string& final_path) {
        final_ = final_path;
        path_ = final_path + ".tmp." + std::to_string(::getpid());
        if (path_.size() < sizeof tmp_for_signals) {
            std::memcpy(tmp_for_signals, path_.c_str(), path_.size() + 1);
            tmp_armed.store(true);
            for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_tmp_and_reraise);
        }
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd_ < 0) tmp_armed.store(false);
        created_ = fd_ >= 0;
        return created_;
    }
    const std::string& path() const { return path_; }
    void write(std::string_view s) {
        buf_.append(s);
        if (buf_.size() >= (1 << 16)) flush();
    }
    /// Writes the rest, fsyncs, renames onto the output and fsyncs its directory (RowError on failure).
    void commit(long line) {
        flush();
        if (::fsync(fd_) != 0) fail(line, "fsync of " + path_);
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail(line, "closing " + path_);
        if (std::rename(path_.c_str(), final_.c_str()) != 0) fail(line, "cannot rename " + path_ + " to " + final_);
        tmp_armed.store(false);
        committed_ = true;
        const std::size_t slash = final_.rfind('/');
        const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : final_.substr(0, slash));
        const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {  // the rename made durable; the output is in place already
            ::fsync(dfd);
            ::close(dfd);
        }
    }
    ~TempOutput() {
        if (fd_ >= 0) ::close(fd_);
        if (created_ && !committed_) ::unlink(path_.c_str());
        tmp_armed.store(false);
    }

private:
    [[noreturn]] void fail(long line, const std::string& what) { throw RowError{line, "(output)", what + ": " + std::strerror(errno)}; }
    void flush() {
        const char* p = buf_.data();
        std::size_t left = buf_.size();
        while (left > 0) {
            const ssize_t n = ::write(fd_, p, left);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail(0, "writing " + path_);
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
        buf_.clear();
    }
    std::string final_, path_, buf_;
    int fd_ = -1;
    bool created_ = false, committed_ = false;
};

/// Splits one line into cells (RFC 4180 quoting). A quote inside an unquoted cell, text after a
/// closing quote, or a quoted cell left open at the end of the line is a RowError.
void split(std::string_view line, long line_no, std::vector<std::string>& out) {
    out.clear();
    std::size_t i = 0;
    while (true) {
        std::string cell;
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size())
                    throw RowError{line_no, "(row)", "cell " + std::to_string(out.size() + 1) +
                                                         ": quoted cell not closed on this line (cells may not span lines)"};
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                cell += line[i++];
            }
            if (i < line.size() && line[i] != ',')
                throw RowError{line_no, "(row)", "cell " + std::to_string(out.size() + 1) + ": text after a closing quote"};
        } else {
            const std::size_t comma = std::min(line.find(',', i), line.size());
            const std::string_view raw = line.substr(i, comma - i);
            if (raw.find('"') != std::string_view::npos)
                throw RowError{line_no, "(row)", "cell " + std::to_string(out.size() + 1) + ": a quote in an unquoted cell"};
            cell.assign(raw);
            i = comma;
        }
        out.push_back(std::move(cell));
        if (i >= line.size()) return;
        ++i;  // the comma
    }
}

/// A cell for the output file: quoted (quotes doubled) when it holds a comma, quote or line break.
std::string csv_cell(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + '"';
}

int whole_number(std::string_view s, long line, const char* col, int lo, int hi) {
    int v = 0;
    if (s.empty() || s.size() > 6) throw RowError{line, col, "expected a whole number, got '" + std::string(s) + "'"};
    for (char c : s) {
        if (c < '0' || c > '9') throw RowError{line, col, "expected a whole number, got '" + std::string(s) + "'"};
        v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi) throw RowError{line, col, std::string(s) + " is not between " + std::to_string(lo) + " and " + std::to_string(hi)};
    return v;
}

bool flag(std::string_view s, long line, const char* col) {
    if (s.empty() || s == "0" || s == "false") return false;
    if (s == "1" || s == "true") return true;
    throw RowError{line, col, "expected 1 or 0, got '" + std::string(s) + "'"};
}

Money amount(std::string_view s, long line, const char* col) {
    if (s.empty()) return Money();
    try {
        const Money m = Money::parse(s, col);
        if (m.is_negative()) throw RowError{line, col, "must not be negative (" + m.str() + ")"};
        return m;
    } catch (const Error& e) {
        throw RowError{line, col, e.what()};
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 && !(argc == 5 && std::string(argv[3]) == "--tables")) {
        std::cerr << "usage: payroll_csv INPUT.csv OUTPUT.csv [--tables DIR]\n";
        return 2;
    }
    const std::string in_path = argv[1], out_path = argv[2];
    struct stat in_st {}, out_st {};
    if (::stat(in_path.c_str(), &in_st) == 0 && ::stat(out_path.c_str(), &out_st) == 0 && in_st.st_dev == out_st.st_dev &&
        in_st.st_ino == out_st.st_ino) {
        std::cerr << "payroll_csv: the output " << out_path << " is the input; write to another file\n";
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    std::shared_ptr<const Tables> tables;
    try {
        tables = argc == 5 ? Tables::load(argv[4]) : Tables::builtin_shared();
    } catch (const Error& e) {
        std::cerr << "payroll_csv: " << e.what() << "\n";
        return 1;
    }
    std::ifstream in(in_path, std::ios::binary);
    if (!in) {
        std::cerr << "payroll_csv: cannot read " << in_path << "\n";
        return 1;
    }
    TempOutput out;
    if (!out.open(out_path)) {
        std::cerr << "payroll_csv: cannot write " << out.path() << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    long line_no = 0, rows = 0;
    try {
        std::string line;
        std::vector<std::string> cells;
        int where[n_cols];
        for (int& w : where) w = -1;
        if (!std::getline(in, line)) throw RowError{1, "(header)", "the file is empty; expected a header row"};
        line_no = 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        split(line, 1, cells);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            int c = 0;
            while (c < n_cols && cells[i] != col_names[c]) ++c;
            if (c == n_cols) throw RowError{1, std::string(cells[i]), "unknown column"};
            if (where[c] >= 0) throw RowError{1, std::string(cells[i]), "column given twice"};
            where[c] = static_cast<int>(i);
        }
        for (int c : {employee, year, month, wage})
            if (where[c] < 0) throw RowError{1, col_names[c], "required column missing"};
        const std::size_t n_cells = cells.size();
        out.write("employee,year,month,withheld,pay_withholding,bonus_withholding,cumulative_taxable,cumulative_tax,cumulative_withheld\n");

        std::unordered_map<std::string, Employee> staff;
        const TaxYear* year_table = nullptr;
        int year_cached = -1;
        auto cell = [&](int c) { return where[c] < 0 ? std::string_view() : std::string_view(cells[static_cast<std::size_t>(where[c])]); };
        while (std::getline(in, line)) {
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) continue;
            split(line, line_no, cells);
            if (cells.size() != n_cells)
                throw RowError{line_no, "(row)", std::to_string(cells.size()) + " cells, the header has " + std::to_string(n_cells)};
            std::string_view id = cell(employee);
            while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
            while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) id.remove_suffix(1);
            if (id.empty()) throw RowError{line_no, "employee", "empty"};
            const int y = whole_number(cell(year), line_no, "year", 0, 9999);
            if (y != year_cached) {
                try {
                    year_table = &tables->year(y);
                } catch (const Error& e) {
                    throw RowError{line_no, "year", e.what()};
                }
                year_cached = y;
            }
            MonthInput m;
            m.month = whole_number(cell(month), line_no, "month", 1, 12);
            m.pay = amount(cell(wage), line_no, "wage");
            m.exempt_income = amount(cell(exempt_income), line_no, "exempt_income");
            m.social_insurance = amount(cell(social_insurance), line_no, "social_insurance");
            m.special_additional = amount(cell(special_additional), line_no, "special_additional");
            m.other_deductions = amount(cell(Col::other_deductions), line_no, "other_deductions");
            m.tax_reductions = amount(cell(tax_reductions), line_no, "tax_reductions");
            m.bonus = amount(cell(bonus), line_no, "bonus");
            const std::string_view method = cell(bonus_method);
            if (method == "merged") m.bonus_method = BonusMethod::merged;
            else if (!method.empty() && method != "separate")
                throw RowError{line_no, "bonus_method", "expected separate or merged, got '" + std::string(method) + "'"};
            const bool fw = flag(cell(first_wages_this_year), line_no, "first_wages_this_year");
            const bool lo = flag(cell(prior_year_low_income), line_no, "prior_year_low_income");

            auto it = staff.find(std::string(id));
            if (it == staff.end()) {
                WithholdingTerms terms;
                terms.first_month = m.month;
                terms.first_wages_this_year = fw;
                terms.prior_year_low_income = lo;
                Employee e;
                try {
                    e.state = start_withholding(*year_table, terms);
                } catch (const InputError& err) {
                    throw RowError{line_no, err.field(), err.what()};
                }
                e.first_wages = fw;
                e.low_income = lo;
                it = staff.emplace(std::string(id), std::move(e)).first;
            } else {
                if (it->second.state.year != y) throw RowError{line_no, "year", "employee " + std::string(id) + " has rows of another tax year"};
                if (!cell(first_wages_this_year).empty() && fw != it->second.first_wages)
                    throw RowError{line_no, "first_wages_this_year", "differs from the employee's first row (leave it empty after the first row)"};
                if (!cell(prior_year_low_income).empty() && lo != it->second.low_income)
                    throw RowError{line_no, "prior_year_low_income", "differs from the employee's first row (leave it empty after the first row)"};
            }
            MonthResult r;
            try {
                r = withhold_month(*year_table, it->second.state, m);
            } catch (const InputError& err) {
                throw RowError{line_no, err.field(), err.what()};
            }
            it->second.state = r.state;
            out.write(csv_cell(id) + ',' + std::to_string(y) + ',' + std::to_string(m.month) + ',' + r.withheld.str() + ',' +
                      r.pay_withholding.str() + ',' + r.bonus_withholding.str() + ',' + round_half_up(r.cumulative_taxable).str() + ',' +
                      r.cumulative_tax.str() + ',' + r.state.withheld.str() + '\n');
            ++rows;
        }
        if (in.bad()) throw RowError{line_no + 1, "(input)", "reading " + in_path + " failed"};
        out.commit(line_no);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();  // timing only, not money
        std::cerr << "payroll_csv: " << rows << " rows, " << staff.size() << " employees, " << secs << " s\n";
    } catch (const RowError& e) {  // the temporary file is removed by out's destructor, here and below
        std::cerr << in_path << ":" << e.line << ": column " << e.column << ": " << e.problem << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << in_path << ":" << line_no << ": " << e.what() << "\n";
        return 1;
    } catch (...) {
        std::cerr << in_path << ":" << line_no << ": unexpected error\n";
        return 1;
    }
    return 0;
}
