// libtax-calc: from a scenario to a report, by calling libtax's calculators.
#pragma once

#include "report.hpp"
#include "scenario.hpp"

namespace libtax_calc {

/// Computes every part of the scenario the library can: annual tax on comprehensive income,
/// the annual-bonus choice, prepayments, business income, the monthly withholding (when the
/// payroll engine is built in) and the talent regimes (when the regime engine is built in).
/// A part the library cannot compute is reported as not available, with the reason.
Report calculate(const libtax::Tables& tables, const Scenario& s);

}  // namespace libtax_calc
