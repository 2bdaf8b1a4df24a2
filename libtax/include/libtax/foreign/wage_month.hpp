// libtax/foreign/wage_month.hpp - one month of a non-resident's China-sourced wages and the part
// of it from a preferential zone. A non-resident's wages are taxed month by month on the monthly
// table (IIT Law art. 6(1)(2)); the talent regimes relieve each month's actual figures (Hainan
// formula 3 of Qiong Cai Shui [2020] 1019).
#pragma once

#include <optional>

#include "libtax/core/money.hpp"

namespace libtax {

struct WageMonth {
    Money wage;                      ///< the month's China-sourced wages
    std::optional<Money> zone_wage;  ///< its part from the zone; empty: all of it
    Money zone() const { return zone_wage ? *zone_wage : wage; }
};

}  // namespace libtax
