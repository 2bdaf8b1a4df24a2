// The batch kernel's integer path equals libtax::annual_tax (tax, taxable income rounded half-up,
// bracket) on random rows, bracket edges (a fen either side), sub-fen income amounts and huge
// amounts; and it reads the tables: a what-if table with other shares and brackets agrees too.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <optional>
#include <random>

#if defined(LIBTAX_BATCH_HWY)
#include <hwy/targets.h>
#endif

#include "batch/annual_kernel.hpp"
#include "libtax/libtax.hpp"

using namespace libtax;
using namespace libtax::batch;

namespace {

struct Row {
    std::int64_t v[7];
};

/// The kernel's results for all rows, computed in blocks of `step` rows (the portable loop, or
/// the SIMD lanes on the Highway target chosen now).
struct Results {
    std::vector<std::int64_t> tax, tax_alone, taxable;
    std::vector<std::int8_t> bracket;
    std::vector<long> over, over_alone;  // per row: whether its block refused at that row
};

Results run_kernel(const AnnualKernel& k, const std::vector<Row>& rows, std::size_t step, Lanes vector) {
    const std::size_t n = rows.size();
    std::vector<std::vector<std::int64_t>> cols(8, std::vector<std::int64_t>(n, 0));
    for (std::size_t i = 0; i < n; ++i)
        for (int j = 0; j < 7; ++j) cols[static_cast<std::size_t>(j)][i] = rows[i].v[j];
    Results r;
    r.tax.assign(n, -1);
    r.tax_alone.assign(n, -1);
    r.taxable.assign(n, -1);
    r.bracket.assign(n, -1);
    r.over.assign(n, 0);
    r.over_alone.assign(n, 0);
    for (std::size_t b = 0; b < n; b += step) {
        const std::size_t len = std::min(step, n - b);
        const std::int64_t* c[8];
        for (int j = 0; j < 8; ++j) c[j] = cols[static_cast<std::size_t>(j)].data() + b;
        // A refused row stops its block: redo the rest of the block after it.
        for (std::size_t from = 0; from < len;) {
            const std::int64_t* cc[8];
            for (int j = 0; j < 8; ++j) cc[j] = c[j] + from;
            const long over = k.block(cc, len - from, r.tax_alone.data() + b + from, nullptr, nullptr, vector);
            if (over < 0) break;
            r.over_alone[b + from + static_cast<std::size_t>(over)] = 1;
            from += static_cast<std::size_t>(over) + 1;
        }
        for (std::size_t from = 0; from < len;) {
            const std::int64_t* cc[8];
            for (int j = 0; j < 8; ++j) cc[j] = c[j] + from;
            const long over = k.block(cc, len - from, r.tax.data() + b + from, r.taxable.data() + b + from,
                                      r.bracket.data() + b + from, vector);
            if (over < 0) break;
            r.over[b + from + static_cast<std::size_t>(over)] = 1;
            from += static_cast<std::size_t>(over) + 1;
        }
    }
    return r;
}

void check_results(const TaxYear& y, const std::vector<Row>& rows, const Results& res) {
    long wrong = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        ComprehensiveIncome in;
        in.receipts.wages = Money::fen(row.v[0]);
        in.receipts.labour = Money::fen(row.v[1]);
        in.receipts.author = Money::fen(row.v[2]);
        in.receipts.royalties = Money::fen(row.v[3]);
        in.social_insurance = Money::fen(row.v[4]);
        in.special_additional = Money::fen(row.v[5]);
        in.other_deductions = Money::fen(row.v[6]);
        bool same = true;
        try {
            const AnnualTaxResult r = annual_tax(y, in);
            same = !res.over_alone[i] && res.tax_alone[i] == r.tax.fen();
            try {  // the taxable income as the Python .taxable_income shows it (RangeError beyond 10^15 yuan)
                const Money shown = round_half_up(r.taxable_income);
                same = same && !res.over[i] && res.tax[i] == r.tax.fen() && res.bracket[i] == r.bracket + 1 &&
                       res.taxable[i] == shown.fen();
            } catch (const RangeError&) {
                same = same && res.over[i];
            }
            if (!same)
                UNSCOPED_INFO("wages " << row.v[0] << " labour " << row.v[1] << " author " << row.v[2] << ": kernel "
                                       << res.tax[i] << " scalar " << r.tax.fen());
        } catch (const RangeError&) {
            same = res.over[i] && res.over_alone[i];  // the scalar refuses: so must the kernel
        }
        if (!same) ++wrong;
    }
    CHECK(wrong == 0);
}

