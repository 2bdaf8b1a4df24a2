// bindings/batch/annual_lanes.cpp - the batch annual tax in SIMD lanes (annual_lanes.hpp), compiled
// once per Highway target (foreach_target.h) and chosen at run time (HWY_DYNAMIC_DISPATCH).
//
// The formula is bracket_tax_lanes (core/bracket_lanes.hpp) instantiated for F64Lanes: every
// value is a whole number carried in a double lane, exact while below 2^53. A row is computed in
// lanes when each of its seven amounts is below 2^38 fen (about 2.7 billion yuan) and its
// taxable n is at most n_limit; the bounds of every intermediate are then:
//
//   base = wages - basic - social - special - other      int64 lanes, -2^40 < base < 2^38
//   n    = D x base + kl x labour + kr x royalties + ka x author
//          (D < 2^12, 0 <= kl, kr, ka <= D: |D x base| < 2^52, each share term < 2^50, every
//           partial sum below 2^52 + 3 x 2^50 < 2^53 in magnitude: exact)
//   m    = n when 0 < n <= n_limit, else 0      n_limit = (2^50 - q) / max_rate
//   num  = max(m x rate - quick x q, 0)         m x rate <= 2^50 - q, quick x q < 2^50: exact
//   tax  = floor((2 num + q) / 2q)              2 num + q < 2^51        (core/rounding.hpp's
//   taxable = floor((2 m + D) / 2D)             2 m + D < 2^51           half-up rule)
//   bounds x D above 2^53 round in the conversion but stay above every m, so comparisons hold.
//
// floor(x / Q) for whole 0 <= x < 2^51 and 2 <= Q < 2^21 (floor_div): y = x * fl(1/Q) is within
// (x/Q)(2^-52 + 2^-106) < 2^50 x 2^-51.99 < 1/2 of x/Q, so k = y rounded to the nearest whole
// number (y + 2^52 - 2^52) is floor(x/Q) or one more; k x Q <= x + Q < 2^52 is exact, and so is
// the remainder r = x - k Q, which is negative exactly when k is one too many. No step needs a
// fused multiply-add, so targets without FMA give the same figures.
//
// The fused pass (yuan_block) starts from float64 yuan: an amount 0 <= x < 2^31 yuan (its bits,
// as an unsigned integer, below those of 2^31) becomes its fen in a double lane by
// float_to_fen's rule (yuan_to_fen), below 100 x 2^31 < 2^38: within the bounds above, whence
// every step is the same; tax and taxable fen (whole, below 2^51) are divided by 100 once,
// correctly rounded, giving the nearest double to the yuan amount, as to_yuan does.
//
// The other rows (slow) are listed for AnnualKernel, which computes them with BracketKernel.

// clang-format off
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "batch/annual_lanes.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per target
#include <hwy/highway.h>
// clang-format on

#include "batch/annual_lanes.hpp"

HWY_BEFORE_NAMESPACE();
namespace libtax::batch::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<double>;
using DI = hn::RebindToSigned<DF>;
using VF = hn::Vec<DF>;
using VI = hn::Vec<DI>;

constexpr double kTwo52 = 4503599627370496.0;
constexpr std::int64_t kTwo52Bits = 0x4330000000000000LL;  // the bits of 2^52
/// How far ahead (doubles, 2 KiB) the fused pass asks for each column (as fast_float_fen.hpp).
constexpr std::size_t kPrefetchDoubles = 256;

/// int64 lanes with |v| < 2^51 as doubles, exactly: the bits of 2^52 + 2^51 + v, less 2^52 + 2^51.
HWY_INLINE VF to_double(VI v) {
    const DF df;
    const DI di;
    return hn::BitCast(df, hn::Add(v, hn::Set(di, kTwo52Bits + (std::int64_t{1} << 51)))) -
           hn::Set(df, kTwo52 + 2251799813685248.0);
}

/// Whole doubles 0 <= v < 2^52 as int64 lanes.
HWY_INLINE VI to_int(VF v) {
    const DF df;
    const DI di;
    return hn::Sub(hn::BitCast(di, hn::Add(v, hn::Set(df, kTwo52))), hn::Set(di, kTwo52Bits));
}

