// libtax/tables/bracket_schedule.hpp - a progressive rate schedule with quick deductions.
//
// Brackets follow the statutory wording: the first is "not exceeding X", the others "over X up
// to Y", so a bracket's lower bound is exclusive and its upper bound inclusive (over < t <= upto).
// tax(t) = t * rate - quick for the bracket holding t; zero when t <= 0. The arithmetic is the
// integer kernel of core/bracket_kernel.hpp, built from the brackets once when the schedule is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libtax/core/bracket_kernel.hpp"
#include "libtax/core/exact.hpp"
#include "libtax/core/legal_source.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/trace.hpp"

namespace libtax {

struct Bracket {
    Money over;                 ///< exclusive lower bound
    std::optional<Money> upto;  ///< inclusive upper bound; none for the top bracket
    Rate rate;
    Money quick;  ///< quick deduction (速算扣除数)
    int line = 0; ///< line in the table file
};

/// Which bracket applied and the exact tax it gives.
struct BracketHit {
    const Bracket* bracket = nullptr;  ///< null when the taxable amount is <= 0
    int index = -1;                    ///< 0-based
    KernelHit exact;                   ///< the kernel's tax before rounding (num / den fen)

    /// The exact tax before rounding (may be negative below a quick deduction).
    Exact tax() const { return bracket ? Exact::fen_fraction(exact.num, exact.den) : Exact(); }
    /// The bracket's rate and quick deduction (zero when nothing is taxable).
    Rate rate() const { return bracket ? bracket->rate : Rate(); }
    Money quick() const { return bracket ? bracket->quick : Money(); }
    /// tax x factor, never below zero, rounded to the fen by the one rounding rule
    /// (core/rounding.hpp); factor 6 for the non-resident bonus spread over six months.
    Money rounded_tax(std::int64_t factor = 1) const { return exact.rounded(factor); }
};

class BracketSchedule {
public:
    BracketSchedule() = default;
    BracketSchedule(std::string name, std::vector<Bracket> brackets, LegalSource source)
        : name_(std::move(name)), brackets_(std::move(brackets)), source_(std::move(source)), kernel_(kernel_of(brackets_)) {}

    const std::string& name() const noexcept { return name_; }
    const std::vector<Bracket>& brackets() const noexcept { return brackets_; }
    const LegalSource& source() const noexcept { return source_; }

    /// The integer arithmetic of this schedule (core/bracket_kernel.hpp).
    const BracketKernel& kernel() const noexcept { return kernel_; }

    /// The bracket holding `t` (t is compared exactly, e.g. a bonus divided by 12).
    int index_of(const Exact& t) const { return kernel_.index_of(t.num(), t.den()); }
    /// tax = t * rate - quick on the bracket holding t; zero for t <= 0.
    BracketHit apply(const Exact& t) const { return hit(kernel_.apply(t.num(), t.den())); }
    /// tax on t = n / d fen, for callers that keep a common denominator instead of an Exact.
    BracketHit apply(detail::int128 n, detail::int128 d) const { return hit(kernel_.apply(n, d)); }
    /// The annual-bonus rule on a whole-fen bonus: bonus / divisor selects, the bonus is taxed.
    BracketHit kernel_hit_selected(std::int64_t bonus_fen, std::int64_t divisor) const {
        return hit(kernel_.apply_selected(bonus_fen, divisor, bonus_fen, 1));
    }
    /// Applies the rate and quick deduction of the bracket chosen by `selector` to `base`
    /// (the annual-bonus rule: bonus/12 selects, the whole bonus is taxed, quick once).
    BracketHit apply_selected(const Exact& selector, const Exact& base) const {
        return hit(kernel_.apply_selected(selector.num(), selector.den(), base.num(), base.den()));
    }
    /// The top statutory rate.
    Rate top_rate() const { return brackets_.empty() ? Rate() : brackets_.back().rate; }

    /// The legal source of the schedule, pointing at the line of bracket `index`.
    std::string cite(int index) const { return source_of(index).cite(); }
    /// "bracket 2 of comprehensive_annual: over 36000.00 up to 144000.00, rate 10%, quick 2520.00"
    std::string describe(int index) const {
        if (index < 0) return name_ + ": nothing taxable";
        const Bracket& b = brackets_[static_cast<std::size_t>(index)];
        return name_ + " bracket " + std::to_string(index + 1) + " (over " + b.over.str() +
               (b.upto ? " up to " + b.upto->str() : std::string(", no upper bound")) + "): rate " +
               b.rate.percent() + ", quick deduction " + b.quick.str();
    }

    /// The legal source of bracket `index` (the schedule's source at that bracket's line).
    LegalSource source_of(int index) const {
        LegalSource s = source_;
        if (index >= 0) s.line = brackets_[static_cast<std::size_t>(index)].line;
        return s;
    }
    /// The message id describing bracket `index` (bracket.describe, .describe_top or
    /// .nothing_taxable) and its arguments: schedule, number, over, upto, rate, quick.
    const char* describe_id(int index) const {
        if (index < 0) return "bracket.nothing_taxable";
        return brackets_[static_cast<std::size_t>(index)].upto ? "bracket.describe" : "bracket.describe_top";
    }
    TraceArgs describe_args(int index) const {
        if (index < 0) return {{"schedule", message_id("schedule." + name_)}};
        const Bracket& b = brackets_[static_cast<std::size_t>(index)];
        return {{"schedule", message_id("schedule." + name_)},
                {"number", std::to_string(index + 1)},
                {"over", b.over.str()},
                {"upto", b.upto ? b.upto->str() : std::string()},
                {"rate", b.rate.percent()},
                {"quick", b.quick.str()}};
    }
    /// Records the bracket that applied as step `id`: the value describes it, the basis is the
    /// bracket's line in the table.
    void trace_bracket(Trace& trace, std::string id, int index) const {
        trace.step(std::move(id), message_id(describe_id(index)), {}, describe_args(index), source_of(index));
    }

    /// The usual closing steps: the bracket (with its table line), then the tax as
    /// `formula` ({taxable} x {rate} - {quick} by default, more arguments in `extra`), or
    /// "nothing is taxable". Step ids: bracket.step, bracket.tax.
    void trace_tax(Trace& trace, int index, std::string taxable, Money tax, const char* formula = "bracket.tax.formula",
                   TraceArgs extra = {}) const {
        if (index < 0) {
            trace.step("bracket.tax", tax.str(), "bracket.tax.nothing_taxable");
            return;
        }
        trace_bracket(trace, "bracket.step", index);
        const Bracket& b = brackets_[static_cast<std::size_t>(index)];
        extra.push_back({"taxable", std::move(taxable)});
        extra.push_back({"rate", b.rate.percent()});
        extra.push_back({"quick", b.quick.str()});
        trace.step("bracket.tax", tax.str(), formula, std::move(extra));
    }

private:
    BracketHit hit(const KernelHit& k) const {
        if (k.index < 0) return {};
        return {&brackets_[static_cast<std::size_t>(k.index)], k.index, k};
    }
    static BracketKernel kernel_of(const std::vector<Bracket>& brackets) {
        std::vector<KernelBracket> out;
        for (const Bracket& b : brackets) {
            KernelBracket k;
            if (b.upto) k.upto_fen = b.upto->fen();
            k.rate_num = b.rate.num();
            k.rate_den = b.rate.den();
            k.quick_fen = b.quick.fen();
            out.push_back(k);
        }
        return BracketKernel(std::move(out));
    }

    std::string name_;
    std::vector<Bracket> brackets_;
    LegalSource source_;
    BracketKernel kernel_;
};

}  // namespace libtax
