// bindings/batch/annual_kernel.hpp - the annual comprehensive income tax of one row, in integers.
//
// The same rule as libtax/comprehensive/annual_tax.hpp, with every value read from the TaxYear
// (income-amount shares, basic deduction, brackets, rates, quick deductions), computed exactly
// in fractions of a fen with a common denominator instead of reduced Exact fractions:
//
//   D   = lcm of the denominators of the labour, royalty and author's (share x reduction) shares
//   N   = D x (wages - basic - social insurance - special additional - other) + kl x labour
//         + kr x royalties + ka x author              (taxable income = N / D fen, exactly)
//   tax = round_half_up((N x rn - quick x D x rd) / (D x rd))   for the bracket holding N / D
//
// Rows whose numerators stay below 2^53 divide by a precomputed reciprocal (exact for such
// numerators, see Divider); larger rows use 128-bit division. Tables whose fractions would not
// fit these bounds make the kernel fall back to libtax::annual_tax itself for every row.
// On CPUs with AVX-512 (F, DQ, IFMA) blocks run eight rows at a time in integer lanes
// (annual_kernel_avx512.hpp), on CPUs with AVX2 and FMA four rows at a time
// (annual_kernel_avx2.hpp); the portable loop below is used elsewhere and for tables whose
// fractions exceed those paths' bounds. All give the same fen (tests/cpp/analysis).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "annual_kernel_avx2.hpp"
#include "annual_kernel_avx512.hpp"
#include "fast_float_fen.hpp"  // LIBTAX_BATCH_AVX2 and the intrinsics headers
#include "libtax/libtax.hpp"

namespace libtax::batch {

using i128 = __int128;
using u128 = unsigned __int128;

/// Exact half-up division by a fixed divisor for numerators below 2^53 (core/rounding.hpp).
using Divider = HalfUpDivisor;

inline i128 round_half_up128(i128 n, i128 d) {  // n >= 0, d > 0
    const i128 f = n / d, r = n % d;
    return f + (2 * r >= d ? 1 : 0);
}

/// One row's result: tax and taxable income in fen (taxable rounded half-up for display),
/// the 1-based bracket (0 when nothing is taxable), and whether the tax left Money's range.
struct AnnualRow {
    std::int64_t tax = 0;
    i128 taxable = 0;
    int bracket = 0;
    bool out_of_range = false;
};

class AnnualKernel {
public:
    static constexpr std::int64_t kMaxFactor = 1'000'000;  // bound on D and on rate terms

    explicit AnnualKernel(const TaxYear& t) : year_(&t) {
        const Provision& p = t.provision("income_amount");
        const Rate labour = p.rate("labour").value, royalties = p.rate("royalties").value;
        const Rate author = p.rate("author").value, reduction = p.rate("author_reduction").value;
        basic_ = t.provision("basic_deduction").amount("annual").value.fen();
        // author's share x reduction, reduced
        i128 an = static_cast<i128>(author.num()) * reduction.num(), ad = static_cast<i128>(author.den()) * reduction.den();
        if (an > kMaxFactor * kMaxFactor || ad > kMaxFactor * kMaxFactor) return;  // generic path
        const std::int64_t g = std::gcd(static_cast<std::int64_t>(an), static_cast<std::int64_t>(ad));
        an /= (g ? g : 1);
        ad /= (g ? g : 1);
        const i128 d = std::lcm(std::lcm(labour.den(), royalties.den()), static_cast<std::int64_t>(ad));
        if (d <= 0 || d > kMaxFactor) return;
        d_ = static_cast<std::int64_t>(d == 1 ? 2 : d);  // every divisor at least 2 (see Divider)
        kl_ = labour.num() * (d_ / labour.den());
        kr_ = royalties.num() * (d_ / royalties.den());
        ka_ = static_cast<std::int64_t>(an) * (d_ / static_cast<std::int64_t>(ad));
        if (kl_ > 2 * kMaxFactor || kr_ > 2 * kMaxFactor || ka_ > 2 * kMaxFactor) return;
        std::int64_t max_rn = 1;
        for (const Bracket& b : t.comprehensive_annual().brackets()) {
            if (b.rate.num() > kMaxFactor || b.rate.den() > kMaxFactor) return;
            Step st;
            st.rn = b.rate.num();
            st.q = d_ * b.rate.den();
            st.quick_q = static_cast<i128>(b.quick.fen()) * st.q;
            if (st.quick_q > (i128{1} << 62) || st.quick_q < 0) return;
            st.quick64 = static_cast<std::int64_t>(st.quick_q);
            st.bound = b.upto ? static_cast<i128>(b.upto->fen()) * d_ : std::numeric_limits<std::int64_t>::max();
            st.bound64 = st.bound > std::numeric_limits<std::int64_t>::max() ? std::numeric_limits<std::int64_t>::max()
                                                                                 : static_cast<std::int64_t>(st.bound);
            st.div = Divider(static_cast<std::uint64_t>(st.q));
            max_rn = std::max(max_rn, st.rn);
            steps_.push_back(st);
        }
        if (steps_.empty()) return;
        for (std::size_t j = 0; j < 8; ++j)
            bounds8_[j] = j + 1 < steps_.size() ? steps_[j].bound64 : std::numeric_limits<std::int64_t>::max();
        taxable_div_ = Divider(static_cast<std::uint64_t>(d_));
        fast_limit_ = ((std::int64_t{1} << 53) - 1) / max_rn;
        integer_ = true;
        plan_vector(t);
    }