/// floor(x / Q) for whole 0 <= x < 2^51, 2 <= Q < 2^21 (proof in the header comment).
HWY_INLINE VF floor_div(VF x, double q, double inv) {
    const DF df;
    const VF two52 = hn::Set(df, kTwo52), qv = hn::Set(df, q);
    const VF k = hn::Sub(hn::Add(hn::Mul(x, hn::Set(df, inv)), two52), two52);
    const VF r = hn::Sub(x, hn::Mul(k, qv));
    return hn::Sub(k, hn::IfThenElseZero(hn::Lt(r, hn::Zero(df)), hn::Set(df, 1.0)));
}

/// bracket_tax_lanes' number type: whole numbers in double lanes (bounds above).
struct F64Lanes {
    using Num = VF;
    double q2, inv;
    explicit F64Lanes(const CommonSchedule& s) : q2(2.0 * static_cast<double>(s.q)), inv(1.0 / q2) {}
    static Num set(std::int64_t x) { return hn::Set(DF(), static_cast<double>(x)); }
    static auto gt(Num a, Num b) { return hn::Gt(a, b); }
    template <class M>
    static Num select(M c, Num a, Num b) { return hn::IfThenElse(c, a, b); }
    static Num mul(Num a, Num b) { return hn::Mul(a, b); }
    static Num sub(Num a, Num b) { return hn::Sub(a, b); }
    static Num max(Num a, Num b) { return hn::Max(a, b); }
    /// num / q half up = floor((2 num + q) / 2q)  (core/rounding.hpp)
    Num round_half_up(Num num) const { return floor_div(hn::Add(hn::Add(num, num), hn::Set(DF(), q2 * 0.5)), q2, inv); }
};

