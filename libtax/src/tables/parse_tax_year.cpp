// Reads tables/cn/<year>.yaml into a TaxYear, validating it against tables/schema.hpp.
#include <map>
#include <set>
#include <string>

#include "libtax/tables/schema.hpp"
#include "libtax/tables/tables.hpp"
#include "cross_field_rules.hpp"
#include "legal_reader.hpp"
#include "year_chain.hpp"

namespace libtax {

namespace {

using detail::DocumentRegistry;
using detail::YamlReader;

/// A note's Chinese twin: `note` (English) and `note_zh` (Chinese, in the statutory terms of
/// messages/glossary.yaml) each need the other, so Chinese output never shows an English note.
/// Empty when neither is there.
std::string read_note_zh(const YamlReader& r, const YAML::Node& node, const std::string& path) {
    if (node["note"] && !node["note_zh"])
        r.fail(node["note"], path + ".note_zh", "missing: the Chinese text beside note (every note of a tax-year table is given in English and Chinese)");
    if (!node["note"] && node["note_zh"]) r.fail(node["note_zh"], path + ".note", "missing: the English text beside note_zh");
    if (!node["note_zh"]) return {};
    std::string zh = r.scalar(node["note_zh"], path + ".note_zh");
    if (zh.empty()) r.fail(node["note_zh"], path + ".note_zh", "empty");
    return zh;
}

BracketSchedule read_schedule(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node,
                              const std::string& name) {
    const std::string path = "schedules." + name;
    static const std::set<std::string> keys{"source", "brackets", "note", "note_zh"};
    r.entries(node, path, &keys);
    read_note_zh(r, node, path);
    r.require(node, path, {"source", "brackets"});
    LegalSource source = detail::read_source_ref(r, docs, node["source"], path + ".source");
    return detail::read_brackets(r, node["brackets"], path + ".brackets", name, std::move(source));
}

Provision read_provision(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node,
                         const ProvisionSpec& spec, int year) {
    std::set<std::string> allowed{"source", "from", "to", "note", "note_zh", "unconfirmed"};
    for (const auto& f : spec.fields) allowed.insert(f.key);
    r.entries(node, spec.path, &allowed);
    r.require(node, spec.path, {"source"});
    Provision p;
    p.path = spec.path;
    p.source = detail::read_source_ref(r, docs, node["source"], spec.path + ".source");
    p.source.line = YamlReader::line_of(node);
    if (node["note"]) p.note = r.scalar(node["note"], spec.path + ".note");
    p.note_zh = read_note_zh(r, node, spec.path);
    if (node["unconfirmed"]) p.unconfirmed = r.boolean(node["unconfirmed"], spec.path + ".unconfirmed");
    if (node["to"] && !node["from"]) r.fail(node["to"], spec.path + ".to", "'to' needs a 'from'");
    if (spec.period_required && !node["from"]) r.fail(node, spec.path + ".from", "missing required key (this provision is dated)");
    if (node["from"]) {
        Period per{r.date(node["from"], spec.path + ".from"), std::nullopt};
        if (node["to"] && !node["to"].IsNull()) per.to = r.date(node["to"], spec.path + ".to");
        if (per.to && *per.to < per.from) r.fail(node["to"], spec.path + ".to", "ends (" + iso(*per.to) + ") before it starts (" + iso(per.from) + ")");
        if (!per.overlaps_year(year))
            r.fail(node["from"], spec.path + ".from", "period " + per.str() + " does not overlap tax year " + std::to_string(year));
        p.period = per;
    }
    for (const auto& f : spec.fields) {
        const std::string key = spec.path + "." + f.key;
        const YAML::Node v = node[f.key];
        if (!v) {
            if (f.required) r.fail(node, key, "missing required key");
            continue;
        }
        LegalSource src = p.source;
        src.line = YamlReader::line_of(v);
        switch (f.type) {
            case FieldType::money: p.money[f.key] = {r.money(v, key), src}; break;
            case FieldType::rate: p.rates[f.key] = {r.rate(v, key), src}; break;
            case FieldType::count: p.counts[f.key] = {r.count(v, key, f.min, f.max), src}; break;
            case FieldType::text: p.texts[f.key] = {r.scalar(v, key), src}; break;
            case FieldType::date: p.dates[f.key] = {r.date(v, key), src}; break;
        }
    }
    return p;
}

void read_provisions(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node,
                     const std::string& path, int year, TaxYear& out, const std::set<std::string>& skip = {}) {
    const auto& schema = year_table_schema();
    r.expect_map(node, path);
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) r.fail(it->first, path, "keys must be plain names");
        const std::string k = it->first.Scalar();
        if (skip.count(k)) continue;
        const std::string full = path.empty() ? k : path + "." + k;
        if (!seen.insert(k).second) r.fail(it->first, full, "duplicate key");
        const ProvisionSpec* spec = nullptr;
        bool group = false;
        for (const auto& s : schema) {
            if (s.path == full) spec = &s;
            else if (s.path.rfind(full + ".", 0) == 0) group = true;
        }
        if (spec) out.provisions[full] = read_provision(r, docs, it->second, *spec, year);
        else if (group) read_provisions(r, docs, it->second, full, year, out);
        else r.fail(it->first, full, "unknown key");
    }
}

}  // namespace

