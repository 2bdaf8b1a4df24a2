// bindings/batch/annual_lanes.hpp - the batch annual tax in SIMD lanes, for every CPU Highway
// targets (annual_lanes.cpp; AVX-512, AVX2, SSE4, NEON, ... chosen at run time).
//
// The lanes compute the rule of core/bracket_lanes.hpp (bracket_tax_lanes, the one formula the
// portable loop also runs) on whole numbers carried in double lanes, for rows within the bounds
// proved in annual_lanes.cpp; they leave every other row to the kernel's exact scalar code.
// Built when Highway (libhwy-dev) is found (LIBTAX_BATCH_HWY); without it the batch runs the
// portable loop only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "libtax/core/bracket_lanes.hpp"

namespace libtax::batch {

/// Which code the batch may use: none of the vector units (the portable loop), AVX2 at most (as
/// a CPU without AVX-512 runs), or the best the CPU has. Every choice gives the same fen.
enum class Lanes { portable, avx2, best };

/// The constants of the lanes, derived from the year's table by AnnualKernel; `usable` is false
/// when the table does not fit the bounds (D below 2^12, shares at most D, CommonSchedule's).
struct LanePlan {
    bool usable = false;
    CommonSchedule s;                                   // brackets over one denominator, q = D x R
    std::int64_t basic = 0, kl = 0, kr = 0, ka = 0;     // basic deduction (fen) and shares over D
    std::int64_t n_limit = 0;                           // largest taxable n (1/D fen) in lanes
};

#if defined(LIBTAX_BATCH_HWY)
/// Rows [0, len) of columns c[0..6] (fen, validated non-negative; c[7] the zero column): tax and,
/// where not null, taxable income (fen, half up) and the 1-based bracket. Rows beyond the lanes'
/// bounds are listed in `slow` (offsets, at most len) and not written; returns how many.
std::size_t annual_lanes(const LanePlan& p, const std::int64_t* const* c, std::size_t len, std::int64_t* tax,
                         std::int64_t* taxable, std::int8_t* bracket, std::uint32_t* slow);

/// The fused pass: rows [0, len) of float64 yuan columns c[0..6] (c[7] a zero column as long as
/// the block, which absent columns point to): tax and, where not null, taxable income as float64
/// yuan (the nearest double to the fen, as to_yuan) and the 1-based bracket, each amount
/// converted as float_to_fen does. Rows beyond the lanes' bounds (an amount outside [0, 2^31)
/// yuan, NaN, or a taxable n above n_limit) are listed in `slow` and not written; returns how many.
std::size_t annual_yuan_lanes(const LanePlan& p, const double* const* c, std::size_t len, double* tax, double* taxable,
                              std::int8_t* bracket, std::uint32_t* slow);

/// float_to_fen by the fused pass's conversion, for tests (every x in [0, 2^40)).
void lanes_yuan_to_fen(const double* x, std::size_t n, std::int64_t* out);

/// float_to_fen over a block by the same conversion in lanes (fast_float_fen.hpp's
/// float_block_to_fen); false when some amount is outside [0, 2^40) yuan.
bool lanes_float_block_to_fen(const double* x, std::size_t n, std::int64_t* out);

/// floor(x / q) by the lanes' division, for tests (0 <= x < 2^51, 2 <= q < 2^21).
void lanes_floor_div(const std::int64_t* x, std::size_t n, std::int64_t q, std::int64_t* out);

/// Whether the lanes are compiled (Highway found at build time).
bool lanes_compiled();
/// The Highway target the lanes run on now ("AVX3", "AVX2", "SSE4", ...; "" without Highway).
std::string lanes_target();
/// Restricts the lanes to targets no better than AVX2 (`at_most_avx2`) or lifts the restriction;
/// for tests and the benchmark (as on a CPU without AVX-512). Also set at load by the environment
/// variable LIBTAX_SIMD=avx2.
void restrict_lanes(bool at_most_avx2);
#else
// Without Highway: no lanes (AnnualKernel::path never chooses them).
inline std::size_t annual_lanes(const LanePlan&, const std::int64_t* const*, std::size_t, std::int64_t*, std::int64_t*,
                                std::int8_t*, std::uint32_t*) {
    return 0;
}
inline std::size_t annual_yuan_lanes(const LanePlan&, const double* const*, std::size_t, double*, double*, std::int8_t*,
                                     std::uint32_t*) {
    return 0;
}
inline void lanes_yuan_to_fen(const double*, std::size_t, std::int64_t*) {}
inline bool lanes_float_block_to_fen(const double*, std::size_t, std::int64_t*) { return false; }
inline void lanes_floor_div(const std::int64_t*, std::size_t, std::int64_t, std::int64_t*) {}
inline bool lanes_compiled() { return false; }
inline std::string lanes_target() { return std::string(); }
inline void restrict_lanes(bool) {}
#endif

}  // namespace libtax::batch