template <bool Others, bool Taxable, bool Bracket>
HWY_NOINLINE std::size_t lanes_block(const LanePlan& p, const std::int64_t* const* c, std::size_t len, std::int64_t* tax,
                                     std::int64_t* taxable, std::int8_t* bracket, std::uint32_t* slow_rows) {
    const DF df;
    const DI di;
    const std::size_t N = hn::Lanes(df);
    const F64Lanes ops(p.s);
    const CommonSchedule sched = p.s;  // a local copy: no store can alias it, so its constants leave the loop
    const double d2 = 2.0 * static_cast<double>(p.s.d), d_inv = 1.0 / d2;
    const VI basic = hn::Set(di, p.basic), high = hn::Set(di, ~((std::int64_t{1} << 38) - 1));
    const VF d = hn::Set(df, static_cast<double>(p.s.d)), kl = hn::Set(df, static_cast<double>(p.kl));
    const VF kr = hn::Set(df, static_cast<double>(p.kr)), ka = hn::Set(df, static_cast<double>(p.ka));
    const VF n_limit = hn::Set(df, static_cast<double>(p.n_limit)), zero = hn::Zero(df), one = hn::Set(df, 1.0);
    constexpr std::size_t kMax = HWY_MAX_BYTES / sizeof(double);
    HWY_ALIGN std::int64_t pad[7][kMax];
    HWY_ALIGN std::int64_t lane_tax[kMax], lane_taxable[kMax], lane_bracket[kMax], lane_slow[kMax];
    std::size_t slow_count = 0;
    for (std::size_t k = 0; k < len; k += N) {
        const std::int64_t* col[7];
        const bool partial = len - k < N;
        for (int j = 0; j < 7; ++j) {  // the last, partial group reads a zero-padded copy
            if (!partial) {
                col[j] = c[j] + k;
                continue;
            }
            for (std::size_t x = 0; x < N; ++x) pad[j][x] = k + x < len ? c[j][k + x] : 0;
            col[j] = pad[j];
        }
        const VI w = hn::LoadU(di, col[0]), s = hn::LoadU(di, col[4]), sp = hn::LoadU(di, col[5]), o = hn::LoadU(di, col[6]);
        const VI base = hn::Sub(hn::Sub(hn::Sub(hn::Sub(w, basic), s), sp), o);
        VI amounts = hn::Or(hn::Or(w, s), hn::Or(sp, o));
        VF n = hn::Mul(to_double(base), d);
        if constexpr (Others) {
            const VI l = hn::LoadU(di, col[1]), a = hn::LoadU(di, col[2]), r = hn::LoadU(di, col[3]);
            amounts = hn::Or(amounts, hn::Or(l, hn::Or(a, r)));
            n = hn::Add(n, hn::Mul(to_double(l), kl));  // lanes with large amounts: garbage, never used
            n = hn::Add(n, hn::Mul(to_double(r), kr));
            n = hn::Add(n, hn::Mul(to_double(a), ka));
        }
        const auto big = hn::RebindMask(df, hn::Ne(hn::And(amounts, high), hn::Zero(di)));
        const auto slow = hn::Or(big, hn::Gt(n, n_limit));
        const auto taxed = hn::AndNot(slow, hn::Gt(n, zero));
        const VF m = hn::IfThenElseZero(taxed, n);  // 0 <= m <= n_limit
        VF index = zero;
        const VF t = bracket_tax_lanes(ops, sched, m, Bracket ? &index : nullptr);
        const VI tax_i = to_int(t);
        VI taxable_i = tax_i, bracket_i = tax_i;
        if constexpr (Taxable) taxable_i = to_int(floor_div(hn::Add(hn::Add(m, m), d), d2, d_inv));
        if constexpr (Bracket) bracket_i = to_int(hn::IfThenElseZero(taxed, hn::Add(index, one)));
        if (!partial) {
            hn::StoreU(tax_i, di, tax + k);
            if constexpr (Taxable) hn::StoreU(taxable_i, di, taxable + k);
        }
        if (partial || Bracket) {
            hn::Store(tax_i, di, lane_tax);
            hn::Store(taxable_i, di, lane_taxable);
            hn::Store(bracket_i, di, lane_bracket);
            for (std::size_t x = 0; x < (partial ? len - k : N); ++x) {
                tax[k + x] = lane_tax[x];
                if constexpr (Taxable) taxable[k + x] = lane_taxable[x];
                if constexpr (Bracket) bracket[k + x] = static_cast<std::int8_t>(lane_bracket[x]);
            }
        }
        if (!hn::AllFalse(df, slow)) {
            hn::Store(hn::BitCast(di, hn::VecFromMask(df, slow)), di, lane_slow);
            for (std::size_t x = 0; x < N && k + x < len; ++x)
                if (lane_slow[x]) slow_rows[slow_count++] = static_cast<std::uint32_t>(k + x);
        }
    }
    return slow_count;
}

std::size_t AnnualLanes(const LanePlan& p, const std::int64_t* const* c, std::size_t len, std::int64_t* tax,
                        std::int64_t* taxable, std::int8_t* bracket, std::uint32_t* slow) {
    const bool others = c[1] != c[7] || c[2] != c[7] || c[3] != c[7];  // c[7]: the zero column
    const int v = (others ? 4 : 0) + (taxable ? 2 : 0) + (bracket ? 1 : 0);
    switch (v) {
        case 0: return lanes_block<false, false, false>(p, c, len, tax, taxable, bracket, slow);
        case 1: return lanes_block<false, false, true>(p, c, len, tax, taxable, bracket, slow);
        case 2: return lanes_block<false, true, false>(p, c, len, tax, taxable, bracket, slow);
        case 3: return lanes_block<false, true, true>(p, c, len, tax, taxable, bracket, slow);
        case 4: return lanes_block<true, false, false>(p, c, len, tax, taxable, bracket, slow);
        case 5: return lanes_block<true, false, true>(p, c, len, tax, taxable, bracket, slow);
        case 6: return lanes_block<true, true, false>(p, c, len, tax, taxable, bracket, slow);
        default: return lanes_block<true, true, true>(p, c, len, tax, taxable, bracket, slow);
    }
}

