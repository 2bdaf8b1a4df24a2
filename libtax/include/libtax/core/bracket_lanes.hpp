// libtax/core/bracket_lanes.hpp - the bracket kernel's rule (core/bracket_kernel.hpp) for many
// amounts at once, written once over a number type (IIT Law Annex Table 1, as BracketKernel).
//
// The batch (bindings/batch) computes BracketKernel::apply with bracket_tax_lanes below:
// the schedule brought to one denominator (CommonSchedule: q = d x R for one rate denominator R)
// and the arithmetic written once over a number type `Ops` (one int64 for the portable loop,
// a vector of lanes for SIMD), so no vector path carries its own copy of the formula:
//
//   i   = the number of bounds below m        (lanes: a chain of selects, the bounds ascending;
//                                              one number: a branch-light binary search)
//   num = max(m x rate[i] - quick[i] x q, 0)  (rate[i] over R, so num / q fen is the tax)
//   tax = num / q rounded half up             (core/rounding.hpp: floor((2 num + q) / 2q))
//
// Exactness is the number type's: each Ops states the bounds under which every intermediate is
// exact, and its caller sends every other amount to BracketKernel::apply.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <type_traits>

#include "libtax/core/bracket_kernel.hpp"
#include "libtax/core/rounding.hpp"

// Always inlined into its caller: a SIMD caller is compiled for its own instruction set (Highway's
// per-target code), which this header's code, compiled for the baseline, must take on.
#if defined(__GNUC__)
#define LIBTAX_LANES_INLINE inline __attribute__((always_inline))
#else
#define LIBTAX_LANES_INLINE inline
#endif