/// Every Highway target this CPU runs (the best first), or none without Highway. Each is forced
/// in turn with hwy::SetSupportedTargetsForTest; `body` runs under each, then the CPU's own set
/// is restored.
template <class Body>
void for_each_target(Body body) {
#if defined(LIBTAX_BATCH_HWY)
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
        hwy::SetSupportedTargetsForTest(target);
        INFO("Highway target " << hwy::TargetName(target));
        REQUIRE(lanes_target() == hwy::TargetName(target));
        body();
    }
    hwy::SetSupportedTargetsForTest(0);
#else
    WARN("built without Highway: no SIMD lanes to check");
#endif
}

/// Every way of running the kernel equals annual_tax: the portable loop and the SIMD lanes on
/// every Highway target, row by row (masked tails) and in blocks of 1024 and of 13 rows.
void check_rows(const TaxYear& y, const std::vector<Row>& rows) {
    const AnnualKernel k(y);
    REQUIRE(k.integer_path());
    REQUIRE(k.formula_path());
    auto check = [&](Lanes lanes) {
        for (std::size_t step : {std::size_t{1}, std::size_t{13}, std::size_t{1024}}) {
            INFO("lanes " << static_cast<int>(lanes) << ", blocks of " << step);
            check_results(y, rows, run_kernel(k, rows, step, lanes));
        }
    };
    check(Lanes::portable);
    REQUIRE(k.path(Lanes::best) == (lanes_compiled() ? Lanes::best : Lanes::portable));
    for_each_target([&] { check(Lanes::best); });
}

std::vector<Row> rows_for(const TaxYear& y, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::vector<Row> rows;
    auto amount = [&](std::int64_t max_fen) { return static_cast<std::int64_t>(g() % static_cast<std::uint64_t>(max_fen)); };
    for (int i = 0; i < 20000; ++i) {
        Row r{};
        r.v[0] = amount(300'000'000);  // up to 3 million yuan
        if (i % 3 == 0) r.v[1] = amount(50'000'000);
        if (i % 5 == 0) r.v[2] = amount(10'000'000);
        if (i % 7 == 0) r.v[3] = amount(10'000'000);
        r.v[4] = amount(6'000'000);
        r.v[5] = amount(7'200'000);
        if (i % 4 == 0) r.v[6] = amount(1'440'000);
        rows.push_back(r);
    }
    // bracket edges: taxable income at each bound and a fen either side, by wages alone and via
    // labour remuneration (80%: sub-fen income amounts)
    const std::int64_t basic = y.provision("basic_deduction").amount("annual").value.fen();
    for (const Bracket& b : y.comprehensive_annual().brackets()) {
        for (std::int64_t edge : {b.over.fen(), b.upto ? b.upto->fen() : b.over.fen() + 1}) {
            for (std::int64_t delta = edge > 0 ? -3 : 0; delta <= 3; ++delta) {
                Row r{};
                r.v[0] = basic + edge + delta;
                rows.push_back(r);
                Row s{};
                s.v[0] = basic;
                s.v[1] = (edge * 5) / 4 + delta;  // 80% of it lands on the edge (or a fraction off)
                rows.push_back(s);
                Row t{};
                t.v[0] = basic;
                t.v[2] = (edge * 25) / 14 + delta;  // author's: 56%
                rows.push_back(t);
            }
        }
    }
    Row huge{};  // beyond the fast path: 128-bit arithmetic
    huge.v[0] = 90'000'000'000'000'000LL;
    huge.v[1] = 90'000'000'000'000'000LL;
    rows.push_back(huge);
    Row big{};
    big.v[0] = 100'000'000'000'000LL;  // 10^12 yuan
    big.v[2] = 77'777'777'777'777LL;
    rows.push_back(big);
    Row nothing{};
    rows.push_back(nothing);
    // the bounds of the lanes and the loop: amounts a fen either side of 2^38 and 2^40 fen, taxable
    // n a unit either side of n_limit (about 10^10 yuan at 45%), by wages and by labour, deductions
    // far larger than the income
    const AnnualKernel kernel(y);  // the plan is the kernel's member: the kernel must outlive it
    const LanePlan& plan = kernel.plan();
    const std::int64_t d = plan.s.d, at_limit = plan.n_limit / d;  // wages over basic giving n near the limit
    for (std::int64_t delta = -2; delta <= 2; ++delta) {
        Row r{};
        r.v[0] = basic + at_limit + delta;
        rows.push_back(r);
        Row s{};
        s.v[0] = basic;
        s.v[1] = plan.kl ? plan.n_limit / plan.kl + delta : 0;
        rows.push_back(s);
        Row t{};
        t.v[0] = basic + at_limit + delta;
        t.v[3] = 1;  // royalties: one more unit of n
        rows.push_back(t);
    }
    const std::int64_t two40 = std::int64_t{1} << 40, two38 = std::int64_t{1} << 38;
    for (std::int64_t v : {two38 - 1, two38, two38 + 1, two40 - 1, two40, two40 + 1, std::int64_t{1'000'000'000'000},
                           std::int64_t{1'000'500'000'000}, std::int64_t{1'001'000'000'000}, std::int64_t{1'050'000'000'000}}) {
        for (int col : {0, 1, 2, 3}) {
            Row r{};
            r.v[0] = col == 0 ? v : basic;
            r.v[col] = v;
            rows.push_back(r);
        }
        Row all{};  // every income at v: n is about 80 v, beyond the lanes' limit for v near 2^40
        for (int col : {0, 1, 2, 3}) all.v[col] = v;
        rows.push_back(all);
        Row d{};
        d.v[0] = v;
        d.v[4] = 90'000'000'000'000'000LL;
        d.v[5] = 90'000'000'000'000'000LL;
        d.v[1] = two40 - 1;
        rows.push_back(d);
    }
    return rows;
}

}  // namespace

