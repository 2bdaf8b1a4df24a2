// bindings/batch/annual_kernel_avx512.hpp - the batch annual tax, eight rows at a time, in integers.
//
// The same exact rule as AnnualKernel's portable loop (annual_kernel.hpp), in AVX-512 integer
// lanes (F, DQ, IFMA; chosen at run time, see cpu_has_avx512). Nothing here is floating point:
//
//   n    = D x max(wages - basic - social - special - other, -2^50) + kl x labour + kr x royalties
//          + ka x author                      (taxable income in 1/D fen; 64-bit lanes, no overflow
//                                              because every income is below 2^40 fen in this path)
//   i    = the number of bracket bounds below n  (n <= 0 counts as nothing taxable)
//   num  = max(n x rn[i] - quick[i] x q, 0)     (rates brought to one denominator R, q = D x R)
//   tax  = floor((2 num + q) / 2q)              (= num / q rounded half up, core/rounding.hpp)
//
// The division is a multiplication by a 52-bit reciprocal (VPMADD52HUQ gives the high 52 bits
// of a 104-bit product): for 0 <= x < 2^51 and Q >= 2 with l = ceil(log2 Q), M = ceil(2^(51+l) / Q)
// is below 2^52 and x M / 2^(51+l) = x/Q + x (M - 2^(51+l)/Q) / 2^(51+l), whose error is below
// 2^51 / 2^(51+l) <= 1/Q: it never reaches the next integer, so floor(x M / 2^(51+l)) = floor(x / Q).
// Lanes outside these bounds (an income of 2^40 fen or more, n above `n_limit`) are computed by
// the kernel's exact scalar row() instead.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fast_float_fen.hpp"  // LIBTAX_BATCH_AVX2, cpu_has_avx512 and the intrinsics headers
#include "libtax/core/money.hpp"