namespace libtax {

/// A schedule of at most 8 brackets with one denominator, for bracket_tax_lanes: the taxable
/// amount is m / d fen; bracket j holds m <= bound[j] (j < bounds); rates are rate[j] / R and
/// q = d x R, so the tax before rounding is (m x rate[j] - quick_q[j]) / q fen. Unused slots
/// repeat the top bracket.
struct CommonSchedule {
    int bounds = 0;                  ///< brackets - 1 (0..7)
    std::int64_t d = 1, q = 1;       ///< the amount's denominator and d x R
    std::int64_t max_rate = 0;       ///< the largest rate[j]
    std::int64_t bound[8] = {};      ///< upper bounds x d (INT64_MAX beyond the last)
    std::int64_t rate[8] = {};       ///< rate numerators over R
    std::int64_t quick_q[8] = {};    ///< quick deduction x q
};

/// The kernel's brackets over one denominator for amounts of 1/d fen, or nothing when they do
/// not fit: more than 8 brackets, R x d of 2^20 or more, a quick deduction x q of 2^50 or more,
/// or a negative quick deduction or rate.
inline std::optional<CommonSchedule> common_schedule(const BracketKernel& k, std::int64_t d) {
    const auto& b = k.brackets();
    if (b.empty() || b.size() > 8 || d <= 0 || d >= (std::int64_t{1} << 20)) return std::nullopt;
    std::int64_t r = 1;
    for (const KernelBracket& x : b) {
        if (x.rate_den <= 0 || x.rate_num < 0 || x.quick_fen < 0) return std::nullopt;
        r = std::lcm(r, x.rate_den);
        if (r >= (std::int64_t{1} << 20) / d) return std::nullopt;
    }
    if (d * r < 2) r = 2;  // any multiple of the denominators serves: q at least 2 (HalfUpDivisor)
    CommonSchedule s;
    s.d = d;
    s.q = d * r;
    s.bounds = static_cast<int>(b.size()) - 1;
    for (std::size_t j = 0; j < 8; ++j) {
        const KernelBracket& x = b[std::min(j, b.size() - 1)];
        s.rate[j] = x.rate_num * (r / x.rate_den);  // <= R < 2^20
        if (x.quick_fen >= (std::int64_t{1} << 50) / s.q) return std::nullopt;
        s.quick_q[j] = x.quick_fen * s.q;
        s.max_rate = std::max(s.max_rate, s.rate[j]);
        const bool open = j + 1 >= b.size() || x.upto_fen > std::numeric_limits<std::int64_t>::max() / d;
        s.bound[j] = open ? std::numeric_limits<std::int64_t>::max() : x.upto_fen * d;
    }
    return s;
}

/// The bracket rule on m / d fen (m >= 0) for any number type: `o.set(x)` a constant,
/// `o.gt(a, b)` a condition, `o.select(c, a, b)`, `o.mul`, `o.sub`, `o.max`, and
/// `o.round_half_up(num)` dividing by s.q as core/rounding.hpp rounds. Returns the tax in fen
/// and, when `index` is not null, the 0-based bracket. The caller keeps m within the bounds its
/// Ops proves exact (m x max_rate below 2^50 for both Ops of the batch).
template <class Ops, class = void>
struct searches_brackets : std::false_type {};
template <class Ops>
struct searches_brackets<Ops, std::void_t<decltype(&Ops::search)>> : std::true_type {};

template <class Ops>
LIBTAX_LANES_INLINE typename Ops::Num bracket_tax_lanes(const Ops& o, const CommonSchedule& s, typename Ops::Num m,
                                    typename Ops::Num* index = nullptr) {
    using Num = typename Ops::Num;
    Num rate = o.set(s.rate[0]), quick = o.set(s.quick_q[0]), i = o.set(0);
    if constexpr (searches_brackets<Ops>::value) {
        // one number: its bracket found by Ops::search (the same count of bounds below m)
        const int j = o.search(s, m);
        rate = o.set(s.rate[j]);
        quick = o.set(s.quick_q[j]);
        i = o.set(j);
    } else {
        // lanes: ascending bounds, each one passed moves up a bracket. All 7 slots, used or not
        // (an unused bound is INT64_MAX, never passed): a fixed count the compiler unrolls, its
        // constants leaving the caller's loop.
        for (int j = 0; j < 7; ++j) {
            const auto above = o.gt(m, o.set(s.bound[j]));
            rate = o.select(above, o.set(s.rate[j + 1]), rate);
            quick = o.select(above, o.set(s.quick_q[j + 1]), quick);
            if (index) i = o.select(above, o.set(j + 1), i);
        }
    }
    if (index) *index = i;
    return o.round_half_up(o.max(o.sub(o.mul(m, rate), quick), o.set(0)));
}

/// The portable number type of bracket_tax_lanes: one int64. Exact for m x max_rate < 2^50
/// (every product and difference below 2^50; HalfUpDivisor exact below 2^53).
struct ScalarLanes {
    using Num = std::int64_t;
    HalfUpDivisor div;
    explicit ScalarLanes(const CommonSchedule& s) : div(static_cast<std::uint64_t>(s.q)) {}
    static Num set(std::int64_t x) { return x; }
    static bool gt(Num a, Num b) { return a > b; }
    static Num select(bool c, Num a, Num b) { return c ? a : b; }
    static Num mul(Num a, Num b) { return a * b; }
    static Num sub(Num a, Num b) { return a - b; }
    static Num max(Num a, Num b) { return a > b ? a : b; }
    Num round_half_up(Num num) const { return static_cast<Num>(div.round_half_up(static_cast<std::uint64_t>(num))); }
    /// The number of bounds below m (0..7), by a binary search over the 8 slots (the last always
    /// INT64_MAX) in three steps, each a conditional move rather than a branch: the chain of
    /// selects costs one number 7 x 3 of them.
    static int search(const CommonSchedule& s, Num m) {
        int i = m > s.bound[3] ? 4 : 0;
        i += m > s.bound[i + 1] ? 2 : 0;
        i += m > s.bound[i] ? 1 : 0;
        return i;
    }
};

}  // namespace libtax
