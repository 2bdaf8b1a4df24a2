// libtax/core/rounding.hpp - the one place where libtax rounds.
//
// The rule (see README "Rounding"): ratios and intermediate amounts stay exact; each *final*
// tax figure (a tax, a withholding, a relief, a reconciliation result) is rounded half away
// from zero ("half-up", Python's ROUND_HALF_UP) to the fen. No rule of the IIT Law or the STA
// announcements rounds taxable income before the rate is applied, and the official worked
// examples present tax to 0.01 yuan; the STA clients' exact mode is unpublished.
#pragma once

#include <algorithm>
#include <cstdint>

#include "libtax/core/exact.hpp"
#include "libtax/core/money.hpp"

namespace libtax {

/// Rounds an exact amount of fen half away from zero to a whole fen.
Money round_half_up(const Exact& x);
/// The same rule on num/den fen given as integers (den > 0, not necessarily reduced): the
/// integer bracket kernel (core/bracket_kernel.hpp) rounds through it.
Money round_half_up(detail::int128 num, detail::int128 den);

/// The same rounding for the integer kernels (batch paths): n / q fen for a fixed divisor q,
/// n >= 0 below 2^53, by one multiplication instead of a division. With l = ceil(log2 q) and
/// s = max(64, 53 + l), M = ceil(2^s / q) < 2^64 and n*M / 2^s = n/q + n*eps/2^s where the
/// error term is below 2^53 / 2^s <= 2^-l <= 1/q, so it never reaches the next integer: the
/// quotient is the high word of n*M shifted right by s - 64. Requires q >= 2.
struct HalfUpDivisor {
    std::uint64_t q = 2, m = std::uint64_t{1} << 63;
    int shift = 0;  // s - 64
    HalfUpDivisor() = default;
    explicit HalfUpDivisor(std::uint64_t divisor) : q(divisor) {
        int l = 0;
        while ((std::uint64_t{1} << l) < q) ++l;
        const int s = std::max(64, 53 + l);
        shift = s - 64;
        m = static_cast<std::uint64_t>(((static_cast<unsigned __int128>(1) << s) - 1) / q + 1);
    }
    /// floor(n / q), exact for n < 2^53.
    std::uint64_t floor_div(std::uint64_t n) const {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(n) * m) >> 64) >> shift;
    }
    /// n / q rounded half away from zero, exact for n < 2^53.
    std::uint64_t round_half_up(std::uint64_t n) const {
        const std::uint64_t f = floor_div(n);
        const std::uint64_t r = n - f * q;
        return f + (2 * r >= q ? 1 : 0);
    }
};

}  // namespace libtax

namespace libtax {

namespace detail {
/// round_half_up beyond the 64-bit case (and its refusal): out of line, rarely taken.
[[gnu::noinline]] inline Money round_half_up_wide(int128 num, int128 den) {
    const int128 n = abs128(num);
    int128 q, r;
    if (den == 1) {
        q = n;
        r = 0;
    } else {
        q = n / den;
        r = n % den;
    }
    if (mul(r, 2) >= den) q += 1;  // half away from zero
    if (q > Money::max_fen) throw RangeError("result", Exact::fen_fraction(num, den).str(), "beyond the supported range of +/-10^15 yuan");
    return Money::fen(static_cast<std::int64_t>(num < 0 ? -q : q));
}
}  // namespace detail

inline Money round_half_up(detail::int128 num, detail::int128 den) {
    // the common case inline: 0 <= num and 0 < den below 2^63 (a tax, a share of a whole fen), one
    // 64-bit division; the result is then below 2^63 and only its range is left to check
    if (__builtin_expect(num >= 0 && num <= INT64_MAX && den > 0 && den <= INT64_MAX, 1)) {
        const auto n = static_cast<std::uint64_t>(num), d = static_cast<std::uint64_t>(den);
        std::uint64_t q = d == 1 ? n : n / d;
        const std::uint64_t r = n - q * d;
        if (r >= d - r) q += 1;  // 2r >= d without overflow (r < d)
        if (__builtin_expect(q <= static_cast<std::uint64_t>(Money::max_fen), 1)) return Money::fen(static_cast<std::int64_t>(q));
    }
    return detail::round_half_up_wide(num, den);
}
inline Money round_half_up(const Exact& x) { return round_half_up(x.num(), x.den()); }

}  // namespace libtax
