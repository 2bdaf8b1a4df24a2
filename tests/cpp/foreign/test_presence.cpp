// Residence days, the 183/90-day tests and the six-year rule (Impl. Regs arts. 2, 4, 5;
// MOF/STA 2019 No. 34). Examples from section 9.
#include <catch2/catch.hpp>

#include "foreign_test.hpp"

using namespace libtax;
using namespace libtax::test;

TEST_CASE("Arrival and departure days do not count as residence days", "[presence]") {
    CHECK(residence_days({{d("2024-03-01"), d("2024-03-05")}}, 2024) == 3);
    CHECK(residence_days({{d("2024-03-01"), d("2024-03-02")}}, 2024) == 0);
    CHECK(residence_days({{d("2024-03-01"), d("2024-03-01")}}, 2024) == 0);  // a day trip
    // a stay across the new year counts in each year only the days inside it
    CHECK(residence_days({{d("2023-12-30"), d("2024-01-03")}}, 2023) == 1);
    CHECK(residence_days({{d("2023-12-30"), d("2024-01-03")}}, 2024) == 2);
    // leaving and coming back the same day: that day is not a whole day in China
    CHECK(residence_days({{d("2024-01-01"), d("2024-01-10")}, {d("2024-01-10"), d("2024-01-20")}}, 2024) == 17);
}

TEST_CASE("E9a: Mon-Fri commuter from Hong Kong has 156 residence days [OFFICIAL-EX]", "[presence][E9]") {
    // E9(a), MOF/STA press Q&A on 2019 No. 34: 3 counted days a week x 52 weeks.
    std::vector<Stay> stays;
    Date monday = d("2024-01-01");  // a Monday
    for (int w = 0; w < 52; ++w, monday += boost::gregorian::days(7))
        stays.push_back({monday, monday + boost::gregorian::days(4)});
    CHECK(residence_days(stays, 2024) == 156);
    const Residency r = residency(year(2024), stays);
    CHECK_FALSE(r.resident);
    CHECK(r.status == PresenceStatus::nonresident_over_90_days);
}

TEST_CASE("Resident at 183 days, not at 182; the 90-day test at 90/91", "[presence][threshold]") {
    const TaxYear& t = year(2024);
    // 2024-01-01 -> 2024-07-03 gives Jan 2 .. Jul 2 = 183 whole days
    CHECK(residency(t, {{d("2024-01-01"), d("2024-07-03")}}).residence_days == 183);
    CHECK(residency(t, {{d("2024-01-01"), d("2024-07-03")}}).resident);
    CHECK_FALSE(residency(t, {{d("2024-01-01"), d("2024-07-02")}}).resident);
    CHECK(residency(t, {{d("2024-01-01"), d("2024-07-02")}}).residence_days == 182);
    CHECK(presence_status(t, 90, false) == PresenceStatus::nonresident_up_to_90_days);
    CHECK(presence_status(t, 91, false) == PresenceStatus::nonresident_over_90_days);
    CHECK(presence_status(t, 182, true) == PresenceStatus::nonresident_over_90_days);
    CHECK(presence_status(t, 183, false) == PresenceStatus::resident_without_chain);
    CHECK(presence_status(t, 183, true) == PresenceStatus::resident_with_chain);
    CHECK_THROWS_AS(presence_status(t, 367, false), InputError);
    CHECK_THROWS_AS(presence_status(t, -1, false), InputError);
    CHECK(presence_status(t, 366, false) == PresenceStatus::resident_without_chain);  // 2024 is a leap year
    CHECK_THROWS_AS(presence_status(year(2023), 366, false), InputError);
}

