// The batch kernel's integer path equals libtax::annual_tax (tax, taxable income rounded half-up,
// bracket) on random rows, bracket edges (a fen either side), sub-fen income amounts and huge
// amounts; and it reads the tables: a what-if table with other shares and brackets agrees too.
#include <catch2/catch.hpp>

#include <random>

#include "batch/annual_kernel.hpp"
#include "libtax/libtax.hpp"

using namespace libtax;
using namespace libtax::batch;

namespace {

struct Row {
    std::int64_t v[7];
};

void check_rows(const TaxYear& y, const std::vector<Row>& rows) {
    const AnnualKernel k(y);
    REQUIRE(k.integer_path());
    static const std::int64_t zeros[1] = {0};
    long wrong = 0;
    for (const Row& row : rows) {
        const std::int64_t* c[8];
        for (int j = 0; j < 7; ++j) c[j] = &row.v[j];
        c[7] = zeros;
        std::int64_t tax = -1, tax2 = -1, taxable = -1;
        std::int8_t bracket = -1;
        const long over = k.block(c, 1, &tax, nullptr, nullptr);
        const long over2 = k.block(c, 1, &tax2, &taxable, &bracket);
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
            same = over < 0 && tax == r.tax.fen();
            try {  // the taxable income as the Python .taxable_income shows it (RangeError beyond 10^15 yuan)
                const Money shown = round_half_up(r.taxable_income);
                same = same && over2 < 0 && tax2 == r.tax.fen() && bracket == r.bracket + 1 && taxable == shown.fen();
            } catch (const RangeError&) {
                same = same && over2 >= 0;
            }
            if (!same)
                UNSCOPED_INFO("wages " << row.v[0] << " labour " << row.v[1] << " author " << row.v[2] << ": kernel " << tax
                                       << " scalar " << r.tax.fen());
        } catch (const RangeError&) {
            same = over >= 0 && over2 >= 0;  // the scalar refuses: so must the kernel
        }
        if (!same) ++wrong;
    }
    CHECK(wrong == 0);
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
        replace("annual: 60000", "annual: 72000.37");
        replace("labour: 0.80", "labour: 0.7");
        replace("author_reduction: 0.70", "author_reduction: 0.65");
        replace("{over: 960000, upto: null,   rate: 0.45, quick: 181920}", "{over: 960000, upto: null,   rate: 0.40, quick: 133920}");
    }
    auto t = Tables::from_documents(docs);
    const TaxYear& y = t->year(2024);
    REQUIRE(y.provision("income_amount").rate("labour").value == Rate::fraction(7, 10));
    check_rows(y, rows_for(y, 7));
}
