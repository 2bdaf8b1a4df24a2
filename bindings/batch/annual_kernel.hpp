// bindings/batch/annual_kernel.hpp - the annual comprehensive income tax of one row, in integers.
//
// The same rule as libtax/comprehensive/annual_tax.hpp, with every value read from the TaxYear
// (income-amount shares, basic deduction, brackets, rates, quick deductions), computed exactly
// in fractions of a fen with a common denominator instead of reduced Exact fractions:
//
//   D   = lcm of the denominators of the labour, royalty and author's (share x reduction) shares
//   N   = D x (wages - basic - social insurance - special additional - other) + kl x labour
//         + kr x royalties + ka x author              (taxable income = N / D fen, exactly)
//   tax = the year's bracket kernel on N / D fen       (core/bracket_kernel.hpp)
//
// Blocks of rows run bracket_tax_lanes (core/bracket_lanes.hpp), the one formula, either in SIMD
// lanes (annual_lanes.cpp: Highway, the best target the CPU has, chosen at run time; from fen,
// or fused from float64 yuan to float64 yuan in one pass) or in the portable loop below (one
// int64 per row). Rows beyond their bounds (taxable income above about
// 10^10 yuan, amounts of 2^38 fen or more in lanes) go to row(), which applies the BracketKernel
// itself in 128 bits; tables whose fractions do not fit fall back to libtax::annual_tax for every
// row. Every path gives the same fen (tests/cpp/analysis).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>

#include "annual_lanes.hpp"
#include "fast_float_fen.hpp"
#include "libtax/libtax.hpp"

namespace libtax::batch {

using i128 = __int128;

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
    static constexpr std::int64_t kMaxFactor = 1'000'000;  // bound on D and on the shares' terms

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
        d_ = static_cast<std::int64_t>(d == 1 ? 2 : d);  // every divisor at least 2 (HalfUpDivisor)
        kl_ = labour.num() * (d_ / labour.den());
        kr_ = royalties.num() * (d_ / royalties.den());
        ka_ = static_cast<std::int64_t>(an) * (d_ / static_cast<std::int64_t>(ad));
        if (kl_ > 2 * kMaxFactor || kr_ > 2 * kMaxFactor || ka_ > 2 * kMaxFactor) return;
        integer_ = true;
        taxable_div_ = HalfUpDivisor(static_cast<std::uint64_t>(d_));
        plan(t);
    }

    /// Whether the integer path is used (false: every row calls libtax::annual_tax).
    bool integer_path() const { return integer_; }
    /// Whether blocks run bracket_tax_lanes (false: every row goes through row()).
    bool formula_path() const { return plan_.usable; }

    /// Amounts in fen, already validated non-negative and within Money's range: the BracketKernel
    /// of the year's table on N / D fen, in 128 bits.
    AnnualRow row(std::int64_t wages, std::int64_t labour, std::int64_t author, std::int64_t royalties,
                  std::int64_t social, std::int64_t special, std::int64_t other) const {
        if (!integer_) return generic(wages, labour, author, royalties, social, special, other);
        AnnualRow out;
        const std::int64_t base = wages - basic_ - social - special - other;  // |.| <= 5 x 10^17
        const i128 n = static_cast<i128>(base) * d_ + static_cast<i128>(labour) * kl_ + static_cast<i128>(royalties) * kr_ +
                       static_cast<i128>(author) * ka_;
        if (n <= 0) return out;
        const KernelHit h = year_->comprehensive_annual().kernel().apply(n, d_);
        try {
            out.tax = h.rounded().fen();
        } catch (const RangeError&) {
            out.out_of_range = true;
        }
        out.taxable = round_half_up128(n, d_);
        out.bracket = h.index + 1;
        return out;
    }

    /// Which code blocks run: Lanes::best (SIMD lanes, the Highway target annual_lanes.cpp chose)
    /// when `lanes` allows them, Highway is built in and the table fits their bounds; else
    /// Lanes::portable (the portable loop).
    Lanes path(Lanes lanes = Lanes::best) const {
        return lanes != Lanes::portable && plan_.usable && lanes_compiled() ? Lanes::best : Lanes::portable;
    }
    /// Whether blocks run in SIMD lanes.
    bool vector_path() const { return path() == Lanes::best; }
    /// The constants of bracket_tax_lanes (tests: rows at its bounds).
    const LanePlan& plan() const { return plan_; }

    /// A block of rows (amounts in fen, validated; c[0..6] the columns in annual_tax order, c[7]
    /// the all-zero column absent ones point to, as long as the block): tax and, when the pointers are not null,
    /// taxable income in fen and the 1-based bracket. Returns the offset of the first row whose
    /// tax leaves Money's range, or -1. `lanes` portable forbids the SIMD lanes (tests,
    /// benchmark); every path gives the same fen.
    long block(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
               std::int8_t* bracket, Lanes lanes = Lanes::best) const {
        if (path(lanes) == Lanes::best) return in_lanes(c, len, tax, taxable, bracket);
        if (taxable && bracket) return run<true, true>(c, len, tax, taxable, bracket);
        if (taxable) return run<true, false>(c, len, tax, taxable, bracket);
        if (bracket) return run<false, true>(c, len, tax, taxable, bracket);
        return run<false, false>(c, len, tax, taxable, bracket);
    }

    /// The fused pass over float64 yuan columns (annual_yuan_lanes; c[7] the zero column as long
    /// as the block): results in float64 yuan, rows beyond the lanes' bounds listed in `slow`
    /// (at most len) for the caller to validate and compute by row(). Only when path() is best.
    std::size_t yuan_block(const double* const* c, std::size_t len, double* tax, double* taxable, std::int8_t* bracket,
                           std::uint32_t* slow) const {
        return annual_yuan_lanes(plan_, c, len, tax, taxable, bracket, slow);
    }