    /// Whether the integer path is used (false: every row calls libtax::annual_tax).
    bool integer_path() const { return integer_; }

    /// Amounts in fen, already validated non-negative and within Money's range.
    AnnualRow row(std::int64_t wages, std::int64_t labour, std::int64_t author, std::int64_t royalties,
                  std::int64_t social, std::int64_t special, std::int64_t other) const {
        if (!integer_) return generic(wages, labour, author, royalties, social, special, other);
        AnnualRow out;
        const std::int64_t base = wages - basic_ - social - special - other;  // |.| <= 5 x 10^17
        const i128 n = static_cast<i128>(base) * d_ + static_cast<i128>(labour) * kl_ + static_cast<i128>(royalties) * kr_ +
                       static_cast<i128>(author) * ka_;
        if (n <= 0) return out;
        const std::size_t last = steps_.size() - 1;
        if (n < fast_limit_) {
            const std::int64_t n64 = static_cast<std::int64_t>(n);
            std::size_t i = 0;
            for (std::size_t j = 0; j < last; ++j) i += steps_[j].bound64 < n64;
            const Step& st = steps_[i];
            const std::int64_t num = n64 * st.rn - static_cast<std::int64_t>(st.quick_q);
            out.tax = num > 0 ? static_cast<std::int64_t>(st.div.round_half_up(static_cast<std::uint64_t>(num))) : 0;
            out.taxable = static_cast<i128>(taxable_div_.round_half_up(static_cast<std::uint64_t>(n64)));
            out.bracket = static_cast<int>(i) + 1;
            return out;
        }
        std::size_t i = 0;
        for (std::size_t j = 0; j < last; ++j) i += steps_[j].bound < n;
        const Step& st = steps_[i];
        const i128 num = n * st.rn - st.quick_q;
        const i128 tax = num > 0 ? round_half_up128(num, st.q) : 0;
        out.out_of_range = tax > Money::max_fen;
        out.tax = out.out_of_range ? 0 : static_cast<std::int64_t>(tax);
        out.taxable = round_half_up128(n, d_);
        out.bracket = static_cast<int>(i) + 1;
        return out;
    }

    /// Which vector code blocks run: AVX-512 lanes where the CPU has them and `lanes` allows them,
    /// else AVX2 lanes likewise, else the portable loop (lanes: Lanes::portable / avx2 / best).
    Lanes path(Lanes lanes = Lanes::best) const {
#if defined(LIBTAX_BATCH_AVX2)
        if (!plan_.usable) return Lanes::portable;
        if (lanes == Lanes::best && py_boundary::cpu_has_avx512()) return Lanes::best;
        if (lanes != Lanes::portable && cpu_has_avx2_fma()) return Lanes::avx2;
#endif
        (void)lanes;
        return Lanes::portable;
    }
    /// Whether blocks run in AVX-512 lanes (this CPU has them and the table fits the bounds).
    bool vector_path() const { return path() == Lanes::best; }

