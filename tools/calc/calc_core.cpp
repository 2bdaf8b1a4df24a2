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
            throw libtax::TableError(s.file, i < s.regime_lines.size() ? s.regime_lines[i] : 0, "zone.regimes[" + std::to_string(i) + "]",
                                     libtax::detail::quoted(s.regimes[i]) + " is not a talent regime of these tables (they have: " + list + ")");
}

Report compute(const libtax::Tables& tables, const Scenario& s) {
    check_regime_ids(tables, s);
    return calculate(tables, s);
}

}  // namespace libtax_calc
