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

/// What-if tables must hold every kind of table the scenario needs: a folder without the regime
/// tables, or without the Hong Kong / Macao tables a listed regime compares with, is bad input
/// (exit 2, naming what is missing), never a relief of zero.
void check_table_kinds(const libtax::Tables& tables, const Scenario& s) {
    if (tables.origin() == "built-in") return;
    const std::string& dir = tables.origin();
    using libtax::TableError;
    std::string asked;
    for (const auto& id : s.regimes) asked += (asked.empty() ? "" : ", ") + id;
    if (!s.regimes.empty() && tables.regimes().empty())
        throw TableError(dir, 0, "regimes/",
                         "these tables have no talent-regime tables (regimes/<id>.yaml) and the scenario asks for " + asked + " (zone.regimes)");
    const libtax::Tables& law = libtax::Tables::builtin();
    const auto known = tables.regimes();
    for (const auto& id : s.regimes) {
        if (std::find(known.begin(), known.end(), id) == known.end()) continue;  // check_regime_ids names it
        const libtax::RegimeVersion* v = tables.regime(id).version_for(s.year);
        if (!v) continue;
        auto need = [&](const char* what, const char* file, auto&& have) {
            bool ours = true, built_in = true;
            try { have(tables); } catch (const libtax::Error&) { ours = false; }
            try { have(law); } catch (const libtax::Error&) { built_in = false; }
            if (!ours && built_in)
                throw TableError(dir, 0, file, std::string("these tables have no ") + what + " for " + std::to_string(s.year) +
                                                   ", which regime " + id + " (zone.regimes) compares with; the built-in tables have it");
        };
        if (v->formula == libtax::Formula::above_hong_kong)
            need("Hong Kong salaries-tax table", "hk_macao/hong-kong-salaries-tax.yaml", [&](const libtax::Tables& t) { t.hong_kong(s.year); });
        if (v->formula == libtax::Formula::above_macao)
            need("Macao professional-tax table", "hk_macao/macao-professional-tax.yaml", [&](const libtax::Tables& t) { t.macao(s.year); });
    }
}

Report compute(const libtax::Tables& tables, const Scenario& s) {
    check_table_kinds(tables, s);
    check_regime_ids(tables, s);
    return calculate(tables, s);
}

}  // namespace libtax_calc
