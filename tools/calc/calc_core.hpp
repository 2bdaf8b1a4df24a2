// libtax-calc's core as one call: a checked scenario and the tables in, the report out. The program
// (main.cpp) and the Python module libtax._calculator (libtax.calc) both call it, so they refuse
// the same inputs and compute the same report.
#pragma once

#include "calculate.hpp"
#include "report.hpp"
#include "scenario.hpp"

namespace libtax_calc {

/// A regime id the tables do not have is bad input (a ScenarioError, i.e. a TableError at its line
/// in the scenario), not a note in a computed report.
void check_regime_ids(const libtax::Tables& tables, const Scenario& s);

/// check_regime_ids, then calculate().
Report compute(const libtax::Tables& tables, const Scenario& s);

}  // namespace libtax_calc
