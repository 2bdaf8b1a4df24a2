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

/// What-if tables must hold every kind of table the scenario needs (the regime tables, the Hong
/// Kong / Macao table a listed regime compares with): a TableError naming what is missing, never
/// a relief of zero. The built-in tables are complete.
void check_table_kinds(const libtax::Tables& tables, const Scenario& s);

/// check_table_kinds, check_regime_ids, then calculate().
Report compute(const libtax::Tables& tables, const Scenario& s);

}  // namespace libtax_calc
