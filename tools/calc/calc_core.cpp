// libtax-calc's core as one call (calc_core.hpp).
#include "calc_core.hpp"

#include <algorithm>

#include "yaml_reader.hpp"  // libtax/src/tables: quoted()

namespace libtax_calc {

void check_regime_ids(const libtax::Tables& tables, const Scenario& s) {
    const std::vector<std::string> known = tables.regimes();
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    for (std::size_t i = 0; i < s.regimes.size(); ++i)
        if (std::find(known.begin(), known.end(), s.regimes[i]) == known.end())
            throw ScenarioError(s.file, i < s.regime_lines.size() ? s.regime_lines[i] : 0, s.key_as_written("zone.regimes[" + std::to_string(i) + "]"),
                                "calc.error.unknown_regime", {{"value", libtax::detail::quoted(s.regimes[i])}, {"list", list}});
}

Report compute(const libtax::Tables& tables, const Scenario& s) {
    check_regime_ids(tables, s);
    return calculate(tables, s);
}

}  // namespace libtax_calc