/// float64 yuan (0 <= x < 2^40) to whole fen in double lanes, as float_to_fen rounds (half away
/// from zero; fast_float_fen.hpp's proof, lane for lane): p = x * 100 rounded, e = x * 100 - p
/// exactly (a fused multiply-subtract where the target has one, else Veltkamp's split of x,
/// 100 having 7 bits), t = p rounded to a whole number by the 2^52 trick, and the exact
/// remainder p - t + e moves t one up or down. This file is compiled without contraction
/// (-ffp-contract=off), so no other step is fused.
HWY_INLINE VF yuan_to_fen(VF x) {
    const DF df;
    const VF hundred = hn::Set(df, 100.0), two52 = hn::Set(df, kTwo52), half = hn::Set(df, 0.5);
    const VF zero = hn::Zero(df), one = hn::Set(df, 1.0);
    const VF p = hn::Mul(x, hundred);
#if HWY_NATIVE_FMA
    const VF e = hn::MulSub(x, hundred, p);
#else
    const VF c = hn::Mul(x, hn::Set(df, 134217729.0));  // 2^27 + 1
    const VF hi = hn::Sub(c, hn::Sub(c, x)), lo = hn::Sub(x, hi);
    const VF e = hn::Add(hn::Sub(hn::Mul(hi, hundred), p), hn::Mul(lo, hundred));
#endif
    const VF t = hn::Sub(hn::Add(p, two52), two52);
    const VF fr = hn::Sub(p, t);
    const auto up = hn::Ge(hn::Add(hn::Sub(fr, half), e), zero);
    const auto down = hn::Lt(hn::Add(hn::Add(fr, half), e), zero);
    return hn::Sub(hn::Add(t, hn::IfThenElseZero(up, one)), hn::IfThenElseZero(down, one));
}

/// Asks the cache for the line `ahead` doubles after x (an address computed as an integer: it may
/// lie beyond the column, which a prefetch never faults on).
HWY_INLINE void prefetch_ahead(const double* x, std::size_t ahead) {
    __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(x) + ahead * sizeof(double)));
}

/// The fused pass (annual_yuan_lanes): float64 yuan in, float64 yuan out, one pass per group of
/// lanes. An amount is taken in lanes when 0 <= x < 2^31 yuan: then its fen are below
/// 100 x 2^31 < 2^38, the bound of the fen pass above, and every later step is that pass's.
/// NaN fails the comparison. The fen of tax and taxable income are whole doubles below 2^51, and
/// fen / 100 (one correctly rounded division) is the nearest double to the yuan amount, as
/// to_yuan gives.
/// Whether 0 <= x < 2^31 yuan, lane by lane: the bits as an unsigned integer below those of
/// 2^31 (a set sign bit, NaN and infinity are above; -0.0 too, and is computed by the slow path).
HWY_INLINE auto yuan_in_lanes(VF x) {
    const DF df;
    const hn::RebindToUnsigned<DF> du;
    return hn::RebindMask(df, hn::Lt(hn::BitCast(du, x), hn::Set(du, std::uint64_t{0x41E0000000000000})));
}

/// The columns a group reads (bit j: column j is given; wages always).
enum : unsigned { kLabour = 1u << 1, kAuthor = 1u << 2, kRoyalties = 1u << 3, kSocial = 1u << 4, kSpecial = 1u << 5, kOther = 1u << 6 };

