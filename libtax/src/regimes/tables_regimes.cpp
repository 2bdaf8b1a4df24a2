// The Tables accessors for talent regimes and foreign benchmarks, and the dispatch of
// tables/hk_macao/ files by name.
#include "libtax/hk_macao/hong_kong_salaries_tax.hpp"
#include "libtax/hk_macao/macao_professional_tax.hpp"
#include "libtax/regimes/regime.hpp"
#include "libtax/tables/tables.hpp"

namespace libtax {

const Regime& Tables::regime(const std::string& id) const {
    auto it = regimes_.find(id);
    if (it == regimes_.end()) {
        std::string have;
        for (const auto& kv : regimes_) have += (have.empty() ? "" : ", ") + kv.first;
        throw InputError("regime", "'" + id + "'", "no such talent regime (the " + origin_ + " tables have: " + (have.empty() ? "none" : have) + ")");
    }
    return *it->second;
}

std::vector<std::string> Tables::regimes() const {
    std::vector<std::string> v;
    for (const auto& kv : regimes_) v.push_back(kv.first);
    return v;
}

const HongKongYear& Tables::hong_kong(int start_year) const {
    auto it = hong_kong_.find(start_year);
    if (it == hong_kong_.end()) {
        std::string have;
        for (const auto& kv : hong_kong_) have += (have.empty() ? "" : ", ") + kv.second->label();
        throw CoverageError("hong_kong_year_of_assessment", std::to_string(start_year) + "/" + std::to_string((start_year + 1) % 100),
                            "no Hong Kong salaries-tax table covers this year of assessment (tables cover " + (have.empty() ? "none" : have) + ")");
    }
    return *it->second;
}

const MacaoYear& Tables::macao(int year) const {
    auto it = macao_.find(year);
    if (it == macao_.end()) {
        std::string have;
        for (const auto& kv : macao_) have += (have.empty() ? "" : ", ") + std::to_string(kv.first);
        throw CoverageError("macao_year", std::to_string(year),
                            "no Macao professional-tax table covers this year (tables cover " + (have.empty() ? "none" : have) + ")");
    }
    return *it->second;
}

void Tables::add_regime(std::shared_ptr<const Regime> r) {
    const std::string id = r->id;
    const std::string file = r->file;
    if (!regimes_.emplace(id, std::move(r)).second) throw TableError(file, 1, "id", "regime '" + id + "' is defined twice");
}

void Tables::add_hong_kong(int start_year, std::shared_ptr<const HongKongYear> y) {
    const std::string file = y->file;
    if (!hong_kong_.emplace(start_year, std::move(y)).second)
        throw TableError(file, 1, "year_of_assessment", "defined by more than one file");
}

void Tables::add_macao(int year, std::shared_ptr<const MacaoYear> y) {
    const std::string file = y->file;
    if (!macao_.emplace(year, std::move(y)).second) throw TableError(file, 1, "year", "defined by more than one file");
}

void load_benchmark(Tables& t, const TableDocument& d) {
    const auto slash = d.name.find_last_of('/');
    const std::string base = d.name.substr(slash == std::string::npos ? 0 : slash + 1);
    if (base == "hong-kong-salaries-tax.yaml") {
        for (auto& [y, hk] : parse_hong_kong_table(d)) t.add_hong_kong(y, hk);
    } else if (base == "macao-professional-tax.yaml") {
        for (auto& [y, mo] : parse_macao_table(d)) t.add_macao(y, mo);
    } else {
        throw TableError(d.name, 1, "(file)", "not a known benchmark table (expected hong-kong-salaries-tax.yaml or macao-professional-tax.yaml)");
    }
}

}  // namespace libtax
