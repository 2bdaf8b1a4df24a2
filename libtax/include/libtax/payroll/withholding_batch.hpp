// libtax/payroll/withholding_batch.hpp - cumulative withholding of wages (累计预扣法, STA
// Announcement 2018 No. 61 art. 6) for many employees at once, in integer fen.
//
//   for each employee and each month k = 1.. at the agent (calendar month first_month + k - 1):
//   cumulative taxable = cumulative wages - cumulative exempt income - monthly basic deduction x k
//                        - cumulative social insurance, special additional and other deductions
//   cumulative tax     = comprehensive_annual on it, rounded half-up to the fen
//   this month         = max(cumulative tax - withheld in the earlier months, 0)
//
// The same arithmetic as withhold_month() (payroll/withholding_run.hpp) for the wages of an
// employee whose terms are the defaults (no first-wages-this-year or prior-year-low-earner rule,
// no bonus, no tax reductions): every value comes from the TaxYear, the rules in force are checked
// once for every month of the call, and each row gives the fen withhold_month() gives. The tax
// of a cumulative taxable amount T (whole fen) on the bracket with rate rn / R and quick
// deduction Q is round_half_up((T x rn - Q x R) / R): the core bracket kernel's rule
// (core/bracket_kernel.hpp) on its own integers, computed by one multiplication for T x rn below
// 2^53 (HalfUpDivisor, core/rounding.hpp) and by the kernel's apply() beyond. Nothing is
// allocated per row.
//
// Input is row-major: rows x months amounts in fen, one row per employee; a null column is zeros.
// A negative amount, an amount or cumulative sum beyond Money's range, or exempt income above the
// month's wages stops the block at that row and names row, month, field and value (Fault), as the
// scalar call refuses them; the caller writes nothing then.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "libtax/core/rounding.hpp"
#include "libtax/payroll/withholding_run.hpp"

namespace libtax {

/// The amount columns of a block, each rows x months fen, row-major; null means zeros.
struct WithholdingColumns {
    const std::int64_t* wage = nullptr;
    const std::int64_t* exempt_income = nullptr;
    const std::int64_t* social_insurance = nullptr;
    const std::int64_t* special_additional = nullptr;
    const std::int64_t* other_deductions = nullptr;
};

/// Why a row of a batch was refused.
struct WithholdingFault {
    enum class Why { none, negative, out_of_range, cumulative_out_of_range, exempt_above_pay } why = Why::none;
    long row = -1;          ///< row within the block
    int month = 0;          ///< calendar month
    const char* field = ""; ///< wage, exempt_income, social_insurance, special_additional, other_deductions
    std::int64_t fen = 0;   ///< the value refused (the month's amount)

    std::string problem() const {
        switch (why) {
            case Why::negative: return "must not be negative";
            case Why::out_of_range: return "beyond the supported range of +/-10^15 yuan";
            case Why::cumulative_out_of_range: return "the cumulative amount is beyond the supported range of +/-10^15 yuan";
            case Why::exempt_above_pay: return "more than the month's pay";
            default: return "";
        }
    }
    /// The error the scalar call raises for it; `where` says which row (e.g. "row 7, month 3").
    [[noreturn]] void raise(const std::string& where) const {
        const std::string value = Money::max_fen >= fen && fen >= -Money::max_fen ? Money::fen(fen).str() : std::to_string(fen) + " fen";
        if (why == Why::out_of_range || why == Why::cumulative_out_of_range) throw RangeError(field, value, where + ": " + problem());
        throw InputError(field, value, where + ": " + problem());
    }
};

class WithholdingBatch {
public:
    /// Checks the rules in force for months first_month .. first_month + months - 1 of year `t`.
    WithholdingBatch(const TaxYear& t, int first_month, int months) : first_month_(first_month), months_(months) {
        WithholdingTerms terms;
        terms.first_month = first_month;
        start_withholding(t, terms);  // first_month 1-12, the cumulative method in force
        if (months < 1 || first_month + months - 1 > 12)
            throw InputError("months", std::to_string(months) + " months",
                             "starting at month " + std::to_string(first_month) + " expected 1 to " + std::to_string(13 - first_month) + " months");
        for (int m = first_month; m < first_month + months; ++m)
            detail::rule_in_force(t, t.rules().withholding_method, detail::first_day(t.year, m), "cumulative_withholding",
                                  "the cumulative withholding method (STA Ann. 2018 No. 61)");
        monthly_basic_ = t.rules().basic_monthly.value.fen();
        plan_brackets(t.comprehensive_annual().kernel());
    }

    int first_month() const { return first_month_; }
    int months() const { return months_; }