private:
    /// The plan of bracket_tax_lanes, when the table fits the lanes' bounds (annual_lanes.cpp):
    /// D below 2^12, every share at most D, a basic deduction below 2^38 fen, and the brackets
    /// over one denominator (common_schedule). The portable loop runs the same plan.
    void plan(const TaxYear& t) {
        if (d_ >= (1 << 12) || kl_ > d_ || kr_ > d_ || ka_ > d_ || kl_ < 0 || kr_ < 0 || ka_ < 0) return;
        if (basic_ < 0 || basic_ >= (std::int64_t{1} << 38)) return;
        const auto s = common_schedule(t.comprehensive_annual().kernel(), d_);
        if (!s) return;
        plan_.s = *s;
        plan_.basic = basic_;
        plan_.kl = kl_;
        plan_.kr = kr_;
        plan_.ka = ka_;
        plan_.n_limit = ((std::int64_t{1} << 50) - s->q) / std::max<std::int64_t>(s->max_rate, 1);
        plan_.usable = true;
    }

    /// Rows beyond the bounds of the lanes or the loop, by row(). Returns the first row whose
    /// result leaves Money's range, or -1.
    template <class Rows>
    long redo(const std::int64_t* const* c, const Rows& rows, std::size_t count, std::size_t at, std::int64_t* tax,
              std::int64_t* taxable, std::int8_t* bracket) const {
        for (std::size_t j = 0; j < count; ++j) {
            const std::size_t k = at + static_cast<std::size_t>(rows[j]);
            const AnnualRow x = row(c[0][k], c[1][k], c[2][k], c[3][k], c[4][k], c[5][k], c[6][k]);
            if (x.out_of_range || (taxable && x.taxable > Money::max_fen)) return static_cast<long>(k);  // as the scalar refuses
            tax[k] = x.tax;
            if (taxable) taxable[k] = static_cast<std::int64_t>(x.taxable);
            if (bracket) bracket[k] = static_cast<std::int8_t>(x.bracket);
        }
        return -1;
    }

    long in_lanes(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
                  std::int8_t* bracket) const {
        constexpr std::size_t kChunk = 1024;
        std::uint32_t slow[kChunk];
        for (std::size_t at = 0; at < len; at += kChunk) {
            const std::size_t n = std::min(kChunk, len - at);
            const std::int64_t* cc[8];
            for (int j = 0; j < 8; ++j) cc[j] = c[j] + at;  // (c[7] as long as the others)
            const std::size_t count = annual_lanes(plan_, cc, n, tax + at, taxable ? taxable + at : nullptr,
                                                   bracket ? bracket + at : nullptr, slow);
            const long over = redo(c, slow, count, at, tax, taxable, bracket);
            if (over >= 0) return over;
        }
        return -1;
    }

    template <bool Taxable, bool Bracket>
    long run(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
             std::int8_t* bracket) const {
        const bool others = c[1] != c[7] || c[2] != c[7] || c[3] != c[7];  // c[7]: the zero column
        return others ? run_n<true, Taxable, Bracket>(c, len, tax, taxable, bracket)
                      : run_n<false, Taxable, Bracket>(c, len, tax, taxable, bracket);
    }

    /// The portable loop: bracket_tax_lanes on one int64 (ScalarLanes). Others: whether labour,
    /// author's or royalty columns are present (else they are all zero and skipped).
    template <bool Others, bool Taxable, bool Bracket>
    long run_n(const std::int64_t* const* c, std::size_t len, std::int64_t* tax, std::int64_t* taxable,
               std::int8_t* bracket) const {
        const std::int64_t* w = c[0];
        const std::int64_t* l = c[1];
        const std::int64_t* a = c[2];
        const std::int64_t* r = c[3];
        const std::int64_t* s = c[4];
        const std::int64_t* sp = c[5];
        const std::int64_t* o = c[6];
        struct All {
            std::size_t operator[](std::size_t j) const { return j; }
        };
        if (!plan_.usable) return redo(c, All{}, len, 0, tax, taxable, bracket);
        // Branch-free: rows with nothing taxable go through bracket 1 with a zero amount; rows
        // whose numerators overflow 64 bits or pass n_limit are redone below.
        const ScalarLanes ops(plan_.s);
        const CommonSchedule sched = plan_.s;  // a local copy: the stores below cannot alias it
        const std::int64_t basic = basic_, d = d_, kl = kl_, kr = kr_, ka = ka_, limit = plan_.n_limit;
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
            ov |= n > limit;
            slow |= ov;
            const std::int64_t m = (n > 0) & !ov ? n : 0;
            std::int64_t i = 0;
            tax[k] = bracket_tax_lanes(ops, sched, m, Bracket ? &i : nullptr);
            if constexpr (Taxable) taxable[k] = static_cast<std::int64_t>(taxable_div_.round_half_up(static_cast<std::uint64_t>(m)));
            if constexpr (Bracket) bracket[k] = static_cast<std::int8_t>(m > 0 ? i + 1 : 0);
        }
        if (!slow) return -1;
        for (std::size_t k = 0; k < len; ++k) {  // rows beyond the loop's bounds
            const i128 n = static_cast<i128>(w[k] - basic_ - s[k] - sp[k] - o[k]) * d_ + static_cast<i128>(l[k]) * kl_ +
                           static_cast<i128>(r[k]) * kr_ + static_cast<i128>(a[k]) * ka_;
            if (n <= limit) continue;
            const std::size_t one[1] = {0};
            const long over = redo(c, one, 1, k, tax, taxable, bracket);
            if (over >= 0) return over;
        }
        return -1;
    }

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
    std::int64_t basic_ = 0, d_ = 1, kl_ = 0, kr_ = 0, ka_ = 0;
    HalfUpDivisor taxable_div_;
    LanePlan plan_;
};

}  // namespace libtax::batch