/// One group of N rows of the fused pass from col[0..6] (the columns at the group's first row,
/// or a padded copy; `given` says which are not zeros): tax and taxable income in yuan, the
/// 1-based bracket, and the rows left slow. Inlined into the loop, whose compiler hoists every
/// constant and whose branches on `given` always go the same way.
template <bool Taxable, bool Bracket, class MF>
HWY_INLINE void yuan_group(const LanePlan& p, const CommonSchedule& sched, const F64Lanes& ops, const double* const* col,
                           unsigned given, VF& tax_y, VF& taxable_y, VF& br, MF& slow) {
    const DF df;
    const VF zero = hn::Zero(df), d = hn::Set(df, static_cast<double>(p.s.d)), hundred = hn::Set(df, 100.0);
    const VF xw = hn::LoadU(df, col[0]);
    auto ok = yuan_in_lanes(xw);
    VF base = hn::Sub(yuan_to_fen(xw), hn::Set(df, static_cast<double>(p.basic)));
    for (unsigned j = 4; j < 7; ++j) {  // deductions
        if (!(given & (1u << j))) continue;
        const VF x = hn::LoadU(df, col[j]);
        ok = hn::And(ok, yuan_in_lanes(x));
        base = hn::Sub(base, yuan_to_fen(x));
    }
    VF n = hn::Mul(base, d);  // lanes not ok: garbage, never used
    if (given & kLabour) {
        const VF x = hn::LoadU(df, col[1]);
        ok = hn::And(ok, yuan_in_lanes(x));
        n = hn::Add(n, hn::Mul(yuan_to_fen(x), hn::Set(df, static_cast<double>(p.kl))));
    }
    if (given & kRoyalties) {
        const VF x = hn::LoadU(df, col[3]);
        ok = hn::And(ok, yuan_in_lanes(x));
        n = hn::Add(n, hn::Mul(yuan_to_fen(x), hn::Set(df, static_cast<double>(p.kr))));
    }
    if (given & kAuthor) {
        const VF x = hn::LoadU(df, col[2]);
        ok = hn::And(ok, yuan_in_lanes(x));
        n = hn::Add(n, hn::Mul(yuan_to_fen(x), hn::Set(df, static_cast<double>(p.ka))));
    }
    slow = hn::Or(hn::Not(ok), hn::Gt(n, hn::Set(df, static_cast<double>(p.n_limit))));
    const auto taxed = hn::AndNot(slow, hn::Gt(n, zero));
    const VF m = hn::IfThenElseZero(taxed, n);  // 0 <= m <= n_limit
    VF index = zero;
    tax_y = hn::Div(bracket_tax_lanes(ops, sched, m, Bracket ? &index : nullptr), hundred);
    if constexpr (Taxable) {
        const double d2 = 2.0 * static_cast<double>(p.s.d);
        taxable_y = hn::Div(floor_div(hn::Add(hn::Add(m, m), d), d2, 1.0 / d2), hundred);
    }
    if constexpr (Bracket) br = hn::IfThenElseZero(taxed, hn::Add(index, hn::Set(df, 1.0)));
}

/// Brackets and slow rows of a group (count of its N lanes are rows).
template <bool Bracket, class MF>
HWY_INLINE void yuan_finish(std::size_t k, std::size_t count, VF br, MF slow, std::int8_t* bracket, std::uint32_t* slow_rows,
                            std::size_t& slow_count) {
    const DF df;
    const DI di;
    constexpr std::size_t kMax = HWY_MAX_BYTES / sizeof(double);
    if constexpr (Bracket) {
        HWY_ALIGN std::int64_t lane_bracket[kMax];
        hn::Store(to_int(br), di, lane_bracket);
        for (std::size_t x = 0; x < count; ++x) bracket[k + x] = static_cast<std::int8_t>(lane_bracket[x]);
    }
    if (!hn::AllFalse(df, slow)) {
        HWY_ALIGN std::int64_t lane_slow[kMax];
        hn::Store(hn::BitCast(di, hn::VecFromMask(df, slow)), di, lane_slow);
        for (std::size_t x = 0; x < count; ++x)
            if (lane_slow[x]) slow_rows[slow_count++] = static_cast<std::uint32_t>(k + x);
    }
}