    /// Rows [0, rows) of a block: out[r x months + k] = fen withheld in month k of row r.
    /// Returns -1, or the first refused row (fault says why; rows from it on are not written).
    long run(const WithholdingColumns& in, std::size_t rows, std::int64_t* out, WithholdingFault& fault) const {
        const std::size_t m = static_cast<std::size_t>(months_), per_chunk = std::max<std::size_t>(1, kChunk / m);
        for (std::size_t r = 0; r < rows; r += per_chunk) {
            const std::size_t len = std::min(per_chunk, rows - r);
            if (chunk(in, r * m, len, out + r * m)) continue;
            for (std::size_t k = r; k < r + len; ++k) {  // a row to refuse, or amounts near the range's end
                const std::size_t at = k * m;
                if (!row(in, at, out + at)) {
                    fault = find_fault(in, at);
                    fault.row = static_cast<long>(k);
                    return fault.row;
                }
            }
        }
        return -1;
    }

private:
    static constexpr std::size_t kChunk = 1024;  ///< cells computed together (stack buffers, L1)
    static constexpr std::int64_t kSmall = Money::max_fen / 12;  ///< 12 of these stay in Money's range

    /// Rows of a chunk in four flat passes (the month's net amount, its cumulative sum less the
    /// basic deduction, the tax on every cell, the running maximum of the cumulative tax), none
    /// of them branching per cell: withheld in month k = W_k - W_(k-1) with W_k = max(W_(k-1),
    /// tax_k), which is max(tax_k - withheld before, 0). False when an amount is negative, at
    /// least max_fen / 12, or exempt income exceeds the month's wage: row() then redoes the rows.
    bool chunk(const WithholdingColumns& in, std::size_t at, std::size_t len, std::int64_t* out) const {
        if (fast_limit_ == 0) return false;  // a table beyond the integer path
        const std::size_t m = static_cast<std::size_t>(months_), n = len * m;
        std::int64_t net[kChunk];
        std::uint64_t big = 0;
        bool exempt_above = false;
        static const std::int64_t zeros[kChunk] = {};
        const auto col = [&](const std::int64_t* p) { return p ? p + at : zeros; };
        const std::int64_t *wp = col(in.wage), *ep = col(in.exempt_income), *sp = col(in.social_insurance);
        const std::int64_t *ap = col(in.special_additional), *op = col(in.other_deductions);
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t w = wp[i], e = ep[i], s = sp[i], a = ap[i], o = op[i];
            big |= static_cast<std::uint64_t>(w) | static_cast<std::uint64_t>(e) | static_cast<std::uint64_t>(s) |
                   static_cast<std::uint64_t>(a) | static_cast<std::uint64_t>(o);
            exempt_above |= e > w;
            net[i] = w - e - s - a - o;
        }
        if (big >= static_cast<std::uint64_t>(kSmall) || exempt_above) return false;
        for (std::size_t r = 0; r < n; r += m) {
            std::int64_t sum = 0;
            for (std::size_t k = 0; k < m; ++k) {
                sum += net[r + k] - monthly_basic_;
                net[r + k] = sum;
            }
        }
        bool slow = false;
        for (std::size_t i = 0; i < n; ++i) {
            slow |= net[i] >= fast_limit_;
            net[i] = fast_tax(net[i]);
        }
        if (slow) return false;
        for (std::size_t r = 0; r < n; r += m) {
            std::int64_t most = 0;
            for (std::size_t k = 0; k < m; ++k) {
                const std::int64_t now = net[r + k] > most ? net[r + k] - most : 0;
                most += now;
                out[r + k] = now;
            }
        }
        return true;
    }

    /// The integer path's tax on t fen, branch-free: t <= 0 is nothing taxable; t at or above
    /// fast_limit_ gives a meaningless value the caller discards.
    std::int64_t fast_tax(std::int64_t t) const {
        const std::int64_t x = t > 0 && t < fast_limit_ ? t : 0;
        std::size_t i = 0;
        if (steps_.size() <= 8) {  // bounds8_: the upper bounds padded to 8 with INT64_MAX
            i += static_cast<std::size_t>(bounds8_[3] < x) * 4;
            i += static_cast<std::size_t>(bounds8_[i + 1] < x) * 2;
            i += static_cast<std::size_t>(bounds8_[i] < x);
        } else {
            for (std::size_t j = 0; j + 1 < steps_.size(); ++j) i += steps_[j].upto < x;
        }
        const Step& s = steps_[i];
        const std::int64_t num = x * s.rn - s.quick_r;
        return static_cast<std::int64_t>(div_.round_half_up(static_cast<std::uint64_t>(num > 0 ? num : 0)));
    }

    static std::int64_t get(const std::int64_t* p, std::size_t i) { return p ? p[i] : 0; }
    static bool bad(std::int64_t v) { return static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(Money::max_fen); }

