// The batch kernel's integer path equals libtax::annual_tax (tax, taxable income rounded half-up,
// bracket) on random rows, bracket edges (a fen either side), sub-fen income amounts and huge
// amounts; and it reads the tables: a what-if table with other shares and brackets agrees too.
#include <catch2/catch.hpp>

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