TEST_CASE("batch kernel equals annual_tax for every built-in year") {
    for (int year : Tables::builtin().years()) {
        INFO("year " << year);
        const TaxYear& y = Tables::builtin().year(year);
        check_rows(y, rows_for(y, static_cast<std::uint64_t>(year)));
    }
}

TEST_CASE("batch kernel reads shares, deduction and brackets from the table (what-if tables)") {
    auto docs = Tables::builtin().documents();
    for (auto& d : docs) {
        if (d.name.find("2024.yaml") == std::string::npos) continue;
        auto replace = [&](const std::string& from, const std::string& to) {
            const auto at = d.text.find(from);
            REQUIRE(at != std::string::npos);
            d.text.replace(at, from.size(), to);
        };
        // the loader checks annual = 12 x monthly and monthly table = annual table / 12: change both
        replace("annual: 60000", "annual: 72000.36");
        replace("monthly: 5000\n", "monthly: 6000.03\n");
        replace("{over: 80000, upto: null,  rate: 0.45, quick: 15160}", "{over: 80000, upto: null,  rate: 0.40, quick: 11160}");
        replace("labour: 0.80", "labour: 0.7");
        replace("author_reduction: 0.70", "author_reduction: 0.65");
        replace("{over: 960000, upto: null,   rate: 0.45, quick: 181920}", "{over: 960000, upto: null,   rate: 0.40, quick: 133920}");
    }
    auto t = Tables::from_documents(docs);
    const TaxYear& y = t->year(2024);
    REQUIRE(y.provision("income_amount").rate("labour").value == Rate::fraction(7, 10));
    check_rows(y, rows_for(y, 7));
}

TEST_CASE("the lanes' division is exact below 2^51 on every target (floor_div)") {
    std::mt19937_64 g(52);
    const std::int64_t top = (std::int64_t{1} << 51) - 1;
    for_each_target([&] {
        long wrong = 0;
        for (std::int64_t q : {2LL, 3LL, 7LL, 50LL, 200LL, 4096LL, 5000LL, 10000LL, 2000000LL, (1LL << 21) - 1, (1LL << 21) - 2}) {
            std::vector<std::int64_t> xs = {0, 1, q - 1, q, q + 1, top, top - 1};
            for (std::int64_t k : {top / q, top / q - 1, top / q / 2, std::int64_t{1}})
                for (std::int64_t x : {k * q - 1, k * q, k * q + q - 1}) xs.push_back(x);
            for (int i = 0; i < 20000; ++i) xs.push_back(static_cast<std::int64_t>(g() & static_cast<std::uint64_t>(top)));
            std::vector<std::int64_t> out(xs.size());
            lanes_floor_div(xs.data(), xs.size(), q, out.data());
            for (std::size_t i = 0; i < xs.size(); ++i)
                if (xs[i] <= top && out[i] != xs[i] / q) ++wrong;
        }
        CHECK(wrong == 0);
    });
}

