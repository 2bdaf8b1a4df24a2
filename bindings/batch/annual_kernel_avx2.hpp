// bindings/batch/annual_kernel_avx2.hpp - the batch annual tax, four rows at a time, on CPUs with
// AVX2 and FMA but without AVX-512 (chosen at run time, cpu_has_avx2_fma).
//
// The same exact rule and the same constants (VectorPlan) as the AVX-512 lanes
// (annual_kernel_avx512.hpp), with integers carried in double lanes, where every value used is
// a whole number below 2^53 and so exact:
//
//   base = max(wages - basic - social - special - other, -2^45)       (64-bit integer lanes)
//   n    = D x base + kl x labour + kr x royalties + ka x author       (every income below 2^38
//          fen: each product and partial sum of a lane with n > -2^53 is below 2^53 in magnitude;
//          a clamped base keeps n far below zero, where rounding cannot change its sign)
//   rate, quick = those of the bracket holding n, picked by a chain of blends over the bounds
//   num  = max(n x rn - quick x q, 0),   x = 2 num + q  (< 2^51)
//   tax  = floor(x / 2q): y = x / 2q rounded once (error below half a unit for y < 2^52), its floor
//          corrected by the exact remainder fma(-floor, 2q, x): below 0 takes one away, at or above
//          2q adds one. That is num / q rounded half up (core/rounding.hpp), as the scalar kernel.
//
// Lanes outside the bounds (an income of 2^38 fen or more, n above the plan's n_limit) are
// computed by the kernel's exact scalar row(), as in the AVX-512 path.
#pragma once

#include <cstddef>
#include <cstdint>

#include "annual_kernel_avx512.hpp"  // VectorPlan
#include "fast_float_fen.hpp"        // LIBTAX_BATCH_AVX2 and the intrinsics headers
#include "libtax/core/money.hpp"

namespace libtax::batch {

#if defined(LIBTAX_BATCH_AVX2)

/// Whether this CPU runs the AVX2 code of the batch path (AVX2 and FMA).
inline bool cpu_has_avx2_fma() {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}

namespace avx2 {

/// Signed 64-bit lanes with |x| < 2^51 as doubles, exactly (x + 2^51 + 2^52 in the bits of 2^52).
__attribute__((target("avx2,fma"))) inline __m256d to_double(__m256i x) {
    const __m256i offset = _mm256_set1_epi64x((std::int64_t{1} << 51) + 0x4330000000000000LL);
    const __m256d magic = _mm256_set1_pd(4503599627370496.0 + 2251799813685248.0);  // 2^52 + 2^51
    return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(x, offset)), magic);
}

__attribute__((target("avx2,fma"))) inline __m256i load(const std::int64_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

/// Whole doubles 0 <= v < 2^52 as 64-bit lanes.
__attribute__((target("avx2,fma"))) inline __m256i to_int(__m256d v) {
    const __m256d two52 = _mm256_set1_pd(4503599627370496.0);
    return _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(v, two52)), _mm256_castpd_si256(two52));
}

/// floor(x / q2) for whole 0 <= x < 2^52 in double lanes, exact (see the header).
__attribute__((target("avx2,fma"))) inline __m256d floor_div(__m256d x, __m256d q2) {
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    __m256d k = _mm256_floor_pd(_mm256_div_pd(x, q2));
    const __m256d r = _mm256_fnmadd_pd(k, q2, x);  // x - k q2, exact
    k = _mm256_sub_pd(k, _mm256_and_pd(_mm256_cmp_pd(r, zero, _CMP_LT_OQ), one));
    k = _mm256_add_pd(k, _mm256_and_pd(_mm256_cmp_pd(r, q2, _CMP_GE_OQ), one));
    return k;
}

}  // namespace avx2

