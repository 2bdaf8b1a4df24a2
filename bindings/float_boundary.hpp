// bindings/float_boundary.hpp - the one conversion of a binary float to money.
//
// A Python float (or numpy float64) is converted to the nearest fen of its exact binary value,
// halves away from zero. x * 100 is computed in x87 long double, whose 64-bit significand holds
// the product of a 53-bit significand and 100 (7 bits) exactly, so there is no double rounding.
// The scalar and the batch paths both use this function, so they agree to the fen.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace libtax::py_boundary {

static_assert(sizeof(long double) > sizeof(double), "needs x87 extended precision for an exact x * 100");

/// Nearest fen of a finite float, or nullopt when it is not finite or beyond +/-10^15 yuan.
inline std::optional<std::int64_t> float_to_fen(double yuan) {
    if (!std::isfinite(yuan)) return std::nullopt;
    const long double fen = static_cast<long double>(yuan) * 100.0L;
    if (fen > 1.0e17L || fen < -1.0e17L) return std::nullopt;
    return static_cast<std::int64_t>(std::llroundl(fen));
}

}  // namespace libtax::py_boundary
