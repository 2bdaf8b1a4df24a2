// The integer bracket kernel (core/bracket_kernel.hpp) against the statutory wording and the
// exact-fraction formula it replaces.
#include <random>

#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

TEST_CASE("Kernel: 'over X up to Y' - a bound belongs to the lower bracket, one fen more to the next", "[kernel]") {
    const BracketKernel& k = Tables::builtin().year(2024).comprehensive_annual().kernel();
    CHECK(k.index_of(0) == -1);
    CHECK(k.index_of(-5) == -1);
    CHECK(k.index_of(1) == 0);
    CHECK(k.index_of(3'600'000) == 0);        // 36000.00 yuan: still 3%
    CHECK(k.index_of(3'600'001) == 1);        // one fen more: 10%
    CHECK(k.index_of(18'000'000, 5) == 0);    // 3600000 fen as fifths
    CHECK(k.index_of(18'000'001, 5) == 1);    // 3600000.2 fen
    CHECK(k.index_of(3'600'000 * 7 + 1, 7) == 1);
    CHECK(k.apply(3'600'000).rounded() == yuan("1080"));
    CHECK(k.apply(100'000'000'000).index == 6);  // the open top bracket
}

TEST_CASE("Kernel: the same tax as t x rate - quick in exact fractions, for any t = n/d", "[kernel][properties]") {
    const BracketSchedule& s = Tables::builtin().year(2024).comprehensive_annual();
    std::mt19937_64 rng(20240101);
    std::uniform_int_distribution<std::int64_t> fen(-1'000'000, 200'000'000'000);
    std::uniform_int_distribution<std::int64_t> den(1, 400);
    for (int i = 0; i < 20000; ++i) {
        const std::int64_t n = fen(rng), d = den(rng);
        const Exact t = Exact::fen_fraction(n, d);
        // the reference: the first bracket whose upper bound is not below t, exactly
        int ref = -1;
        if (Exact() < t) {
            ref = static_cast<int>(s.brackets().size()) - 1;
            for (std::size_t j = 0; j < s.brackets().size(); ++j)
                if (s.brackets()[j].upto && t <= Exact(*s.brackets()[j].upto)) {
                    ref = static_cast<int>(j);
                    break;
                }
        }
        const BracketHit hit = s.apply(t);
        REQUIRE(hit.index == ref);
        if (ref < 0) {
            CHECK(hit.rounded_tax().is_zero());
            continue;
        }
        const Bracket& b = s.brackets()[static_cast<std::size_t>(ref)];
        const Exact exact = t * b.rate - Exact(b.quick);
        REQUIRE(hit.tax() == exact);
        REQUIRE(hit.rounded_tax() == round_half_up(max(exact, Exact())));
        REQUIRE(hit.rounded_tax(6) == round_half_up(max(exact * 6, Exact())));
    }
}