template <bool Taxable, bool Bracket>
HWY_NOINLINE std::size_t yuan_block(const LanePlan& p, const double* const* c, std::size_t len, double* tax,
                                    double* taxable, std::int8_t* bracket, std::uint32_t* slow_rows) {
    const DF df;
    const std::size_t N = hn::Lanes(df);
    const F64Lanes ops(p.s);
    const LanePlan plan = p;  // local copies: no store can alias them, so their constants leave the loop
    const CommonSchedule sched = p.s;
    unsigned given = 0;
    for (unsigned j = 1; j < 7; ++j) given |= c[j] != c[7] ? 1u << j : 0u;  // c[7]: the zero column
    std::size_t slow_count = 0;
    std::size_t k = 0;
    const double* const w = c[0];
    for (; k + N <= len; k += N) {
        const double* col[7] = {w + k, c[1] + k, c[2] + k, c[3] + k, c[4] + k, c[5] + k, c[6] + k};
        if (k % 8 == 0) {  // one cache line of each column given a step
            prefetch_ahead(col[0], kPrefetchDoubles);
            for (unsigned j = 1; j < 7; ++j)
                if (given & (1u << j)) prefetch_ahead(col[j], kPrefetchDoubles);
        }
        VF t = hn::Zero(df), ty = t, br = t;
        auto slow = hn::FirstN(df, 0);
        yuan_group<Taxable, Bracket>(plan, sched, ops, col, given, t, ty, br, slow);
        hn::StoreU(t, df, tax + k);
        if constexpr (Taxable) hn::StoreU(ty, df, taxable + k);
        yuan_finish<Bracket>(k, N, br, slow, bracket, slow_rows, slow_count);
    }
    if (k < len) {  // the last, partial group reads a zero-padded copy
        constexpr std::size_t kMax = HWY_MAX_BYTES / sizeof(double);
        HWY_ALIGN double pad[7][kMax];
        HWY_ALIGN double lane_tax[kMax], lane_taxable[kMax];
        const double* col[7];
        for (int j = 0; j < 7; ++j) {
            for (std::size_t x = 0; x < N; ++x) pad[j][x] = k + x < len ? c[j][k + x] : 0.0;
            col[j] = pad[j];
        }
        VF t = hn::Zero(df), ty = t, br = t;
        auto slow = hn::FirstN(df, 0);
        yuan_group<Taxable, Bracket>(plan, sched, ops, col, given, t, ty, br, slow);
        hn::Store(t, df, lane_tax);
        hn::Store(ty, df, lane_taxable);
        for (std::size_t x = 0; x < len - k; ++x) {
            tax[k + x] = lane_tax[x];
            if constexpr (Taxable) taxable[k + x] = lane_taxable[x];
        }
        yuan_finish<Bracket>(k, len - k, br, hn::And(slow, hn::FirstN(df, len - k)), bracket, slow_rows, slow_count);
    }
    return slow_count;
}

std::size_t AnnualYuanLanes(const LanePlan& p, const double* const* c, std::size_t len, double* tax, double* taxable,
                            std::int8_t* bracket, std::uint32_t* slow) {
    switch ((taxable ? 2 : 0) + (bracket ? 1 : 0)) {
        case 0: return yuan_block<false, false>(p, c, len, tax, taxable, bracket, slow);
        case 1: return yuan_block<false, true>(p, c, len, tax, taxable, bracket, slow);
        case 2: return yuan_block<true, false>(p, c, len, tax, taxable, bracket, slow);
        default: return yuan_block<true, true>(p, c, len, tax, taxable, bracket, slow);
    }
}

/// float_to_fen over a block (float_block_to_fen in fast_float_fen.hpp): yuan_to_fen on every
/// amount, the last, partial group from a zero-padded copy; false when some amount is outside
/// [0, 2^40) yuan (negative, huge, NaN), whose block the caller converts one by one.
bool FloatBlockToFen(const double* x, std::size_t n, std::int64_t* out) {
    const DF df;
    const DI di;
    const std::size_t N = hn::Lanes(df);
    const VF zero = hn::Zero(df), limit = hn::Set(df, 1099511627776.0);  // 2^40
    auto bad = hn::FirstN(df, 0);
    std::size_t k = 0;
    for (; k + N <= n; k += N) {
        if (k % 8 == 0) prefetch_ahead(x + k, kPrefetchDoubles);  // one cache line a step
        const VF v = hn::LoadU(df, x + k);
        bad = hn::Or(bad, hn::Not(hn::And(hn::Ge(v, zero), hn::Lt(v, limit))));  // NaN fails Ge
        hn::StoreU(to_int(yuan_to_fen(v)), di, out + k);
    }
    if (k < n) {
        constexpr std::size_t kMax = HWY_MAX_BYTES / sizeof(double);
        HWY_ALIGN double in[kMax];
        HWY_ALIGN std::int64_t res[kMax];
        for (std::size_t j = 0; j < N; ++j) in[j] = k + j < n ? x[k + j] : 0.0;
        const VF v = hn::Load(df, in);
        bad = hn::Or(bad, hn::Not(hn::And(hn::Ge(v, zero), hn::Lt(v, limit))));
        hn::Store(to_int(yuan_to_fen(v)), di, res);
        for (std::size_t j = 0; k + j < n; ++j) out[k + j] = res[j];
    }
    return hn::AllFalse(df, bad);
}