    /// One employee's months; false (nothing trusted) when an input needs refusing.
    bool row(const WithholdingColumns& in, std::size_t at, std::int64_t* out) const {
        std::int64_t pay = 0, exempt = 0, deductions = 0, withheld = 0, basic = 0;
        std::int64_t si = 0, sa = 0, other = 0;
        for (int k = 0; k < months_; ++k) {
            const std::size_t i = at + static_cast<std::size_t>(k);
            const std::int64_t w = get(in.wage, i), e = get(in.exempt_income, i);
            const std::int64_t s = get(in.social_insurance, i), a = get(in.special_additional, i), o = get(in.other_deductions, i);
            if (bad(w) | bad(e) | bad(s) | bad(a) | bad(o) | (e > w)) return false;
            pay += w;  // sums of at most 12 amounts within Money's range stay far inside 64 bits
            exempt += e;
            si += s;
            sa += a;
            other += o;
            basic += monthly_basic_;
            if (bad(pay)) return false;
            deductions = exempt + basic + si + sa + other;
            const std::int64_t due = tax_of(pay - deductions) - withheld;
            const std::int64_t now = due > 0 ? due : 0;
            withheld += now;
            out[k] = now;
        }
        return !(bad(exempt) | bad(si) | bad(sa) | bad(other));
    }

    /// The scalar call's first refusal in a refused row (the order withhold_month checks in).
    WithholdingFault find_fault(const WithholdingColumns& in, std::size_t at) const {
        using Why = WithholdingFault::Why;
        const struct {
            const std::int64_t* p;
            const char* name;
        } cols[5] = {{in.wage, "wage"},
                     {in.exempt_income, "exempt_income"},
                     {in.social_insurance, "social_insurance"},
                     {in.special_additional, "special_additional"},
                     {in.other_deductions, "other_deductions"}};
        std::int64_t sums[5] = {};
        WithholdingFault f;
        for (int k = 0; k < months_; ++k) {
            const std::size_t i = at + static_cast<std::size_t>(k);
            f.month = first_month_ + k;
            for (const auto& c : cols) {
                f.field = c.name;
                f.fen = get(c.p, i);
                if (f.fen > Money::max_fen || f.fen < -Money::max_fen) return f.why = Why::out_of_range, f;
                if (f.fen < 0) return f.why = Why::negative, f;
            }
            if (get(in.exempt_income, i) > get(in.wage, i))
                return f.field = "exempt_income", f.fen = get(in.exempt_income, i), f.why = Why::exempt_above_pay, f;
            for (int c = 0; c < 5; ++c) {
                sums[c] += get(cols[c].p, i);
                if (sums[c] > Money::max_fen) return f.field = cols[c].name, f.fen = get(cols[c].p, i), f.why = Why::cumulative_out_of_range, f;
            }
        }
        return f;
    }

    /// Tax on a cumulative taxable amount of t fen (t may be <= 0: nothing taxable).
    std::int64_t tax_of(std::int64_t t) const {
        if (t <= 0) return 0;
        if (t >= fast_limit_) return kernel_->apply(t).rounded().fen();
        return fast_tax(t);
    }

    /// The core kernel's brackets (core/bracket_kernel.hpp) with the rates over one common
    /// denominator R (at least 2) and quick deductions x R; T x rn below 2^53 takes the integer
    /// path. A table whose values do not fit leaves fast_limit_ at 0, so every amount goes
    /// through the kernel's apply().
    void plan_brackets(const BracketKernel& kernel) {
        kernel_ = &kernel;
        std::int64_t r = 2;
        for (const KernelBracket& b : kernel.brackets()) {
            r = std::lcm(r, b.rate_den);
            if (r > 1'000'000 || r <= 0) return;
        }
        std::int64_t max_rn = 1;
        for (const KernelBracket& b : kernel.brackets()) {
            Step s;
            s.upto = b.upto_fen;
            s.rn = b.rate_num * (r / b.rate_den);
            if (s.rn < 0 || b.quick_fen < 0 || b.quick_fen > (std::int64_t{1} << 52) / r) return;
            s.quick_r = b.quick_fen * r;
            max_rn = std::max(max_rn, s.rn);
            steps_.push_back(s);
        }
        if (steps_.empty()) return;
        for (std::size_t j = 0; j < 8; ++j) bounds8_[j] = j + 1 < steps_.size() ? steps_[j].upto : std::numeric_limits<std::int64_t>::max();
        div_ = HalfUpDivisor(static_cast<std::uint64_t>(r));
        fast_limit_ = ((std::int64_t{1} << 53) - 1) / max_rn;
    }

    struct Step {
        std::int64_t upto = 0;  ///< inclusive upper bound in fen (INT64_MAX for the top bracket)
        std::int64_t rn = 0;    ///< rate x R
        std::int64_t quick_r = 0;
    };

    const BracketKernel* kernel_ = nullptr;
    int first_month_, months_;
    std::int64_t monthly_basic_ = 0;
    std::vector<Step> steps_;
    std::int64_t bounds8_[8] = {};
    HalfUpDivisor div_;
    std::int64_t fast_limit_ = 0;
};

}  // namespace libtax