namespace {

// The sanitizer build (scripts/sanitize.sh, -O0) runs the lanes and the scalar call many times
// slower: it draws half as many random rows and runs two block lengths (both with partial groups).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::size_t kRandomStride = 8;
constexpr int kHalfFenRows = 1500;
const std::vector<std::size_t> kFusedSteps = {13, 1024};
#else
constexpr std::size_t kRandomStride = 4;
constexpr int kHalfFenRows = 3000;
const std::vector<std::size_t> kFusedSteps = {1, 13, 1024};
#endif

/// Doubles of yuan for the fused pass: every amount of rows_for as the nearest double to its
/// yuan, and amounts a hair either side of half a fen (where the rounding of x * 100 decides).
std::vector<std::array<double, 7>> yuan_rows(const TaxYear& y, std::uint64_t seed) {
    std::vector<std::array<double, 7>> out;
    const std::vector<Row> fen_rows = rows_for(y, seed);
    for (std::size_t i = 0; i < fen_rows.size(); ++i) {
        if (i < 20000 && i % kRandomStride != 0) continue;  // some of the random rows; every edge
        const Row& r = fen_rows[i];
        std::array<double, 7> a{};
        for (int j = 0; j < 7; ++j) a[static_cast<std::size_t>(j)] = static_cast<double>(r.v[j]) / 100.0;
        out.push_back(a);
    }
    std::mt19937_64 g(seed + 1);
    for (int i = 0; i < kHalfFenRows; ++i) {
        std::array<double, 7> a{};
        for (int j = 0; j < 7; ++j) {
            if (j != 0 && j != 4 && g() % 3 != 0) continue;
            const double half = static_cast<double>(g() % 50'000'000) / 100.0 + 0.005;  // x.xx5 yuan, up to 500,000
            const int way = static_cast<int>(g() % 3);
            a[static_cast<std::size_t>(j)] = way == 0 ? half : std::nextafter(half, way == 1 ? 1e300 : -1e300);
        }
        a[0] *= 8;  // wages above the deductions
        out.push_back(a);
    }
    for (double bad : {-0.01, -0.0, std::nan(""), static_cast<double>(INFINITY), 2147483648.0, 2147483647.99, 3e9, 1e15, 2e15}) {
        for (int j : {0, 1, 5}) {  // refused or beyond the lanes: left to the caller
            std::array<double, 7> a{};
            a[0] = 100000.0;
            a[static_cast<std::size_t>(j)] = bad;
            out.push_back(a);
        }
    }
    return out;
}

/// float_to_fen of every amount of a row, or nothing when one is refused (negative, not finite,
/// beyond Money).
std::optional<std::array<std::int64_t, 7>> fen_of(const std::array<double, 7>& a) {
    std::array<std::int64_t, 7> f{};
    for (std::size_t j = 0; j < 7; ++j) {
        const auto v = libtax::py_boundary::float_to_fen(a[j]);
        if (!v || *v < 0 || a[j] > 1e15) return std::nullopt;
        f[j] = *v;
    }
    return f;
}

}  // namespace

