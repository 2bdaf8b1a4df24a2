// WithholdingBatch (payroll/withholding_batch.hpp) equals withhold_year month by month on random
// employees, at every bracket bound of the cumulative tax (a fen either side), beyond the integer
// path (huge wages), for every first month; and refuses what withhold_month refuses, naming the
// row, the month and the field.
#include <catch2/catch.hpp>

#include <random>

#include "libtax/libtax.hpp"
#include "libtax/payroll/withholding_batch.hpp"

using namespace libtax;

namespace {

struct Grid {
    int months;
    std::vector<std::int64_t> cols[5];  // wage, exempt_income, social_insurance, special_additional, other_deductions
    std::size_t rows() const { return cols[0].size() / static_cast<std::size_t>(months); }
    void add(const std::int64_t (&month)[5]) {
        for (int c = 0; c < 5; ++c) cols[c].push_back(month[c]);
    }
};

std::vector<std::int64_t> scalar_row(const TaxYear& y, const Grid& g, std::size_t r, int first_month) {
    WithholdingTerms terms;
    terms.first_month = first_month;
    std::vector<MonthInput> in;
    for (int k = 0; k < g.months; ++k) {
        const std::size_t i = r * static_cast<std::size_t>(g.months) + static_cast<std::size_t>(k);
        MonthInput m;
        m.month = first_month + k;
        m.pay = Money::fen(g.cols[0][i]);
        m.exempt_income = Money::fen(g.cols[1][i]);
        m.social_insurance = Money::fen(g.cols[2][i]);
        m.special_additional = Money::fen(g.cols[3][i]);
        m.other_deductions = Money::fen(g.cols[4][i]);
        in.push_back(m);
    }
    std::vector<std::int64_t> out;
    for (const MonthResult& m : withhold_year(y, terms, in).months) out.push_back(m.withheld.fen());
    return out;
}

void check_equal(const TaxYear& y, const Grid& g, int first_month) {
    const WithholdingBatch batch(y, first_month, g.months);
    std::vector<std::int64_t> out(g.cols[0].size(), -1);
    WithholdingFault fault;
    REQUIRE(batch.run({g.cols[0].data(), g.cols[1].data(), g.cols[2].data(), g.cols[3].data(), g.cols[4].data()}, g.rows(),
                      out.data(), fault) == -1);
    for (std::size_t r = 0; r < g.rows(); ++r) {
        const std::vector<std::int64_t> got(out.begin() + static_cast<long>(r * static_cast<std::size_t>(g.months)),
                                            out.begin() + static_cast<long>((r + 1) * static_cast<std::size_t>(g.months)));
        INFO("row " << r);
        REQUIRE(got == scalar_row(y, g, r, first_month));
    }
}

}  // namespace

TEST_CASE("withholding batch equals withhold_year on random employees, every first month") {
    std::mt19937_64 rng(20240601);
    std::lognormal_distribution<double> wage(std::log(1.5e6), 1.2);  // fen
    std::uniform_int_distribution<int> pct(0, 99);
    for (int year : {2019, 2024, 2027}) {
        const TaxYear& y = Tables::builtin().year(year);
        for (int first = 1; first <= 12; first += 3) {
            Grid g{13 - first, {}};
            for (int r = 0; r < 400; ++r)
                for (int k = 0; k < g.months; ++k) {
                    const std::int64_t w = pct(rng) < 5 ? 0 : static_cast<std::int64_t>(wage(rng));
                    g.add({w, pct(rng) < 10 ? w / 20 : 0, std::min<std::int64_t>(w, 3'000'000) * 22 / 100, pct(rng) * 5000,
                           pct(rng) < 10 ? 20000 : 0});
                }
            check_equal(y, g, first);
        }
    }
}

TEST_CASE("withholding batch at every bracket bound of the cumulative tax, and beyond the integer path") {
    const TaxYear& y = Tables::builtin().year(2024);
    const std::int64_t basic = y.provision("basic_deduction").amount("monthly").value.fen();
    Grid g{2, {}};
    for (const Bracket& b : y.comprehensive_annual().brackets()) {
        if (!b.upto) continue;
        for (std::int64_t d = -2; d <= 2; ++d) {  // second month's cumulative taxable income at the bound + d fen
            const std::int64_t second = b.upto->fen() + d + 2 * basic - 100'000;
            g.add({100'000, 0, 0, 0, 0});
            g.add({second, 0, 0, 0, 0});
        }
    }
    for (std::int64_t w = 1'000'000'000; w < Money::max_fen / 12; w *= 7) {  // up to 8 x 10^15 fen a month
        g.add({w, 0, 0, 0, 0});
        g.add({w + 1, 3, 0, 0, 0});
    }
    check_equal(y, g, 11);
}

TEST_CASE("withholding batch refuses what withhold_month refuses, naming row, month and field") {
    const TaxYear& y = Tables::builtin().year(2024);
    const WithholdingBatch batch(y, 1, 3);
    std::vector<std::int64_t> wage(9, 1'000'000), exempt(9, 0), social(9, 0), out(9, 0);
    WithholdingFault f;
    social[7] = -1;
    REQUIRE(batch.run({wage.data(), exempt.data(), social.data(), nullptr, nullptr}, 3, out.data(), f) == 2);
    CHECK(f.month == 2);
    CHECK(std::string(f.field) == "social_insurance");
    CHECK_THROWS_WITH(f.raise("row 2, month 2"), Catch::Contains("social_insurance = -0.01: row 2, month 2: must not be negative"));
    social[7] = 0;
    exempt[4] = 1'000'001;
    REQUIRE(batch.run({wage.data(), exempt.data(), social.data(), nullptr, nullptr}, 3, out.data(), f) == 1);
    CHECK((std::string(f.field) == "exempt_income" && f.month == 2 && f.why == WithholdingFault::Why::exempt_above_pay));
    exempt[4] = 0;
    wage[3] = wage[4] = Money::max_fen;  // each month in range, the cumulative wage not
    REQUIRE(batch.run({wage.data(), exempt.data(), social.data(), nullptr, nullptr}, 3, out.data(), f) == 1);
    CHECK((std::string(f.field) == "wage" && f.month == 2 && f.why == WithholdingFault::Why::cumulative_out_of_range));
    CHECK_THROWS_AS(f.raise("row 1, month 2"), RangeError);
    CHECK_THROWS_AS(WithholdingBatch(y, 2, 12), InputError);
    CHECK_THROWS_AS(WithholdingBatch(y, 0, 1), InputError);
}
