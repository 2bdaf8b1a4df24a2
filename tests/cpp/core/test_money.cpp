#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace libtax;
using libtax::test::yuan;

TEST_CASE("Money parses plain decimal yuan and prints two decimals", "[money]") {
    CHECK(Money::parse("1234.5").fen() == 123450);
    CHECK(Money::parse("-0.01").fen() == -1);
    CHECK(Money::parse("60000").str() == "60000.00");
    CHECK(Money::parse("+7").str() == "7.00");
    CHECK(Money::parse(".5").str() == "0.50");
    CHECK(Money::fen(-5).str() == "-0.05");
    CHECK(Money::yuan(3).fen() == 300);
}

TEST_CASE("Money rounds more than two decimals half away from zero", "[money][rounding]") {
    CHECK(Money::parse("0.005").fen() == 1);
    CHECK(Money::parse("0.0049999").fen() == 0);
    CHECK(Money::parse("-0.005").fen() == -1);
    CHECK(Money::parse("1.004").fen() == 100);
}

TEST_CASE("Money rejects text that is not a plain decimal, naming the field", "[money][errors]") {
    for (const char* bad : {"", "abc", "1e5", "nan", "inf", "1,000", " 1", "1.2.3", "-", "."}) {
        INFO(bad);
        try {
            Money::parse(bad, "wages");
            FAIL("accepted");
        } catch (const InputError& e) {
            CHECK(e.field() == "wages");
            CHECK(std::string(e.what()).find("wages") == 0);
        }
    }
}

TEST_CASE("Money is exact to 10^12 yuan and errors beyond its range instead of wrapping", "[money][range]") {
    const Money big = Money::parse("1000000000000.01");  // 10^12 yuan and a fen
    CHECK((big + Money::fen(1)).str() == "1000000000000.02");
    CHECK((big * 99).str() == "99000000000000.99");
    CHECK_THROWS_AS(Money::parse("1000000000000000.01"), RangeError);
    CHECK_THROWS_AS(Money::yuan(1'000'000'000'000'000LL) + Money::fen(1), RangeError);
    CHECK_THROWS_AS(Money::yuan(1'000'000'000'000LL) * 1'000'000, RangeError);
    CHECK_THROWS_AS(Money::parse("99999999999999999999999999"), RangeError);
}

TEST_CASE("Rate parses exactly and prints as decimal and percent", "[rate]") {
    CHECK(Rate::parse("0.03").num() == 3);
    CHECK(Rate::parse("0.03").den() == 100);
    CHECK(Rate::parse("0.80").str() == "0.8");
    CHECK(Rate::parse("0.125").percent() == "12.5%");
    CHECK(Rate::fraction(25, 62).str() == "25/62");
    CHECK(Rate::parse("0.1") < Rate::parse("0.2"));
    CHECK_THROWS_AS(Rate::parse("-0.1"), InputError);
}

TEST_CASE("Exact keeps fractions of a fen and round_half_up is the only rounding", "[exact][rounding]") {
    const Exact a = Exact(Money::fen(1)) * Rate::parse("0.5");  // half a fen
    CHECK(round_half_up(a).fen() == 1);
    CHECK(round_half_up(-a).fen() == -1);
    CHECK(round_half_up(Exact(Money::fen(1)) * Rate::parse("0.49")).fen() == 0);
    const Exact third = Exact(Money::fen(100)).scaled(1, 3);
    CHECK(third.str() == "0.33...");
    CHECK(round_half_up(third * 3).fen() == 100);  // no drift: exact arithmetic
    CHECK(Exact(Money::fen(3)) < Exact(Money::fen(4)));
    // 12,096.77: 90,000 x (30,000 / 90,000) x (12.5 / 31) from E8
    const Exact sourced = Exact(yuan("90000")).scaled(30000, 90000).scaled(25, 62);
    CHECK(round_half_up(sourced).str() == "12096.77");
}
