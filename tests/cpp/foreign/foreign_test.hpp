// Helpers for the foreign-individuals tests.
#pragma once

#include <boost/date_time/gregorian/gregorian.hpp>

#include "libtax/foreign/foreign.hpp"
#include "test_support.hpp"

namespace libtax::test {
inline Date d(const char* iso_text) { return boost::gregorian::from_simple_string(iso_text); }
inline const TaxYear& year(int y) { return Tables::builtin().year(y); }
inline MonthlyWages wages(const char* total, const char* domestic, const char* china_days, int calendar_days) {
    return {Money::parse(total), Money::parse(domestic), WorkingDays::parse(china_days), calendar_days};
}
}  // namespace libtax::test
