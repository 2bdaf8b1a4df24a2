// libtax/core/bracket_kernel.hpp - the one bracket arithmetic: a progressive schedule applied in
// integers (IIT Law Annex Tables 1 and 2; the monthly and prepayment tables of MOF/STA
// Announcement 2018 No. 61 and 2023 No. 30 have the same shape).
//
// The taxable amount is an exact count of 1/D fen, t = n / d (d = 1 for whole fen; d is the
// common denominator of income-amount shares or a pro-ration). The bracket holding t is found by
// comparison in integers, following the statutory wording "over X up to Y":
//
//   bracket i holds t  <=>  over_i x d < n <= upto_i x d          (the first bracket: 0 < n)
//   tax before rounding = (n x rate_num - quick x d x rate_den) / (d x rate_den)  fen
//   tax                 = round_half_up of that (core/rounding.hpp), never below zero
//
// Every scalar calculator's bracket arithmetic goes through BracketSchedule (tables/), which
// holds one of these; the batch's vector code (bindings/batch) computes the same rule in lanes
// and is tested against it. Products are overflow-checked (RangeError), never wrapped.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "libtax/core/checked_int128.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rounding.hpp"

namespace libtax {

/// One bracket in integers.
struct KernelBracket {
    std::int64_t upto_fen = std::numeric_limits<std::int64_t>::max();  ///< inclusive upper bound; max: none
    std::int64_t rate_num = 0, rate_den = 1;                            ///< the rate, reduced
    std::int64_t quick_fen = 0;                                         ///< quick deduction
};

/// The bracket that applied and the exact tax before rounding, as an unreduced fraction.
struct KernelHit {
    int index = -1;             ///< 0-based; -1 when nothing is taxable (t <= 0)
    detail::int128 num = 0;     ///< tax before rounding = num / den fen (may be negative)
    detail::int128 den = 1;

    /// tax x factor rounded half-up to the fen, never below zero (factor 6: the non-resident
    /// bonus spread over six months, taxed six times).
    Money rounded(std::int64_t factor = 1) const {
        if (index < 0 || num <= 0) return Money();
        return round_half_up(factor == 1 ? num : detail::mul(num, factor), den);
    }
};

class BracketKernel {
public:
    BracketKernel() = default;
    explicit BracketKernel(std::vector<KernelBracket> brackets) : brackets_(std::move(brackets)) {}

    const std::vector<KernelBracket>& brackets() const noexcept { return brackets_; }

    /// The bracket holding n / d fen (d > 0); -1 when n <= 0.
    int index_of(detail::int128 n, detail::int128 d = 1) const {
        if (n <= 0 || brackets_.empty()) return -1;
        const std::size_t last = brackets_.size() - 1;
        if (d == 1 && n <= std::numeric_limits<std::int64_t>::max()) {  // whole fen: 64-bit comparisons
            const auto t = static_cast<std::int64_t>(n);
            for (std::size_t i = 0; i < last; ++i)
                if (t <= brackets_[i].upto_fen) return static_cast<int>(i);
            return static_cast<int>(last);
        }
        for (std::size_t i = 0; i < last; ++i)
            if (n <= detail::mul(brackets_[i].upto_fen, d)) return static_cast<int>(i);
        return static_cast<int>(last);
    }

    /// The rate and quick deduction of bracket `index` applied to `base` = m / d fen.
    KernelHit tax_in(int index, detail::int128 m, detail::int128 d = 1) const {
        KernelHit h;
        if (index < 0) return h;
        const KernelBracket& b = brackets_[static_cast<std::size_t>(index)];
        h.index = index;
        h.den = detail::mul(d, b.rate_den);
        h.num = detail::sub(detail::mul(m, b.rate_num), detail::mul(b.quick_fen, h.den));
        return h;
    }

    /// tax on t = n / d fen: the bracket holding t, its rate and quick deduction.
    KernelHit apply(detail::int128 n, detail::int128 d = 1) const { return tax_in(index_of(n, d), n, d); }

    /// The annual-bonus rule: the bracket is chosen by `selector` (bonus / 12), its rate and
    /// quick deduction apply to `base` (the whole bonus); both as count / denominator fen.
    KernelHit apply_selected(detail::int128 sel_n, detail::int128 sel_d, detail::int128 base_n, detail::int128 base_d) const {
        return tax_in(index_of(sel_n, sel_d), base_n, base_d);
    }

private:
    std::vector<KernelBracket> brackets_;
};

}  // namespace libtax