/// yuan_to_fen in lanes for tests (every x in [0, 2^40)).
void LanesYuanToFen(const double* x, std::size_t n, std::int64_t* out) {
    const DF df;
    const DI di;
    const std::size_t N = hn::Lanes(df);
    HWY_ALIGN double in[HWY_MAX_BYTES / sizeof(double)];
    HWY_ALIGN std::int64_t res[HWY_MAX_BYTES / sizeof(double)];
    for (std::size_t k = 0; k < n; k += N) {
        for (std::size_t j = 0; j < N; ++j) in[j] = k + j < n ? x[k + j] : 0.0;
        hn::Store(to_int(yuan_to_fen(hn::Load(df, in))), di, res);
        for (std::size_t j = 0; j < N && k + j < n; ++j) out[k + j] = res[j];
    }
}

/// floor(x / q) in lanes for tests (0 <= x < 2^51, 2 <= q < 2^21).
void LanesFloorDiv(const std::int64_t* x, std::size_t n, std::int64_t q, std::int64_t* out) {
    const DF df;
    const DI di;
    const std::size_t N = hn::Lanes(df);
    HWY_ALIGN std::int64_t in[HWY_MAX_BYTES / sizeof(double)], res[HWY_MAX_BYTES / sizeof(double)];
    for (std::size_t k = 0; k < n; k += N) {
        for (std::size_t j = 0; j < N; ++j) in[j] = k + j < n ? x[k + j] : 0;
        hn::Store(to_int(floor_div(to_double(hn::Load(di, in)), static_cast<double>(q), 1.0 / static_cast<double>(q))), di, res);
        for (std::size_t j = 0; j < N && k + j < n; ++j) out[k + j] = res[j];
    }
}

/// The target this copy was compiled for.
std::int64_t AnnualLanesTarget() { return HWY_TARGET; }

}  // namespace libtax::batch::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace libtax::batch {

HWY_EXPORT(AnnualLanes);
HWY_EXPORT(AnnualLanesTarget);
HWY_EXPORT(LanesFloorDiv);
HWY_EXPORT(AnnualYuanLanes);
HWY_EXPORT(LanesYuanToFen);
HWY_EXPORT(FloatBlockToFen);

std::size_t annual_lanes(const LanePlan& p, const std::int64_t* const* c, std::size_t len, std::int64_t* tax,
                         std::int64_t* taxable, std::int8_t* bracket, std::uint32_t* slow) {
    return HWY_DYNAMIC_DISPATCH(AnnualLanes)(p, c, len, tax, taxable, bracket, slow);
}

void lanes_floor_div(const std::int64_t* x, std::size_t n, std::int64_t q, std::int64_t* out) {
    HWY_DYNAMIC_DISPATCH(LanesFloorDiv)(x, n, q, out);
}

std::size_t annual_yuan_lanes(const LanePlan& p, const double* const* c, std::size_t len, double* tax, double* taxable,
                              std::int8_t* bracket, std::uint32_t* slow) {
    return HWY_DYNAMIC_DISPATCH(AnnualYuanLanes)(p, c, len, tax, taxable, bracket, slow);
}

void lanes_yuan_to_fen(const double* x, std::size_t n, std::int64_t* out) { HWY_DYNAMIC_DISPATCH(LanesYuanToFen)(x, n, out); }

bool lanes_float_block_to_fen(const double* x, std::size_t n, std::int64_t* out) {
    return HWY_DYNAMIC_DISPATCH(FloatBlockToFen)(x, n, out);
}

bool lanes_compiled() { return true; }

std::string lanes_target() { return hwy::TargetName(HWY_DYNAMIC_DISPATCH(AnnualLanesTarget)()); }

void restrict_lanes(bool at_most_avx2) {
    hwy::SetSupportedTargetsForTest(0);  // the CPU's own targets
#if HWY_ARCH_X86
    if (at_most_avx2) hwy::SetSupportedTargetsForTest(hwy::SupportedTargets() & ~(HWY_AVX2 - 1));
#else
    (void)at_most_avx2;
#endif
}

}  // namespace libtax::batch
#endif
