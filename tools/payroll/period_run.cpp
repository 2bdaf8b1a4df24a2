// tools/payroll/period_run.cpp - see period_run.hpp.
#include "period_run.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <sstream>
#include <vector>

#include <libtax/libtax.hpp>

#include "atomic_output.hpp"
#include "layout.hpp"
#include "messages.hpp"
#include "state_file.hpp"

namespace payroll {

namespace {

using libtax::Money;

const char* const results_header =
    "employee,year,month,withheld,pay_withholding,bonus_withholding,cumulative_taxable,cumulative_tax,cumulative_withheld\n";

std::string period_name(int year, int month) {
    return std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month);
}

/// Refuses outputs that would overwrite an input or each other.
void check_paths(const Options& o) {
    for (const std::string* out : {&o.output, &o.state_out}) {
        if (out->empty()) continue;
        for (const std::string* in : {&o.input, &o.state_in})
            if (!in->empty() && (*out == *in || same_file(*out, *in)))
                throw InputProblem{0, "(arguments)", "payroll.problem.output_is_input", {{"output", *out}, {"input", *in}}};
    }
    if (!o.state_out.empty() && (o.output == o.state_out || same_file(o.output, o.state_out)))
        throw InputProblem{0, "(arguments)", "payroll.problem.results_are_state", {{"path", o.output}}};
}

/// Employees by id: open addressing over a flat array of positions in the state's vector (a
/// payroll run looks up every row; a node-based map spends most of the run chasing pointers at a
/// million employees).
class EmployeeIndex {
public:
    explicit EmployeeIndex(const StateFile& state) : state_(state) {}
    ~EmployeeIndex() { free_large(slots_, size_ * sizeof(Slot)); }
    EmployeeIndex(const EmployeeIndex&) = delete;
    EmployeeIndex& operator=(const EmployeeIndex&) = delete;
    void reserve(std::size_t n) {
        std::size_t size = 16;
        while (size < n * 2) size *= 2;
        if (size <= size_) return;
        Slot* const old = slots_;
        const std::size_t old_size = size_;
        // zeroed by the kernel (or calloc), not filled again: a free slot is all zero bits
        slots_ = static_cast<Slot*>(allocate_large_zeroed(size * sizeof(Slot)));
        size_ = size;
        for (std::size_t i = 0; i < old_size; ++i)
            if (old[i].position) place(old[i]);
        free_large(old, old_size * sizeof(Slot));
    }
    /// The employee's position in the state, or -1.
    long find(std::string_view id, std::uint64_t h) const {
        for (std::size_t i = h & (size_ - 1);; i = (i + 1) & (size_ - 1)) {
            const Slot& s = slots_[i];
            if (!s.position) return -1;
            if (s.hash == static_cast<std::uint32_t>(h) && state_.id(state_.employees[s.position - 1]) == id) return static_cast<long>(s.position - 1);
        }
    }
    void insert(std::size_t position, std::uint64_t h) {
        if ((count_ + 1) * 2 > size_) reserve(count_ + 1);
        place(Slot{static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(position + 1)});
        ++count_;
    }
    /// insert() unless an employee of the same id is in the index already (then false): one
    /// probe for both.
    bool insert_unique(std::size_t position, std::uint64_t h) {
        if ((count_ + 1) * 2 > size_) reserve(count_ + 1);
        const std::string_view id = state_.id(state_.employees[position]);
        std::size_t i = h & (size_ - 1);
        for (; slots_[i].position; i = (i + 1) & (size_ - 1))
            if (slots_[i].hash == static_cast<std::uint32_t>(h) && state_.id(state_.employees[slots_[i].position - 1]) == id) return false;
        slots_[i] = Slot{static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(position + 1)};
        ++count_;
        return true;
    }
    /// Asks for the slot of hash `h` ahead of its use (the index is far larger than the caches:
    /// a run that inserts a million employees waits for memory, one miss at a time, otherwise).
    void prefetch(std::uint64_t h) const { __builtin_prefetch(slots_ + (h & (size_ - 1)), 1); }
    static std::uint64_t hash(std::string_view id) {
        std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, then a final mix
        for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ULL;
        return h ^ (h >> 32);
    }

private:
    /// 8 bytes (a million employees' index is 16 MB to fault in, not 32): the hash's low 32
    /// bits (the table never has more than 2^31 slots) and the position (a state file of at most
    /// 1 GiB holds far fewer than 2^32 employees).
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t position = 0;  ///< 1 + the position in the state; 0: free
    };
    void place(const Slot& s) {
        std::size_t i = s.hash & (size_ - 1);
        while (slots_[i].position) i = (i + 1) & (size_ - 1);
        slots_[i] = s;
    }
    const StateFile& state_;
    Slot* slots_ = nullptr;
    std::size_t size_ = 0;
    std::size_t count_ = 0;
};

