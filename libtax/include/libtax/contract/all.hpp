// libtax/contract/all.hpp - every declared calculator input (see field.hpp).
#pragma once

#include "libtax/contract/comprehensive_income.hpp"
#include "libtax/contract/foreign_inputs.hpp"
#include "libtax/contract/month_input.hpp"
#include "libtax/contract/reconciliation_input.hpp"
#include "libtax/contract/talent_case.hpp"
