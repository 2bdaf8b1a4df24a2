// libtax/foreign/foreign.hpp - everything for individuals without domicile in China and the
// separately taxed items of residents, in one include.
#pragma once

#include "libtax/foreign/presence.hpp"
#include "libtax/foreign/six_year_rule.hpp"
#include "libtax/foreign/residency.hpp"
#include "libtax/foreign/working_days.hpp"
#include "libtax/foreign/wage_sourcing.hpp"
#include "libtax/foreign/nonresident_tax.hpp"
#include "libtax/foreign/nondomiciled_annual_tax.hpp"
#include "libtax/foreign/allowances.hpp"
#include "libtax/separate/equity_incentives.hpp"
#include "libtax/separate/severance.hpp"
#include "libtax/separate/early_retirement.hpp"
#include "libtax/separate/annuity_payout.hpp"
#include "libtax/separate/internal_retirement.hpp"
#include "libtax/foreign/nonresident_equity.hpp"