class Run {
public:
    Run(const Options& o, const libtax::Tables& tables) : o_(o), tables_(tables) {}

    void load_state() {
        if (o_.state_in.empty()) return;
        state_ = read_state(o_.state_in, tables_);
        const std::size_t n = state_.employees.size();
        index_.reserve(n);
        // the slots are asked for kAhead employees ahead of their insertion
        constexpr std::size_t kAhead = 16;
        std::uint64_t hashes[kAhead];
        auto hash_of = [&](std::size_t i) {
            const std::uint64_t h = EmployeeIndex::hash(state_.id(state_.employees[i]));
            index_.prefetch(h);
            return h;
        };
        for (std::size_t i = 0; i < std::min(n, kAhead); ++i) hashes[i] = hash_of(i);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t h = hashes[i % kAhead];
            if (i + kAhead < n) hashes[i % kAhead] = hash_of(i + kAhead);
            if (!index_.insert_unique(i, h))
                throw InputProblem{0, "employee", "payroll.problem.state_twice", {{"employee", std::string(state_.id(state_.employees[i]))}}};
        }
    }

    void compute(Utf8Pieces& text) {
        std::string_view piece;  // whole lines of the decoded text
        std::size_t at = 0;
        long line_no = 0;
        std::string_view line;
        bool terminated = false;  // the line is followed by its line end in the piece
        std::vector<std::string_view> cells;
        std::string scratch;
        auto next = [&] {
            if (at >= piece.size()) {
                if (!text.next(piece, line_no)) return false;  // every line so far ended with a line feed
                at = 0;
            }
            const std::size_t end = std::min(piece.find('\n', at), piece.size());
            terminated = end < piece.size();
            line = piece.substr(at, end - at);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            at = end + 1;
            ++line_no;
            return true;
        };
        if (!next()) throw InputProblem{1, "(header)", "payroll.problem.empty_file"};
        split_cells(line, 1, cells, scratch);
        std::vector<std::string> unknown;
        const Layout layout = Layout::from_header(cells, unknown);
        for (const std::string& u : unknown) {
            if (o_.strict) throw InputProblem{1, u, "payroll.problem.unknown_column"};
            unknown_columns_.push_back(u);
        }
        if (layout.is_template() && o_.period_month == 0)
            throw InputProblem{0, "--period", "payroll.problem.no_period"};
        // room in the index for every row's employee (most are in the state already; it grows if not)
        index_.reserve(std::max(state_.employees.size(), text.estimated_lines()));
        if (state_.employees.empty()) {  // the first run: room for the file's employees (address space only)
            state_.employees.reserve(text.estimated_lines() + text.estimated_lines() / 4);
            state_.ids.reserve(text.estimated_lines() * 16);
        }
        // the results go to their temporary file in pieces as they are computed
        results_file_ = out_.open(o_.output);
        results_.reserve(kPiece + 4096);
        results_ += results_header;
        PayRow row;
        while (next()) {
            if (line.empty()) continue;
            bool plain = false;
            try {
                plain = layout.read_plain(line, terminated, line_no, o_.period_year, o_.period_month, row);
            } catch (const InputProblem&) {
                // named by the long way below, which checks the row in its own order
            }
            if (!plain) {
                split_cells(line, line_no, cells, scratch);
                layout.read(cells, line_no, o_.period_year, o_.period_month, row);
            }
            withhold(row, line_no, layout.is_template());
            ++rows_;
        }
        check_periods(layout.is_template());
        out_.write(results_file_, results_);
        results_.clear();
    }

    void publish() {
        if (!o_.state_out.empty()) {
            state_.year = year_;
            state_.period = last_period_;
            const std::size_t state_file = out_.open(o_.state_out);
            write_state_text(state_, results_, kPiece, [&](Text& piece) {
                out_.write(state_file, piece);
                piece.clear();
            });
        }
        out_.commit();
    }

    /// The columns not known (without --strict: ignored, with a warning).
    const std::vector<std::string>& unknown_columns() const { return unknown_columns_; }
    long rows() const { return rows_; }
    std::size_t employees() const { return state_.employees.size(); }