    /// A block of rows (amounts in fen, validated; c[0..6] the columns in annual_tax order, c[7]
    /// the all-zero column absent ones point to): tax and, when the pointers are not null,
    /// taxable income in fen and the 1-based bracket. Returns the offset of the first row whose
    /// tax leaves Money's range, or -1. `lanes` limits the vector code (tests, benchmark); every
    /// path gives the same fen.
    long block(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
               std::int8_t* bracket, Lanes lanes = Lanes::best) const {
        if (taxable && bracket) return dispatch<true, true>(c, len, tax, taxable, bracket, lanes);
        if (taxable) return dispatch<true, false>(c, len, tax, taxable, bracket, lanes);
        if (bracket) return dispatch<false, true>(c, len, tax, taxable, bracket, lanes);
        return dispatch<false, false>(c, len, tax, taxable, bracket, lanes);
    }

private:
    template <bool Taxable, bool Bracket>
    long dispatch(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
                  std::int8_t* bracket, Lanes lanes) const {
        const bool others = c[1] != c[7] || c[2] != c[7] || c[3] != c[7];  // c[7]: the zero column
#if defined(LIBTAX_BATCH_AVX2)
        switch (path(lanes)) {
            case Lanes::best:
                return others ? annual_block_avx512<true, Taxable, Bracket>(*this, plan_, c, len, tax, taxable, bracket)
                              : annual_block_avx512<false, Taxable, Bracket>(*this, plan_, c, len, tax, taxable, bracket);
            case Lanes::avx2:
                return others ? annual_block_avx2<true, Taxable, Bracket>(*this, plan_, c, len, tax, taxable, bracket)
                              : annual_block_avx2<false, Taxable, Bracket>(*this, plan_, c, len, tax, taxable, bracket);
            default:
                break;
        }
#else
        (void)lanes;
        (void)others;
#endif
        return run<Taxable, Bracket>(c, len, tax, taxable, bracket);
    }

    /// The constants of the AVX-512 loop (annual_kernel_avx512.hpp), when the table fits its bounds:
    /// at most 8 brackets, D and the income shares below 2^12 with every share at most D, one rate
    /// denominator R with q = D x R below 2^20, quick deductions x q below 2^50.
    void plan_vector(const TaxYear& t) {
        const auto& brackets = t.comprehensive_annual().brackets();
        if (brackets.size() > 8 || d_ >= (1 << 12) || kl_ > d_ || kr_ > d_ || ka_ > d_ || kl_ < 0 || kr_ < 0 || ka_ < 0) return;
        std::int64_t r = 1;
        for (const Bracket& b : brackets) {
            r = std::lcm(r, b.rate.den());
            if (r > kMaxFactor) return;
        }
        VectorPlan p;
        p.basic = basic_;
        p.d = d_;
        p.kl = kl_;
        p.kr = kr_;
        p.ka = ka_;
        p.q = d_ * r;
        if (p.q >= (1 << 20)) return;
        std::int64_t max_rate = 1;
        for (std::size_t j = 0; j < brackets.size(); ++j) {
            const Bracket& b = brackets[j];
            p.rate[j] = b.rate.num() * (r / b.rate.den());
            if (b.quick.fen() < 0 || b.quick.fen() >= (std::int64_t{1} << 50) / p.q) return;
            p.quick_q[j] = b.quick.fen() * p.q;
            max_rate = std::max(max_rate, p.rate[j]);
            if (j + 1 < brackets.size()) p.bound[j] = steps_[j].bound64;
        }
        for (std::size_t j = brackets.size(); j < 8; ++j) p.rate[j] = p.rate[brackets.size() - 1], p.quick_q[j] = p.quick_q[brackets.size() - 1];
        p.bounds = static_cast<int>(brackets.size()) - 1;
        p.n_limit = ((std::int64_t{1} << 50) - p.q) / max_rate;  // 2 (n x rate) + q < 2^51, 2 n + D < 2^51
        p.tax_div = Reciprocal52::of(static_cast<std::uint64_t>(2 * p.q));
        p.taxable_div = Reciprocal52::of(static_cast<std::uint64_t>(2 * d_));
        p.usable = true;
        plan_ = p;
    }

    template <bool Taxable, bool Bracket>
    long run(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
             std::int8_t* bracket) const {
        const bool others = c[1] != c[7] || c[2] != c[7] || c[3] != c[7];  // c[7]: the zero column
        if (steps_.size() <= 8)  // at most 7 bounds: a three-step branch-free search over 8 slots
            return others ? run_n<8, true, Taxable, Bracket>(c, len, tax, taxable, bracket)
                          : run_n<8, false, Taxable, Bracket>(c, len, tax, taxable, bracket);
        return run_n<0, true, Taxable, Bracket>(c, len, tax, taxable, bracket);
    }

