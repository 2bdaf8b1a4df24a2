// libtax/libtax.hpp - everything: include this, or only the headers you use.
#pragma once

#include "libtax/business/business_tax.hpp"
#include "libtax/comprehensive/annual_bonus.hpp"
#include "libtax/comprehensive/annual_tax.hpp"
#include "libtax/comprehensive/income_amount.hpp"
#include "libtax/comprehensive/prepayment.hpp"
#include "libtax/core/error.hpp"
#include "libtax/core/exact.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/foreign/foreign.hpp"
#include "libtax/payroll/reconciliation.hpp"
#include "libtax/payroll/withholding_run.hpp"
#include "libtax/tables/tables.hpp"