private:
    const libtax::TaxYear& year_table(int year, long line) {
        if (year != year_) {
            if (year_ != 0)
                throw InputProblem{line, "year", "payroll.problem.one_tax_year", {{"year", std::to_string(year)}, {"first", std::to_string(year_)}}};
            if (!o_.state_in.empty() && year != state_.year)
                throw InputProblem{line, "year", "payroll.problem.state_tax_year",
                                   {{"year", std::to_string(year)}, {"state", o_.state_in}, {"state_year", std::to_string(state_.year)}}};
            try {
                table_ = &tables_.year(year);
            } catch (const libtax::Error& e) {
                throw InputProblem{line, "year", "payroll.problem.library", {{"error", error_argument(e)}}};
            }
            year_ = year;
        }
        return *table_;
    }

    EmployeeState& employee(const PayRow& row, long line) {
        // A period's file usually lists the employees in the order of the state (which is the
        // order of the earlier files): the one after the previous row's is tried first, with no
        // look-up in the index (a cache miss per row at a million employees). Ids are unique in
        // the state, so a match is the employee.
        if (next_ < state_.employees.size() && state_.id(state_.employees[next_]) == row.id) return state_.employees[next_++];
        const std::uint64_t h = EmployeeIndex::hash(row.id);
        if (const long known = index_.find(row.id, h); known >= 0) {
            next_ = static_cast<std::size_t>(known) + 1;
            return state_.employees[static_cast<std::size_t>(known)];
        }
        libtax::WithholdingTerms terms;
        terms.first_month = row.month;
        terms.first_wages_this_year = row.first_wages == 1;
        terms.prior_year_low_income = row.low_income == 1;
        try {
            started_.start(*table_, terms);
        } catch (const libtax::InputError& err) {
            throw InputProblem{line, err.field(), "payroll.problem.library", {{"error", error_argument(err)}}};
        }
        EmployeeState& e = state_.add(row.id);
        e.first_month = static_cast<std::int8_t>(terms.first_month);
        e.first_wages_this_year = terms.first_wages_this_year;
        e.prior_year_low_income = terms.prior_year_low_income;
        index_.insert(state_.employees.size() - 1, h);
        next_ = state_.employees.size();
        return e;
    }

    /// Problem `id` (payroll.problem.employee_*) of this employee and period, with `args`.
    [[noreturn]] void contradiction(const EmployeeState& e, const PayRow& row, long line, const std::string& column, const char* id,
                                    libtax::TraceArgs args = {}) {
        args.push_back({"employee", std::string(state_.id(e))});
        args.push_back({"period", period_name(row.year, row.month)});
        throw InputProblem{line, column, id, std::move(args)};
    }

    void withhold(const PayRow& row, long line, bool cumulative_claims) {
        const libtax::TaxYear& t = year_table(row.year, line);
        first_period_ = std::min(first_period_, row.month);
        last_period_ = std::max(last_period_, row.month);
        if (!o_.state_in.empty() && row.month <= state_.period)
            throw InputProblem{line, cumulative_claims ? "--period" : "month", "payroll.problem.row_already_run",
                               {{"state", o_.state_in}, {"state_period", period_name(state_.year, state_.period)}, {"period", period_name(row.year, row.month)}}};
        EmployeeState& e = employee(row, line);
        const libtax::WithholdingState s = expand(e, started_, t);
        if (s.last_month == row.month)
            contradiction(e, row, line, cumulative_claims ? "证件号码" : "employee", "payroll.problem.employee_twice");
        if (s.last_month > row.month)
            contradiction(e, row, line, "month", "payroll.problem.employee_month_back", {{"month", std::to_string(s.last_month)}});
        if (row.first_wages >= 0 && (row.first_wages == 1) != s.terms.first_wages_this_year)
            contradiction(e, row, line, "first_wages_this_year", "payroll.problem.employee_terms_differ");
        if (row.low_income >= 0 && (row.low_income == 1) != s.terms.prior_year_low_income)
            contradiction(e, row, line, "prior_year_low_income", "payroll.problem.employee_terms_differ");
        libtax::MonthInput m;
        m.month = row.month;
        std::int64_t special_additional = row.special_additional, other = row.other;
        if (cumulative_claims) {
            special_additional = row.cumulative_special_additional - s.special_additional.fen();
            if (special_additional < 0)
                contradiction(e, row, line, "累计子女教育..累计3岁以下婴幼儿照护", "payroll.problem.employee_special_additional_less",
                              {{"claimed", Money::fen(row.cumulative_special_additional).str()}, {"before", s.special_additional.str()}});
            const std::int64_t pension = row.cumulative_private_pension - e.private_pension;
            if (pension < 0)
                contradiction(e, row, line, "累计个人养老金", "payroll.problem.employee_private_pension_less",
                              {{"claimed", Money::fen(row.cumulative_private_pension).str()}, {"before", Money::fen(e.private_pension).str()}});
            other += pension;
        }
        try {
            m.pay = Money::fen(row.wage);
            m.exempt_income = Money::fen(row.exempt);
            m.social_insurance = Money::fen(row.social);
            m.special_additional = Money::fen(special_additional);
            m.other_deductions = Money::fen(other);
            m.tax_reductions = Money::fen(row.tax_reductions);
            m.bonus = Money::fen(row.bonus);
            m.bonus_method = row.bonus_merged ? libtax::BonusMethod::merged : libtax::BonusMethod::separate;
            const libtax::MonthResult r = libtax::withhold_month(t, s, m);
            if (!keep(e, r.state)) throw Fault{"payroll.fault.not_wages", {{"employee", std::string(state_.id(e))}}};
            if (cumulative_claims) e.private_pension = row.cumulative_private_pension;
            append_result(state_.id(e), row, r);
        } catch (const libtax::InputError& err) {
            contradiction(e, row, line, err.field(), "payroll.problem.employee_library", {{"error", error_argument(err)}});
        }
    }

    void append_result(std::string_view id, const PayRow& row, const libtax::MonthResult& r) {
        append_cell(results_, id);
        results_ += ',';
        append_int(results_, row.year);
        results_ += ',';
        append_int(results_, row.month);
        for (std::int64_t f : {r.withheld.fen(), r.pay_withholding.fen(), r.bonus_withholding.fen(),
                               libtax::round_half_up(r.cumulative_taxable).fen(), r.cumulative_tax.fen(), r.state.withheld.fen()}) {
            results_ += ',';
            append_yuan(results_, f);
        }
        results_ += '\n';
        if (results_.size() >= kPiece) {
            out_.write(results_file_, results_);
            results_.clear();
        }
    }

    /// The run continues the state's period, or starts the year on purpose.
    void check_periods(bool template_layout) {
        if (rows_ == 0) throw InputProblem{2, "(file)", "payroll.problem.no_rows"};
        const std::string where = template_layout ? "--period" : "month";
        if (!o_.state_in.empty()) {
            if (first_period_ != state_.period + 1)
                throw InputProblem{0, where, first_period_ <= state_.period ? "payroll.problem.run_already_run" : "payroll.problem.run_skips_period",
                                   {{"state", o_.state_in}, {"state_period", period_name(state_.year, state_.period)}, {"period", period_name(year_, first_period_)}}};
        } else if (first_period_ != 1 && !o_.first_run) {
            throw InputProblem{0, where, "payroll.problem.run_without_state", {{"period", period_name(year_, first_period_)}}};
        }
    }

    const Options& o_;
    const libtax::Tables& tables_;
    StateFile state_;
    StartedRuns started_;
    EmployeeIndex index_{state_};
    std::size_t next_ = 0;  ///< the employee expected on the next row (after the previous row's)
    const libtax::TaxYear* table_ = nullptr;
    int year_ = 0, first_period_ = 13, last_period_ = 0;
    long rows_ = 0;
    static constexpr std::size_t kPiece = std::size_t(1) << 20;  ///< bytes written at a time
    AtomicOutputs out_;           ///< the results and the state, published together by publish()
    std::size_t results_file_ = 0;
    Text results_;                ///< the piece not yet written
    std::vector<std::string> unknown_columns_;
};

}  // namespace