/// Rows [0, len) of columns c[0..6] (fen, validated non-negative), as AnnualKernel::block.
template <bool Others, bool Taxable, bool Bracket, class Kernel>
__attribute__((target("avx2,fma"))) long annual_block_avx2(const Kernel& kernel, const VectorPlan& p, const std::int64_t* const* c,
                                                          std::size_t len, std::int64_t* tax, std::int64_t* taxable,
                                                          std::int8_t* bracket) {
    const __m256i basic = _mm256_set1_epi64x(p.basic), floor_base = _mm256_set1_epi64x(-(std::int64_t{1} << 45));
    const __m256i high_bits = _mm256_set1_epi64x(~((std::int64_t{1} << 38) - 1));
    const __m256d d = _mm256_set1_pd(static_cast<double>(p.d)), kl = _mm256_set1_pd(static_cast<double>(p.kl));
    const __m256d kr = _mm256_set1_pd(static_cast<double>(p.kr)), ka = _mm256_set1_pd(static_cast<double>(p.ka));
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    const __m256d n_limit = _mm256_set1_pd(static_cast<double>(p.n_limit)), q = _mm256_set1_pd(static_cast<double>(p.q));
    const __m256d q2 = _mm256_set1_pd(static_cast<double>(2 * p.q)), d2 = _mm256_set1_pd(static_cast<double>(2 * p.d));
    __m256d bound[7], rate[8], quick[8];
    for (int j = 0; j < 8; ++j) {
        rate[j] = _mm256_set1_pd(static_cast<double>(p.rate[j]));
        quick[j] = _mm256_set1_pd(static_cast<double>(p.quick_q[j]));
        if (j < 7) bound[j] = _mm256_set1_pd(static_cast<double>(p.bound[j]));
    }
    const int bounds = p.bounds;
    alignas(32) std::int64_t tail[7][4];
    for (std::size_t k = 0; k < len; k += 4) {
        const std::int64_t* col[7];
        const bool partial = len - k < 4;
        for (int j = 0; j < 7; ++j) {  // the last, partial group reads a zero-padded copy
            if (!partial) {
                col[j] = c[j] + k;
                continue;
            }
            for (std::size_t x = 0; x < 4; ++x) tail[j][x] = k + x < len ? c[j][k + x] : 0;
            col[j] = tail[j];
        }
        const __m256i w = avx2::load(col[0]);
        __m256i base = _mm256_sub_epi64(_mm256_sub_epi64(w, basic), avx2::load(col[4]));
        base = _mm256_sub_epi64(_mm256_sub_epi64(base, avx2::load(col[5])), avx2::load(col[6]));
        base = _mm256_blendv_epi8(base, floor_base, _mm256_cmpgt_epi64(floor_base, base));
        __m256d n = _mm256_mul_pd(avx2::to_double(base), d);
        __m256i incomes = w;
        if constexpr (Others) {
            const __m256i l = avx2::load(col[1]), a = avx2::load(col[2]), r = avx2::load(col[3]);
            n = _mm256_fmadd_pd(avx2::to_double(l), kl, n);
            n = _mm256_fmadd_pd(avx2::to_double(r), kr, n);
            n = _mm256_fmadd_pd(avx2::to_double(a), ka, n);
            incomes = _mm256_or_si256(incomes, _mm256_or_si256(l, _mm256_or_si256(a, r)));
        }
        const __m256d slow_v = _mm256_or_pd(
            _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_and_si256(incomes, high_bits), _mm256_setzero_si256())),
            _mm256_cmp_pd(n, n_limit, _CMP_GT_OQ));
        const int slow = _mm256_movemask_pd(slow_v) & ((1 << (partial ? len - k : 4)) - 1);
        const __m256d taxed = _mm256_andnot_pd(slow_v, _mm256_cmp_pd(n, zero, _CMP_GT_OQ));
        const __m256d m = _mm256_and_pd(n, taxed);  // 0 <= m <= n_limit
        __m256d rn = rate[0], qk = quick[0], idx = zero;
        for (int j = 0; j < bounds; ++j) {  // bounds ascend: each passed bound moves to the next bracket
            const __m256d above = _mm256_cmp_pd(m, bound[j], _CMP_GT_OQ);
            rn = _mm256_blendv_pd(rn, rate[j + 1], above);
            qk = _mm256_blendv_pd(qk, quick[j + 1], above);
            idx = _mm256_add_pd(idx, _mm256_and_pd(above, one));
        }
        const __m256d num = _mm256_max_pd(_mm256_fmsub_pd(m, rn, qk), zero);  // exact: below 2^51
        const __m256d t = avx2::floor_div(_mm256_fmadd_pd(num, _mm256_set1_pd(2.0), q), q2);
        const __m256i tax4 = avx2::to_int(t);
        __m256i taxable4 = tax4, bracket4 = tax4;
        if constexpr (Taxable) taxable4 = avx2::to_int(avx2::floor_div(_mm256_fmadd_pd(m, _mm256_set1_pd(2.0), d), d2));
        if constexpr (Bracket) bracket4 = avx2::to_int(_mm256_and_pd(_mm256_add_pd(idx, one), taxed));
        if (!partial) {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(tax + k), tax4);
            if constexpr (Taxable) _mm256_storeu_si256(reinterpret_cast<__m256i*>(taxable + k), taxable4);
        }
        if (partial || Bracket) {
            alignas(32) std::int64_t out_tax[4], out_taxable[4], out_bracket[4];
            _mm256_store_si256(reinterpret_cast<__m256i*>(out_tax), tax4);
            _mm256_store_si256(reinterpret_cast<__m256i*>(out_taxable), taxable4);
            _mm256_store_si256(reinterpret_cast<__m256i*>(out_bracket), bracket4);
            for (std::size_t x = 0; x < (partial ? len - k : 4); ++x) {
                tax[k + x] = out_tax[x];
                if constexpr (Taxable) taxable[k + x] = out_taxable[x];
                if constexpr (Bracket) bracket[k + x] = static_cast<std::int8_t>(out_bracket[x]);
            }
        }
        const long over = redo_lanes<Taxable, Bracket>(kernel, c, k, static_cast<unsigned>(slow), tax, taxable, bracket);
        if (over >= 0) return over;
    }
    return -1;
}

#endif

}  // namespace libtax::batch
