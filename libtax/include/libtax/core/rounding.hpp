// libtax/core/rounding.hpp - the one place where libtax rounds.
//
// The rule (see README "Rounding"): ratios and intermediate amounts stay exact; each *final*
// tax figure (a tax, a withholding, a relief, a reconciliation result) is rounded half away
// from zero ("half-up", Python's ROUND_HALF_UP) to the fen. No rule of the IIT Law or the STA
// announcements rounds taxable income before the rate is applied, and the official worked
// examples present tax to 0.01 yuan; the STA clients' exact mode is unpublished.
#pragma once

#include <cstdint>

#include "libtax/core/exact.hpp"
#include "libtax/core/money.hpp"

namespace libtax {

/// Rounds an exact amount of fen half away from zero to a whole fen.
Money round_half_up(const Exact& x);
/// The same rule on num/den fen given as integers (den > 0, not necessarily reduced): the
/// integer bracket kernel (core/bracket_kernel.hpp) rounds through it.
Money round_half_up(detail::int128 num, detail::int128 den);

}  // namespace libtax

namespace libtax {

inline Money round_half_up(detail::int128 num, detail::int128 den) {
    const detail::int128 n = detail::abs128(num);
    detail::int128 q, r;
    if (den == 1) {
        q = n;
        r = 0;
    } else if (n <= INT64_MAX && den <= INT64_MAX) {  // 64-bit division: the common case
        q = static_cast<std::uint64_t>(n) / static_cast<std::uint64_t>(den);
        r = static_cast<std::uint64_t>(n) % static_cast<std::uint64_t>(den);
    } else {
        q = n / den;
        r = n % den;
    }
    if (detail::mul(r, 2) >= den) q += 1;  // half away from zero
    if (q > Money::max_fen) throw RangeError("result", Exact::fen_fraction(num, den).str(), "beyond the supported range of +/-10^15 yuan");
    return Money::fen(static_cast<std::int64_t>(num < 0 ? -q : q));
}
inline Money round_half_up(const Exact& x) { return round_half_up(x.num(), x.den()); }

}  // namespace libtax