TEST_CASE("Reversed and overlapping stays are errors naming the stay", "[presence][errors]") {
    try {
        residence_days({{d("2024-01-01"), d("2024-01-10")}, {d("2024-03-05"), d("2024-03-01")}}, 2024);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(e.field() == "stays[1]");
        CHECK(e.value() == "2024-03-05 -> 2024-03-01");
        CHECK(std::string(e.what()).find("reversed") != std::string::npos);
    }
    try {
        residence_days({{d("2024-02-01"), d("2024-02-20")}, {d("2024-01-01"), d("2024-02-02")}}, 2024);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(e.field() == "stays[0]");
        CHECK(std::string(e.what()).find("overlaps stays[1] (2024-01-01 -> 2024-02-02)") != std::string::npos);
    }
    CHECK_THROWS_AS(residence_days({{Date(), d("2024-01-10")}}, 2024), InputError);
}

namespace {
// E9(b): in Shenzhen 2013-01-01 -> 2026-08-30, one long trip 2025-02-01 -> 2025-03-15.
std::vector<Stay> zhang() { return {{d("2013-01-01"), d("2025-02-01")}, {d("2025-03-15"), d("2026-08-30")}}; }
}  // namespace

TEST_CASE("E9b: the six-year chain counts from 2019 [OFFICIAL-EX]", "[six-year][E9]") {
    for (int y = 2019; y <= 2024; ++y) {
        const SixYearChain c = six_year_chain(year(y), zhang());
        CHECK_FALSE(c.complete);
        CHECK(c.consecutive_years == y - 2019);
        CHECK(residency(year(y), zhang()).status == PresenceStatus::resident_without_chain);
    }
    const SixYearChain c25 = explained([&](Trace* tr) { return six_year_chain(year(2025), zhang(), tr); });
    CHECK(c25.complete);
    CHECK(c25.consecutive_years == 6);
    CHECK(residency(year(2025), zhang()).status == PresenceStatus::resident_with_chain);
    CHECK(c25.explanation.text().find("MOF/STA Announcement 2019 No. 34") != std::string::npos);
    // 2026: the 41-day trip in 2025 (Feb 2 .. Mar 14 abroad) breaks the chain
    const SixYearChain c26 = six_year_chain(year(2026), zhang());
    CHECK_FALSE(c26.complete);
    CHECK(c26.consecutive_years == 0);
    REQUIRE(c26.years.size() == 1);
    CHECK(c26.years[0].longest_absence == 41);
    CHECK(c26.reason.find("single absence of 41 days") != std::string::npos);
    // 2026 itself: 2026-01-01 .. 2026-08-29 = 241 days, resident, no chain
    const Residency r26 = residency(year(2026), zhang());
    CHECK(r26.residence_days == 241);
    CHECK(r26.status == PresenceStatus::resident_without_chain);
}

TEST_CASE("Six-year rule: an absence of 30 days keeps the chain, 31 breaks it", "[six-year][threshold]") {
    auto with_trip = [](int whole_days_abroad) {
        const Date dep = d("2021-05-01");
        return std::vector<Stay>{{d("2018-06-01"), dep}, {dep + boost::gregorian::days(whole_days_abroad + 1), d("2026-12-31")}};
    };
    CHECK(six_year_chain(year(2025), with_trip(30)).complete);
    CHECK_FALSE(six_year_chain(year(2025), with_trip(31)).complete);
    // 2027 looks back to 2021-2026 and still sees the 2021 trip: five years in a row
    CHECK_FALSE(six_year_chain(year(2027), with_trip(31)).complete);
    CHECK(six_year_chain(year(2027), with_trip(31)).consecutive_years == 5);
}

TEST_CASE("Six-year rule: a year under 183 days restarts the count", "[six-year][threshold]") {
    // 2020 has exactly 182 residence days (Jan 1 .. Jun 30; away from 2020-07-01 to 2020-12-31)
    std::vector<Stay> s{{d("2018-01-01"), d("2020-07-01")}, {d("2020-12-31"), d("2027-12-31")}};
    const SixYearChain c = six_year_chain(year(2025), s);
    CHECK_FALSE(c.complete);
    CHECK(c.consecutive_years == 4);  // 2021..2024
    CHECK(c.years.back().year == 2020);
    CHECK(c.years.back().residence_days == 182);
}
