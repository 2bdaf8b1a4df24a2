// bindings/batch/fast_float_fen.hpp - the shared float boundary (float_boundary.hpp), made fast.
//
// float_to_fen() multiplies in x87 long double and calls llroundl: exact, but a library call per
// amount. For the batch path the same value is computed from the float's bits with integer
// arithmetic: a finite double is m * 2^e exactly (m < 2^53), so x * 100 = (100 m) * 2^e with
// 100 m < 2^60; for e < 0 the nearest integer, halves away from zero, is
// (100 m) >> -e plus one when the shifted-out bits are at least half. Only non-negative amounts
// below 2^40 yuan take this path; everything else (negative, huge, non-finite) goes to
// float_to_fen() itself, so both paths agree on every double (tests/cpp/analysis checks it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__FMA__)
#include <immintrin.h>
#endif

#include "../float_boundary.hpp"
#include "annual_lanes.hpp"  // the Highway lanes (lanes_float_block_to_fen)

namespace libtax::py_boundary {

/// How far ahead (in amounts, 2 KiB) the block conversions ask for their column: the batch
/// reads several columns a block at a time, which the hardware prefetchers follow poorly; one
/// block ahead measured fastest (about 1.3x on the benchmark, bench/batch_benchmark.py).
constexpr std::size_t kPrefetchAhead = 256;

/// Asks the cache for the line `ahead` amounts after x (an address computed as an integer: it
/// may lie beyond the end of the column, which a prefetch never faults on).
inline void prefetch(const double* x, std::size_t ahead) {
    const auto at = reinterpret_cast<const char*>(reinterpret_cast<std::uintptr_t>(x) + ahead * sizeof(double));
#if defined(__SSE2__)
    _mm_prefetch(at, _MM_HINT_T0);
#else
    __builtin_prefetch(at);
#endif
}

/// float_to_fen(yuan), bit for bit, with an integer fast path for 0 <= yuan < 2^40.
inline std::optional<std::int64_t> fast_float_to_fen(double yuan) {
    std::uint64_t bits;
    std::memcpy(&bits, &yuan, sizeof bits);
    // Sign bit clear and biased exponent below 1023 + 40: 0 <= yuan < 2^40 (no NaN, no infinity).
    if (bits < (static_cast<std::uint64_t>(1023 + 40) << 52)) {
        const std::uint64_t field = bits >> 52;
        const std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
        const std::uint64_t m = field ? (mant | (std::uint64_t{1} << 52)) : mant;
        const int shift = field ? static_cast<int>(1075 - field) : 1074;  // yuan = m * 2^-shift, shift >= 13
        if (shift > 61) return 0;                                          // 100 m < 2^60 < half of 2^shift
        const std::uint64_t v = m * 100;
        const std::uint64_t q = v >> shift;
        const std::uint64_t r = v & ((std::uint64_t{1} << shift) - 1);
        return static_cast<std::int64_t>(q + (r >= (std::uint64_t{1} << (shift - 1)) ? 1 : 0));
    }
    return float_to_fen(yuan);
}

/// float_to_fen over a block, branch-free for amounts in [0, 2^40) yuan: p = x*100 rounded, e =
/// the exact error of that product (Dekker's product with Veltkamp's split; 100 has 7
/// significant bits, so x*100 = p + e exactly), t = p rounded to an integer by the 2^52 trick,
/// and the exact remainder p - t + e decides a half-up correction. Returns false when some amount
/// is outside [0, 2^40) (negative, huge, NaN, infinite): the caller then converts that block one
/// by one with fast_float_to_fen. The SIMD version is the same conversion in Highway lanes
/// (annual_lanes.cpp: yuan_to_fen, with a fused multiply-subtract for e where the target has
/// one), chosen at run time like the batch kernel; the version below is the portable one.
/// The portable version: SSE2 (every x86-64), or one by one elsewhere.
inline bool float_block_to_fen_sse2(const double* x, std::size_t n, std::int64_t* out) {
    std::size_t k = 0;
    bool all = true;
#if defined(__SSE2__)
    const __m128d zero = _mm_setzero_pd(), half = _mm_set1_pd(0.5), hundred = _mm_set1_pd(100.0);
    const __m128d two52 = _mm_set1_pd(4503599627370496.0), split = _mm_set1_pd(134217729.0);  // 2^52, 2^27 + 1
    const __m128d limit = _mm_set1_pd(1099511627776.0);                                         // 2^40
    const __m128i two52_bits = _mm_set1_epi64x(0x4330000000000000LL);
    __m128d ok = _mm_castsi128_pd(_mm_set1_epi64x(-1));
    for (; k + 2 <= n; k += 2) {
        if (k % 8 == 0) prefetch(x + k, kPrefetchAhead);
        const __m128d v = _mm_loadu_pd(x + k);
        ok = _mm_and_pd(ok, _mm_and_pd(_mm_cmpge_pd(v, zero), _mm_cmplt_pd(v, limit)));  // NaN fails both
        const __m128d p = _mm_mul_pd(v, hundred);
#if defined(__FMA__)  // (with FMA the compiler may contract the split below, so use FMA itself)
        const __m128d e = _mm_fmsub_pd(v, hundred, p);
#else
        const __m128d c = _mm_mul_pd(v, split);
        const __m128d hi = _mm_sub_pd(c, _mm_sub_pd(c, v));
        const __m128d lo = _mm_sub_pd(v, hi);
        const __m128d e = _mm_add_pd(_mm_sub_pd(_mm_mul_pd(hi, hundred), p), _mm_mul_pd(lo, hundred));
#endif
        const __m128d t = _mm_sub_pd(_mm_add_pd(p, two52), two52);
        const __m128d fr = _mm_sub_pd(p, t);
        const __m128d up = _mm_cmpge_pd(_mm_add_pd(_mm_sub_pd(fr, half), e), zero);   // lanes all ones or zero
        const __m128d down = _mm_cmplt_pd(_mm_add_pd(_mm_add_pd(fr, half), e), zero);
        __m128i bits = _mm_castpd_si128(_mm_add_pd(t, two52));  // t < 2^47: 2^52 + t holds t in its low bits
        bits = _mm_sub_epi64(bits, two52_bits);
        bits = _mm_sub_epi64(bits, _mm_castpd_si128(up));      // all ones is -1: subtracting adds one
        bits = _mm_add_epi64(bits, _mm_castpd_si128(down));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), bits);
    }
    all = _mm_movemask_pd(ok) == 3;
#endif
    for (; k < n; ++k) {  // the rest (and everything without SSE2)
        const auto f = fast_float_to_fen(x[k]);
        all = all && f && *f >= 0 && x[k] < 1099511627776.0;
        out[k] = f ? *f : 0;
    }
    return all;
}

/// float_to_fen over a block: in SIMD lanes on the Highway target the batch runs (the best the
/// CPU has, or AVX2 at most after restrict_lanes) when `level` is not 0 and Highway is built in,
/// else the portable code (level 0: as the batch's portable path). Same results either way.
inline bool float_block_to_fen(const double* x, std::size_t n, std::int64_t* out, int level = 2) {
    if (level != 0 && batch::lanes_compiled()) return batch::lanes_float_block_to_fen(x, n, out);
    return float_block_to_fen_sse2(x, n, out);
}

}  // namespace libtax::py_boundary