std::shared_ptr<const TaxYear> parse_tax_year(const TableDocument& doc) {
    return detail::parse_tax_year_tree(doc.name, detail::load_document(doc));
}

std::shared_ptr<const TaxYear> detail::parse_tax_year_tree(const std::string& name, const YAML::Node& root) {
    const TableDocument doc{name, {}};
    YamlReader r(doc.name);
    if (!root.IsMap()) r.fail(root, "(document)", "a tax table is a mapping of keys (table, year, period, documents, schedules, ...)");

    auto year = std::make_shared<TaxYear>();
    year->file = doc.name;
    r.require(root, "", {"table", "year", "period", "documents", "schedules"});
    const std::string table = r.scalar(root["table"], "table");
    if (table != "cn-iit") r.fail(root["table"], "table", "'" + table + "' is not a yearly IIT table (expected cn-iit)");
    const auto y = r.count(root["year"], "year");
    if (y < 1980 || y > 2200) r.fail(root["year"], "year", std::to_string(y) + " is not a plausible tax year");
    year->year = static_cast<int>(y);
    // a file named <year>.yaml must hold that year
    const auto slash = doc.name.find_last_of('/');
    const std::string base = doc.name.substr(slash == std::string::npos ? 0 : slash + 1);
    if (base.size() == 9 && base.substr(4) == ".yaml" && base.substr(0, 4) != std::to_string(y))
        r.fail(root["year"], "year", std::to_string(y) + " does not match the file name " + base);

    static const std::set<std::string> pkeys{"from", "to"};
    r.entries(root["period"], "period", &pkeys);
    r.require(root["period"], "period", {"from", "to"});
    const Date from = r.date(root["period"]["from"], "period.from");
    const Date to = r.date(root["period"]["to"], "period.to");
    if (from != Date(static_cast<unsigned short>(y), 1, 1) || to != Date(static_cast<unsigned short>(y), 12, 31))
        r.fail(root["period"], "period", "a tax year runs from " + std::to_string(y) + "-01-01 to " + std::to_string(y) + "-12-31 (got " + iso(from) + " to " + iso(to) + ")");

    const DocumentRegistry docs = detail::read_document_registry(r, root["documents"]);

    const auto& names = year_table_schedules();
    std::set<std::string> sched_keys(names.begin(), names.end());
    for (const auto& [k, v] : r.entries(root["schedules"], "schedules", &sched_keys))
        year->schedules[k] = read_schedule(r, docs, v, k);
    for (const auto& n : names)
        if (!year->schedules.count(n)) r.fail(root["schedules"], "schedules." + n, "missing required schedule");

    static const std::set<std::string> reserved{"table", "year", "period", "documents", "schedules"};
    read_provisions(r, docs, root, "", year->year, *year, reserved);
    for (const auto& s : year_table_schema())
        if (s.required && !year->provisions.count(s.path)) r.fail(root, s.path, "missing required provision");
    detail::check_cross_field_rules(r, *year);
    year->resolve();
    return year;
}

}  // namespace libtax