namespace libtax::batch {

/// Which vector code the batch may use: none (the portable loop), AVX2 at most, or the best the
/// CPU has (AVX-512 before AVX2). Every choice gives the same fen.
enum class Lanes { portable, avx2, best };

/// floor(x / Q) for 0 <= x < 2^51 as floor(floor(x M / 2^52) / 2^shift) (see above).
struct Reciprocal52 {
    std::uint64_t m = 0;
    int shift = 0;
    static Reciprocal52 of(std::uint64_t divisor) {  // divisor >= 2
        int l = 0;
        while ((std::uint64_t{1} << l) < divisor) ++l;
        Reciprocal52 r;
        const unsigned __int128 two_s = static_cast<unsigned __int128>(1) << (51 + l);
        r.m = static_cast<std::uint64_t>((two_s + divisor - 1) / divisor);
        r.shift = l - 1;
        return r;
    }
};

/// The integer constants of the eight-lane loop, derived from the year's table by AnnualKernel.
/// `usable` is false when the table's fractions exceed the bounds above (the portable loop runs).
struct VectorPlan {
    bool usable = false;
    int bounds = 0;                     // bracket bounds (brackets - 1), at most 7
    std::int64_t basic = 0, d = 1, kl = 0, kr = 0, ka = 0;
    std::int64_t n_limit = 0;           // largest n computed in lanes
    std::int64_t q = 1;                 // D x R
    std::int64_t bound[8] = {};         // upper bounds in 1/D fen
    std::int64_t rate[8] = {};          // rate numerators over R
    std::int64_t quick_q[8] = {};       // quick deduction x q
    Reciprocal52 tax_div, taxable_div;  // by 2q and by 2D
};

/// The rare lanes of a vector step (rows k + bit of `slow`) beyond the vector bounds, by the
/// kernel's exact scalar row(). Returns the first row whose result leaves Money's range, or -1.
template <bool Taxable, bool Bracket, class Kernel>
long redo_lanes(const Kernel& kernel, const std::int64_t* const* c, std::size_t k, unsigned slow, std::int64_t* tax,
                std::int64_t* taxable, std::int8_t* bracket) {
    for (; slow; slow &= slow - 1) {
        const std::size_t r = k + static_cast<std::size_t>(__builtin_ctz(slow));
        const auto x1 = kernel.row(c[0][r], c[1][r], c[2][r], c[3][r], c[4][r], c[5][r], c[6][r]);
        if (x1.out_of_range || (Taxable && x1.taxable > Money::max_fen)) return static_cast<long>(r);
        tax[r] = x1.tax;
        if constexpr (Taxable) taxable[r] = static_cast<std::int64_t>(x1.taxable);
        if constexpr (Bracket) bracket[r] = static_cast<std::int8_t>(x1.bracket);
    }
    return -1;
}

#if defined(LIBTAX_BATCH_AVX2)

/// Rows [0, len) of columns c[0..6] (fen, validated non-negative): tax and optionally taxable
/// income (fen) and bracket, as AnnualKernel::block. Lanes beyond the plan's bounds call
/// kernel.row(). Returns the first row whose tax (or taxable income) leaves Money's range, or -1.
template <bool Others, bool Taxable, bool Bracket, class Kernel>
__attribute__((target("avx512f,avx512dq,avx512ifma"))) long annual_block_avx512(
    const Kernel& kernel, const VectorPlan& p, const std::int64_t* const* c, std::size_t len, std::int64_t* tax,
    std::int64_t* taxable, std::int8_t* bracket) {
    const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi64(1);
    const __m512i basic = _mm512_set1_epi64(p.basic), d = _mm512_set1_epi64(p.d);
    const __m512i kl = _mm512_set1_epi64(p.kl), kr = _mm512_set1_epi64(p.kr), ka = _mm512_set1_epi64(p.ka);
    const __m512i floor_base = _mm512_set1_epi64(-(std::int64_t{1} << 50));
    const __m512i high_bits = _mm512_set1_epi64(~((std::int64_t{1} << 40) - 1));
    const __m512i n_limit = _mm512_set1_epi64(p.n_limit), q = _mm512_set1_epi64(p.q);
    const __m512i rates = _mm512_loadu_si512(p.rate), quicks = _mm512_loadu_si512(p.quick_q);
    const __m512i tax_m = _mm512_set1_epi64(static_cast<std::int64_t>(p.tax_div.m));
    const __m512i taxable_m = _mm512_set1_epi64(static_cast<std::int64_t>(p.taxable_div.m));
    __m512i bound[7];
    for (int j = 0; j < 7; ++j) bound[j] = _mm512_set1_epi64(p.bound[j]);
    const int bounds = p.bounds;
    for (std::size_t k = 0; k < len; k += 8) {
        const __mmask8 lanes = len - k >= 8 ? __mmask8(0xFF) : static_cast<__mmask8>((1u << (len - k)) - 1);
        const __m512i w = _mm512_maskz_loadu_epi64(lanes, c[0] + k);
        __m512i base = _mm512_sub_epi64(w, basic);
        base = _mm512_sub_epi64(base, _mm512_maskz_loadu_epi64(lanes, c[4] + k));
        base = _mm512_sub_epi64(base, _mm512_maskz_loadu_epi64(lanes, c[5] + k));
        base = _mm512_sub_epi64(base, _mm512_maskz_loadu_epi64(lanes, c[6] + k));
        base = _mm512_max_epi64(base, floor_base);  // far below zero: stays below zero, cannot overflow
        __m512i n = _mm512_mullo_epi64(base, d);
        __m512i incomes = w;
        if constexpr (Others) {
            const __m512i l = _mm512_maskz_loadu_epi64(lanes, c[1] + k);
            const __m512i a = _mm512_maskz_loadu_epi64(lanes, c[2] + k);
            const __m512i r = _mm512_maskz_loadu_epi64(lanes, c[3] + k);
            n = _mm512_add_epi64(n, _mm512_mullo_epi64(l, kl));
            n = _mm512_add_epi64(n, _mm512_mullo_epi64(r, kr));
            n = _mm512_add_epi64(n, _mm512_mullo_epi64(a, ka));
            incomes = _mm512_or_si512(incomes, _mm512_or_si512(l, _mm512_or_si512(a, r)));
        }
        const __mmask8 slow = static_cast<__mmask8>(
            (_mm512_test_epi64_mask(incomes, high_bits) | _mm512_cmpgt_epi64_mask(n, n_limit)) & lanes);
        const __mmask8 taxed = static_cast<__mmask8>(_mm512_cmpgt_epi64_mask(n, zero) & ~slow);
        const __m512i m = _mm512_maskz_mov_epi64(taxed, n);  // 0 <= m <= n_limit
        __m512i i = zero;
        for (int j = 0; j < bounds; ++j) i = _mm512_mask_add_epi64(i, _mm512_cmpgt_epi64_mask(m, bound[j]), i, one);
        __m512i num = _mm512_sub_epi64(_mm512_mullo_epi64(m, _mm512_permutexvar_epi64(i, rates)),
                                       _mm512_permutexvar_epi64(i, quicks));
        num = _mm512_max_epi64(num, zero);
        const __m512i x = _mm512_add_epi64(_mm512_add_epi64(num, num), q);  // < 2^51
        const __m512i t = _mm512_srli_epi64(_mm512_madd52hi_epu64(zero, x, tax_m), static_cast<unsigned>(p.tax_div.shift));
        _mm512_mask_storeu_epi64(tax + k, lanes, t);
        if constexpr (Taxable) {
            const __m512i y = _mm512_add_epi64(_mm512_add_epi64(m, m), d);  // < 2^51
            const __m512i ti = _mm512_srli_epi64(_mm512_madd52hi_epu64(zero, y, taxable_m),
                                                 static_cast<unsigned>(p.taxable_div.shift));
            _mm512_mask_storeu_epi64(taxable + k, lanes, ti);
        }
        if constexpr (Bracket) _mm512_mask_cvtepi64_storeu_epi8(bracket + k, lanes, _mm512_maskz_add_epi64(taxed, i, one));
        const long over = redo_lanes<Taxable, Bracket>(kernel, c, k, slow, tax, taxable, bracket);
        if (over >= 0) return over;
    }
    return -1;
}

#endif

}  // namespace libtax::batch