int run_period(const Options& o, std::ostream& log) {
    const auto started = std::chrono::steady_clock::now();
    std::string file = o.input;
    const std::string& lang = o.language;
    try {
        check_paths(o);
        std::shared_ptr<const libtax::Tables> tables;
        try {
            tables = o.tables.empty() ? libtax::Tables::builtin_shared() : libtax::Tables::load(o.tables);
        } catch (const libtax::Error& e) {
            throw InputProblem{0, "--tables", "payroll.problem.library", {{"error", error_argument(e)}}};
        }
        Encoding encoding = o.encoding;
        while (true) {
            Run run(o, *tables);
            file = o.state_in;
            run.load_state();
            file = o.input;
            Utf8Pieces text(o.input, encoding);
            try {
                run.compute(text);
            } catch (const Utf8Pieces::NotUtf8&) {
                // valid UTF-8 at first, not further on: GB18030 after all (the run's temporary
                // files are discarded with it; nothing was written)
                encoding = Encoding::gb18030;
                continue;
            }
            for (const std::string& u : run.unknown_columns())
                print(log, lang, "payroll.warning.unknown_column", {{"file", o.input}, {"column", u == "(empty header)" ? libtax::message_id("payroll.column.empty_header") : libtax::TraceText(u)}});
            run.publish();
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();  // timing only
            std::ostringstream seconds;
            seconds << secs;
            const std::string detected = text.detected();
            const char* encoding_id = detected == "GB18030" ? "payroll.encoding.gb18030"
                                      : detected == "UTF-8" ? "payroll.encoding.utf8" : "payroll.encoding.utf8_bom";
            print(log, lang, "payroll.summary",
                  {{"rows", std::to_string(run.rows())}, {"encoding", libtax::message_id(encoding_id)},
                   {"employees", std::to_string(run.employees())}, {"seconds", seconds.str()}});
            return 0;
        }
    } catch (const InputProblem& p) {
        for (const libtax::Catalogue* c : catalogues(lang)) log << problem_line(p, file, *c) << "\n";
        return 2;
    } catch (const Fault& f) {
        libtax::TraceArgs args = f.args;  // the fault's message is filled from them
        args.push_back({"message", libtax::message_id(f.id)});
        print(log, lang, "payroll.error.fault", args);
        return 1;
    } catch (const libtax::Error& e) {
        print(log, lang, "payroll.error.library", {{"file", file}, {"error", error_argument(e)}});
        return 2;
    } catch (const std::exception& e) {
        print(log, lang, "payroll.error.internal", {{"message", e.what()}});
        return 1;
    }
}

}  // namespace payroll
