// Reads the foreign benchmark tables: tables/hk_macao/hong-kong-salaries-tax.yaml (one entry
// per year of assessment) and tables/hk_macao/macao-professional-tax.yaml (one per year).
// Every value is {value: ..., source: {doc, article}}.
#include <set>
#include <string>

#include "libtax/hk_macao/hong_kong_salaries_tax.hpp"
#include "libtax/hk_macao/macao_professional_tax.hpp"
#include "../tables/legal_reader.hpp"

namespace libtax {

namespace {

using detail::DocumentRegistry;
using detail::YamlReader;

/// A year's note: `note` in English and `note_zh` in Chinese (shown in the reader's language, as
/// a regime table's texts are); each needs the other.
void read_note(const YamlReader& r, const YAML::Node& n, const std::string& p, std::string& note, std::string& note_zh) {
    if (n["note"] && !n["note_zh"])
        r.fail(n["note"], p + ".note_zh", "missing: the Chinese text beside note (every note of a Hong Kong or Macao table is given in English and Chinese)");
    if (!n["note"] && n["note_zh"]) r.fail(n["note_zh"], p + ".note", "missing: the English text beside note_zh");
    if (!n["note"]) return;
    note = r.scalar(n["note"], p + ".note");
    note_zh = r.scalar(n["note_zh"], p + ".note_zh");
    if (note_zh.empty()) r.fail(n["note_zh"], p + ".note_zh", "empty");
}

const YAML::Node value_node(const YamlReader& r, const YAML::Node& node, const std::string& path) {
    static const std::set<std::string> keys{"value", "source"};
    r.entries(node, path, &keys);
    r.require(node, path, {"value", "source"});
    return node["value"];
}

Sourced<Money> sourced_money(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node, const std::string& path) {
    const YAML::Node v = value_node(r, node, path);
    LegalSource s = detail::read_source_ref(r, docs, node["source"], path + ".source");
    s.line = YamlReader::line_of(v);
    return {r.money(v, path + ".value"), s};
}

Sourced<Rate> sourced_rate(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node, const std::string& path) {
    const YAML::Node v = value_node(r, node, path);
    LegalSource s = detail::read_source_ref(r, docs, node["source"], path + ".source");
    s.line = YamlReader::line_of(v);
    return {r.rate(v, path + ".value"), s};
}

BracketSchedule schedule(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node, const std::string& path,
                         const std::string& name) {
    static const std::set<std::string> keys{"source", "brackets"};
    r.entries(node, path, &keys);
    r.require(node, path, {"source", "brackets"});
    return detail::read_brackets(r, node["brackets"], path + ".brackets", name, detail::read_source_ref(r, docs, node["source"], path + ".source"));
}

YAML::Node root_of(const YamlReader& r, const TableDocument& doc, const char* table) {
    const YAML::Node root = detail::load_document(doc);
    if (!root.IsMap()) r.fail(root, "(document)", "a benchmark table is a mapping (table, documents, years)");
    static const std::set<std::string> keys{"table", "documents", "years", "note"};
    r.entries(root, "", &keys);
    r.require(root, "", {"table", "documents", "years"});
    const std::string t = r.scalar(root["table"], "table");
    if (t != table) r.fail(root["table"], "table", "'" + t + "' is not expected here (expected " + table + ")");
    r.expect_seq(root["years"], "years");
    return root;
}

}  // namespace

std::map<int, std::shared_ptr<const HongKongYear>> parse_hong_kong_table(const TableDocument& doc) {
    YamlReader r(doc.name);
    const YAML::Node root = root_of(r, doc, "hk-salaries-tax");
    const DocumentRegistry docs = detail::read_document_registry(r, root["documents"]);
    std::map<int, std::shared_ptr<const HongKongYear>> out;
    static const std::set<std::string> keys{"year_of_assessment", "progressive", "standard_rate", "standard_tier_threshold",
                                            "standard_rate_upper", "basic_allowance", "mpf_cap", "one_off_reduction_cap",
                                            "unconfirmed", "note", "note_zh"};
    for (std::size_t i = 0; i < root["years"].size(); ++i) {
        const YAML::Node n = root["years"][i];
        const std::string path = "years[" + std::to_string(i + 1) + "]";
        r.entries(n, path, &keys);
        r.require(n, path, {"year_of_assessment", "progressive", "standard_rate", "basic_allowance", "mpf_cap", "one_off_reduction_cap"});
        auto y = std::make_shared<HongKongYear>();
        y->file = doc.name;
        const std::string label = r.scalar(n["year_of_assessment"], path + ".year_of_assessment");
        bool shape = label.size() == 7 && label[4] == '/';
        int start = 0;
        if (shape) {
            try {
                start = std::stoi(label.substr(0, 4));
                shape = (start + 1) % 100 == std::stoi(label.substr(5, 2));
            } catch (const std::exception&) {
                shape = false;
            }
        }
        if (!shape) r.fail(n["year_of_assessment"], path + ".year_of_assessment", "'" + label + "' is not a year of assessment written like 2024/25");
        y->start_year = start;
        const std::string p = path + "." + label;
        y->progressive = schedule(r, docs, n["progressive"], p + ".progressive", "hk_progressive");
        y->standard_rate = sourced_rate(r, docs, n["standard_rate"], p + ".standard_rate");
        if (static_cast<bool>(n["standard_tier_threshold"]) != static_cast<bool>(n["standard_rate_upper"]))
            r.fail(n, p, "a two-tier standard rate needs both standard_tier_threshold and standard_rate_upper");
        if (n["standard_tier_threshold"]) {
            y->standard_tier_threshold = sourced_money(r, docs, n["standard_tier_threshold"], p + ".standard_tier_threshold");
            y->standard_rate_upper = sourced_rate(r, docs, n["standard_rate_upper"], p + ".standard_rate_upper");
        }
        y->basic_allowance = sourced_money(r, docs, n["basic_allowance"], p + ".basic_allowance");
        y->mpf_cap = sourced_money(r, docs, n["mpf_cap"], p + ".mpf_cap");
        y->one_off_reduction_cap = sourced_money(r, docs, n["one_off_reduction_cap"], p + ".one_off_reduction_cap");
        if (n["unconfirmed"]) y->unconfirmed = r.boolean(n["unconfirmed"], p + ".unconfirmed");
        read_note(r, n, p, y->note, y->note_zh);
        if (y->unconfirmed && y->note.empty()) r.fail(n, p + ".note", "an unconfirmed year needs a note");
        if (!out.emplace(start, y).second) r.fail(n, p, "year of assessment listed twice");
    }
    return out;
}

std::map<int, std::shared_ptr<const MacaoYear>> parse_macao_table(const TableDocument& doc) {
    YamlReader r(doc.name);
    const YAML::Node root = root_of(r, doc, "macao-professional-tax");
    const DocumentRegistry docs = detail::read_document_registry(r, root["documents"]);
    std::map<int, std::shared_ptr<const MacaoYear>> out;
    static const std::set<std::string> keys{"year", "bands", "fixed_deduction", "budget_reduction", "unconfirmed", "note", "note_zh"};
    for (std::size_t i = 0; i < root["years"].size(); ++i) {
        const YAML::Node n = root["years"][i];
        const std::string path = "years[" + std::to_string(i + 1) + "]";
        r.entries(n, path, &keys);
        r.require(n, path, {"year", "bands", "fixed_deduction", "budget_reduction"});
        auto y = std::make_shared<MacaoYear>();
        y->file = doc.name;
        const auto yr = r.count(n["year"], path + ".year");
        if (yr < 1980 || yr > 2200) r.fail(n["year"], path + ".year", "not a plausible year");
        y->year = static_cast<int>(yr);
        const std::string p = path + "." + std::to_string(yr);
        y->bands = schedule(r, docs, n["bands"], p + ".bands", "macao_professional_tax");
        y->fixed_deduction = sourced_rate(r, docs, n["fixed_deduction"], p + ".fixed_deduction");
        y->budget_reduction = sourced_rate(r, docs, n["budget_reduction"], p + ".budget_reduction");
        if (n["unconfirmed"]) y->unconfirmed = r.boolean(n["unconfirmed"], p + ".unconfirmed");
        read_note(r, n, p, y->note, y->note_zh);
        if (y->unconfirmed && y->note.empty()) r.fail(n, p + ".note", "an unconfirmed year needs a note");
        if (!out.emplace(y->year, y).second) r.fail(n, p, "year listed twice");
    }
    return out;
}

}  // namespace libtax