    /// NB = 8: up to 8 brackets, searched in three steps; 0: any number, a loop. Others: whether
    /// labour, author's or royalty columns are present (else they are all zero and skipped).
    template <int NB, bool Others, bool Taxable, bool Bracket>
    long run_n(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
               std::int8_t* bracket) const {
        const std::int64_t* w = c[0];
        const std::int64_t* l = c[1];
        const std::int64_t* a = c[2];
        const std::int64_t* r = c[3];
        const std::int64_t* s = c[4];
        const std::int64_t* sp = c[5];
        const std::int64_t* o = c[6];
        if (integer_) {
            // Branch-free: rows with nothing taxable go through bracket 1 with a zero amount; rows
            // whose numerators overflow 64 bits or reach the fast limit are redone below.
            const std::int64_t basic = basic_, d = d_, kl = kl_, kr = kr_, ka = ka_, limit = fast_limit_;
            const std::size_t last = steps_.size() - 1;
            const Step* st = steps_.data();
            bool slow = false;
            for (std::size_t k = 0; k < len; ++k) {
                const std::int64_t base = w[k] - basic - s[k] - sp[k] - o[k];  // |.| <= 5 x 10^17
                std::int64_t n;
                bool ov = __builtin_mul_overflow(base, d, &n);
                if constexpr (Others) {
                    std::int64_t tl, tr, ta;
                    ov |= __builtin_mul_overflow(l[k], kl, &tl);
                    ov |= __builtin_mul_overflow(r[k], kr, &tr);
                    ov |= __builtin_mul_overflow(a[k], ka, &ta);
                    ov |= __builtin_add_overflow(n, tl, &n);
                    ov |= __builtin_add_overflow(n, tr, &n);
                    ov |= __builtin_add_overflow(n, ta, &n);
                }
                ov |= n >= limit;
                slow |= ov;
                const std::int64_t m = (n > 0) & !ov ? n : 0;
                std::size_t i = 0;
                if constexpr (NB == 8) {  // bounds8_: the bounds padded to 8 with INT64_MAX
                    i += static_cast<std::size_t>(bounds8_[3] < m) * 4;
                    i += static_cast<std::size_t>(bounds8_[i + 1] < m) * 2;
                    i += static_cast<std::size_t>(bounds8_[i] < m);
                } else {
                    for (std::size_t j = 0; j < last; ++j) i += st[j].bound64 < m;
                }
                const Step& b = st[i];
                const std::int64_t num = m * b.rn - b.quick64;
                tax[k] = static_cast<std::int64_t>(b.div.round_half_up(static_cast<std::uint64_t>(num > 0 ? num : 0)));
                if constexpr (Taxable) taxable[k] = static_cast<std::int64_t>(taxable_div_.round_half_up(static_cast<std::uint64_t>(m)));
                if constexpr (Bracket) bracket[k] = static_cast<std::int8_t>(m > 0 ? i + 1 : 0);
            }
            if (!slow) return -1;
        }
        for (std::size_t k = 0; k < len; ++k) {  // rows beyond the fast path (or tables beyond the integer path)
            if (integer_) {
                const i128 n = static_cast<i128>(w[k] - basic_ - s[k] - sp[k] - o[k]) * d_ + static_cast<i128>(l[k]) * kl_ +
                               static_cast<i128>(r[k]) * kr_ + static_cast<i128>(a[k]) * ka_;
                if (n < fast_limit_) continue;
            }
            const AnnualRow x = row(w[k], l[k], a[k], r[k], s[k], sp[k], o[k]);
            if (x.out_of_range || (Taxable && x.taxable > Money::max_fen)) return static_cast<long>(k);  // as the scalar refuses
            tax[k] = x.tax;
            if constexpr (Taxable) taxable[k] = static_cast<std::int64_t>(x.taxable);
            if constexpr (Bracket) bracket[k] = static_cast<std::int8_t>(x.bracket);
        }
        return -1;
    }

    struct Step {
        std::int64_t rn = 0, q = 1;
        i128 quick_q = 0, bound = 0;
        std::int64_t bound64 = 0, quick64 = 0;
        Divider div;
    };

    AnnualRow generic(std::int64_t wages, std::int64_t labour, std::int64_t author, std::int64_t royalties,
                      std::int64_t social, std::int64_t special, std::int64_t other) const {
        ComprehensiveIncome in;
        in.receipts.wages = Money::fen(wages);
        in.receipts.labour = Money::fen(labour);
        in.receipts.author = Money::fen(author);
        in.receipts.royalties = Money::fen(royalties);
        in.social_insurance = Money::fen(social);
        in.special_additional = Money::fen(special);
        in.other_deductions = Money::fen(other);
        AnnualRow out;
        try {
            const AnnualTaxResult r = annual_tax(*year_, in);
            out.tax = r.tax.fen();
            out.bracket = r.bracket + 1;
            const Exact& t = r.taxable_income;
            out.taxable = t.is_zero() ? 0 : round_half_up128(t.num(), t.den());
        } catch (const RangeError&) {
            out.out_of_range = true;
        }
        return out;
    }

    const TaxYear* year_;
    bool integer_ = false;
    std::int64_t basic_ = 0, d_ = 1, kl_ = 0, kr_ = 0, ka_ = 0, fast_limit_ = 0;
    std::vector<Step> steps_;
    std::int64_t bounds8_[8] = {};
    Divider taxable_div_;
    VectorPlan plan_;
};

}  // namespace libtax::batch
