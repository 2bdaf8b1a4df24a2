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
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "../float_boundary.hpp"

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

/// float_to_fen over a block, branch-free for amounts in [0, 2^40) yuan (vectorisable, SSE2):
/// p = x*100 rounded, e = the exact error of that product (Dekker's product with Veltkamp's
/// split; 100 has 7 significant bits, so x*100 = p + e exactly), t = p rounded to an integer by
/// the 2^52 trick, and the exact remainder p - t + e decides a half-up correction. Returns false
/// when some amount is outside [0, 2^40) (negative, huge, NaN, infinite): the caller then
/// converts that block one by one with fast_float_to_fen.
#if defined(__x86_64__) && defined(__GNUC__)
#define LIBTAX_BATCH_AVX2 1
/// The same with AVX2 and FMA (4 lanes; e = fma(v, 100, -p) is the exact error of the product),
/// chosen at run time when the CPU has them.
__attribute__((target("avx2,fma"))) inline bool float_block_to_fen_avx2(const double* x, std::size_t n, std::int64_t* out) {
    const __m256d zero = _mm256_setzero_pd(), half = _mm256_set1_pd(0.5), hundred = _mm256_set1_pd(100.0);
    const __m256d two52 = _mm256_set1_pd(4503599627370496.0), limit = _mm256_set1_pd(1099511627776.0);
    const __m256i two52_bits = _mm256_set1_epi64x(0x4330000000000000LL);
    __m256d ok = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    std::size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        if (k % 8 == 0) prefetch(x + k, kPrefetchAhead);
        const __m256d v = _mm256_loadu_pd(x + k);
        ok = _mm256_and_pd(ok, _mm256_and_pd(_mm256_cmp_pd(v, zero, _CMP_GE_OQ), _mm256_cmp_pd(v, limit, _CMP_LT_OQ)));
        const __m256d p = _mm256_mul_pd(v, hundred);
        const __m256d e = _mm256_fmsub_pd(v, hundred, p);
        const __m256d t = _mm256_sub_pd(_mm256_add_pd(p, two52), two52);
        const __m256d fr = _mm256_sub_pd(p, t);
        const __m256d up = _mm256_cmp_pd(_mm256_add_pd(_mm256_sub_pd(fr, half), e), zero, _CMP_GE_OQ);
        const __m256d down = _mm256_cmp_pd(_mm256_add_pd(_mm256_add_pd(fr, half), e), zero, _CMP_LT_OQ);
        __m256i bits = _mm256_castpd_si256(_mm256_add_pd(t, two52));
        bits = _mm256_sub_epi64(bits, two52_bits);
        bits = _mm256_sub_epi64(bits, _mm256_castpd_si256(up));
        bits = _mm256_add_epi64(bits, _mm256_castpd_si256(down));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + k), bits);
    }
    bool all = _mm256_movemask_pd(ok) == 15;
    for (; k < n; ++k) {
        const auto f = fast_float_to_fen(x[k]);
        all = all && f && *f >= 0 && x[k] < 1099511627776.0;
        out[k] = f ? *f : 0;
    }
    return all;
}

/// The same with AVX-512 (F and DQ; 8 lanes, the last block masked), chosen at run time when the
/// CPU has them. Rounding p to an integer, the exact error e and the half-up correction are the
/// AVX2 version's, lane for lane.
__attribute__((target("avx512f,avx512dq"))) inline bool float_block_to_fen_avx512(const double* x, std::size_t n,
                                                                                  std::int64_t* out) {
    const __m512d zero = _mm512_setzero_pd(), half = _mm512_set1_pd(0.5), hundred = _mm512_set1_pd(100.0);
    const __m512d two52 = _mm512_set1_pd(4503599627370496.0), limit = _mm512_set1_pd(1099511627776.0);
    const __m512i one = _mm512_set1_epi64(1);
    __mmask8 bad = 0;
    for (std::size_t k = 0; k < n; k += 8) {
        const __mmask8 lanes = n - k >= 8 ? __mmask8(0xFF) : static_cast<__mmask8>((1u << (n - k)) - 1);
        prefetch(x + k, kPrefetchAhead);  // one cache line per step
        const __m512d v = _mm512_maskz_loadu_pd(lanes, x + k);
        // NaN fails both comparisons; lanes beyond the block are zeros and pass
        bad |= static_cast<__mmask8>(~(_mm512_cmp_pd_mask(v, zero, _CMP_GE_OQ) & _mm512_cmp_pd_mask(v, limit, _CMP_LT_OQ)));
        const __m512d p = _mm512_mul_pd(v, hundred);
        const __m512d e = _mm512_fmsub_pd(v, hundred, p);
        const __m512d t = _mm512_sub_pd(_mm512_add_pd(p, two52), two52);
        const __m512d fr = _mm512_sub_pd(p, t);
        const __mmask8 up = _mm512_cmp_pd_mask(_mm512_add_pd(_mm512_sub_pd(fr, half), e), zero, _CMP_GE_OQ);
        const __mmask8 down = _mm512_cmp_pd_mask(_mm512_add_pd(_mm512_add_pd(fr, half), e), zero, _CMP_LT_OQ);
        __m512i fen = _mm512_cvttpd_epi64(t);  // t is a whole number below 2^47: exact
        fen = _mm512_mask_add_epi64(fen, up, fen, one);
        fen = _mm512_mask_sub_epi64(fen, down, fen, one);
        _mm512_mask_storeu_epi64(out + k, lanes, fen);
    }
    return bad == 0;
}

/// Whether this CPU runs the AVX-512 code of the batch path (F, DQ and IFMA).
inline bool cpu_has_avx512() {
    static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                            __builtin_cpu_supports("avx512ifma");
    return yes;
}
#endif

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

/// float_to_fen over a block: AVX-512 when the CPU has it and `level` is 2, AVX2 (with FMA) when
/// it has that and `level` is at least 1, else SSE2 (level 0: the portable code).
inline bool float_block_to_fen(const double* x, std::size_t n, std::int64_t* out, int level = 2) {
#if defined(LIBTAX_BATCH_AVX2)
    if (level >= 2 && cpu_has_avx512()) return float_block_to_fen_avx512(x, n, out);
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (level >= 1 && avx2) return float_block_to_fen_avx2(x, n, out);
#endif
    return float_block_to_fen_sse2(x, n, out);
}

}  // namespace libtax::py_boundary
