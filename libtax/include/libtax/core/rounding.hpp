// libtax/core/rounding.hpp - the one place where libtax rounds.
//
// The rule (see README "Rounding"): ratios and intermediate amounts stay exact; each *final*
// tax figure (a tax, a withholding, a relief, a reconciliation result) is rounded half away
// from zero ("half-up", Python's ROUND_HALF_UP) to the fen. No rule of the IIT Law or the STA
// announcements rounds taxable income before the rate is applied, and the official worked
// examples present tax to 0.01 yuan; the STA clients' exact mode is unpublished.
#pragma once

#include "libtax/core/exact.hpp"
#include "libtax/core/money.hpp"

namespace libtax {

/// Rounds an exact amount of fen half away from zero to a whole fen.
Money round_half_up(const Exact& x);

}  // namespace libtax

namespace libtax {

inline Money round_half_up(const Exact& x) {
    const Exact::int128 n = detail::abs128(x.num());
    const Exact::int128 d = x.den();
    Exact::int128 q = n / d;
    const Exact::int128 r = n % d;
    if (detail::mul(r, 2) >= d) q += 1;  // half away from zero
    if (q > Money::max_fen) throw RangeError("result", Exact::fen_fraction(x.num(), x.den()).str(), "beyond the supported range of +/-10^15 yuan");
    return Money::fen(static_cast<std::int64_t>(x.is_negative() ? -q : q));
}

}  // namespace libtax