TEST_CASE("the fused pass's conversion equals float_to_fen on every target") {
    std::mt19937_64 g(100);
    std::vector<double> xs = {0.0, 0.005, 0.015, 0.004999999999999999, 0.49999999999999994 / 100, 60001.005, 96000.01,
                              5e-324, 1099511627775.99, 0.1 + 0.2, 1e-7, 2147483647.995};
    for (int i = 0; i < 40000; ++i) {
        const double half = static_cast<double>(g() % 100'000'000'000ULL) / 100.0 + 0.005;
        xs.push_back(i % 3 == 0 ? half : std::nextafter(half, i % 3 == 1 ? 1e300 : -1e300));
        xs.push_back(std::ldexp(static_cast<double>(g() >> 11), -static_cast<int>(g() % 70)) * (1.0 / 4096));
    }
    for_each_target([&] {
        std::vector<std::int64_t> out(xs.size());
        lanes_yuan_to_fen(xs.data(), xs.size(), out.data());
        long wrong = 0;
        for (std::size_t i = 0; i < xs.size(); ++i)
            if (xs[i] < 1099511627776.0 && out[i] != *libtax::py_boundary::float_to_fen(xs[i])) ++wrong;
        CHECK(wrong == 0);
    });
}

TEST_CASE("the fused pass (float yuan to float yuan) equals annual_tax on every target") {
    for (int year : Tables::builtin().years()) {
        INFO("year " << year);
        const TaxYear& y = Tables::builtin().year(year);
        const AnnualKernel k(y);
        REQUIRE(k.formula_path());
        const auto rows = yuan_rows(y, static_cast<std::uint64_t>(year));
        const std::size_t n = rows.size();
        // expected: the scalar annual_tax on the scalar boundary's fen, as yuan doubles
        std::vector<double> want_tax(n, -1), want_taxable(n, -1);
        std::vector<int> want_bracket(n, -1);
        std::vector<char> must_be_slow(n, 0), may_be_slow(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto f = fen_of(rows[i]);
            if (!f) {
                must_be_slow[i] = 1;
                continue;
            }
            for (double x : rows[i]) may_be_slow[i] |= !(x < 1e8) || std::signbit(x);  // -0.0 takes the slow path
            ComprehensiveIncome in;
            in.receipts = {Money::fen((*f)[0]), Money::fen((*f)[1]), Money::fen((*f)[2]), Money::fen((*f)[3]), Money()};
            in.social_insurance = Money::fen((*f)[4]);
            in.special_additional = Money::fen((*f)[5]);
            in.other_deductions = Money::fen((*f)[6]);
            try {
                const AnnualTaxResult r = annual_tax(y, in);
                want_tax[i] = static_cast<double>(r.tax.fen()) / 100.0;
                want_taxable[i] = static_cast<double>(round_half_up(r.taxable_income).fen()) / 100.0;
                want_bracket[i] = r.bracket + 1;
            } catch (const RangeError&) {
                may_be_slow[i] = 1;
            }
        }
        std::vector<std::vector<double>> cols(8, std::vector<double>(n, 0.0));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < 7; ++j) cols[j][i] = rows[i][j];
        for_each_target([&] {
            for (std::size_t step : kFusedSteps) {
                INFO("blocks of " << step);
                std::vector<double> tax(n, -1), taxable(n, -1);
                std::vector<std::int8_t> bracket(n, -1);
                std::vector<char> slow_row(n, 0);
                std::vector<std::uint32_t> slow(step);
                for (std::size_t b = 0; b < n; b += step) {
                    const std::size_t len = std::min(step, n - b);
                    const double* c[8];
                    for (std::size_t j = 0; j < 8; ++j) c[j] = cols[j].data() + b;
                    // alternately with and without taxable income and bracket
                    const bool all = (b / step) % 2 == 0;
                    const std::size_t count = k.yuan_block(c, len, tax.data() + b, all ? taxable.data() + b : nullptr,
                                                           all ? bracket.data() + b : nullptr, slow.data());
                    for (std::size_t s = 0; s < count; ++s) slow_row[b + slow[s]] = 1;
                    if (!all)
                        for (std::size_t i = b; i < b + len; ++i) taxable[i] = want_taxable[i], bracket[i] = static_cast<std::int8_t>(want_bracket[i]);
                }
                long wrong = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    if (slow_row[i]) {
                        wrong += !(must_be_slow[i] || may_be_slow[i]);  // rows well within the lanes stay in them
                        continue;
                    }
                    const bool same = !must_be_slow[i] && want_tax[i] >= 0 && tax[i] == want_tax[i] &&
                                      taxable[i] == want_taxable[i] && bracket[i] == want_bracket[i];
                    if (!same) {
                        ++wrong;
                        UNSCOPED_INFO("row " << i << " wages " << rows[i][0] << ": lanes " << tax[i] << " scalar " << want_tax[i]);
                    }
                }
                CHECK(wrong == 0);
            }
        });
    }
}
