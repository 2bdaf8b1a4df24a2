// Reads tables/cn/<year>.yaml into a TaxYear, validating it against tables/schema.hpp.
#include <map>
#include <set>
#include <string>

#include "libtax/tables/schema.hpp"
#include "libtax/tables/tables.hpp"
#include "yaml_reader.hpp"

namespace libtax {

namespace {

using detail::YamlReader;

struct DocumentEntry {
    std::string number;
    std::string title;
};
using DocumentRegistry = std::map<std::string, DocumentEntry>;

DocumentRegistry read_documents(const YamlReader& r, const YAML::Node& node) {
    DocumentRegistry docs;
    static const std::set<std::string> keys{"number", "title", "url"};
    for (const auto& [k, v] : r.entries(node, "documents")) {
        const std::string path = "documents." + k;
        r.entries(v, path, &keys);
        r.require(v, path, {"number", "title"});
        docs[k] = {r.scalar(v["number"], path + ".number"), r.scalar(v["title"], path + ".title")};
    }
    return docs;
}

LegalSource read_source(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node,
                        const std::string& path) {
    static const std::set<std::string> keys{"doc", "article", "url"};
    r.entries(node, path, &keys);
    r.require(node, path, {"doc"});
    const std::string doc = r.scalar(node["doc"], path + ".doc");
    auto it = docs.find(doc);
    if (it == docs.end()) r.fail(node["doc"], path + ".doc", "'" + doc + "' is not listed under documents");
    LegalSource s;
    s.document = it->second.number;
    if (node["article"]) s.article = r.scalar(node["article"], path + ".article");
    s.file = r.file();
    s.line = YamlReader::line_of(node);
    return s;
}

BracketSchedule read_schedule(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node,
                              const std::string& name) {
    const std::string path = "schedules." + name;
    static const std::set<std::string> keys{"source", "brackets", "note"};
    r.entries(node, path, &keys);
    r.require(node, path, {"source", "brackets"});
    LegalSource source = read_source(r, docs, node["source"], path + ".source");
    const YAML::Node list = node["brackets"];
    r.expect_seq(list, path + ".brackets");
    if (list.size() == 0) r.fail(list, path + ".brackets", "a schedule needs at least one bracket");

    static const std::set<std::string> bkeys{"over", "upto", "rate", "quick"};
    std::vector<Bracket> brackets;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node b = list[i];
        const std::string bp = path + ".brackets[" + std::to_string(i + 1) + "]";
        r.entries(b, bp, &bkeys);
        r.require(b, bp, {"over", "upto", "rate", "quick"});
        Bracket br;
        br.line = YamlReader::line_of(b);
        br.over = r.money(b["over"], bp + ".over");
        if (!b["upto"].IsNull()) br.upto = r.money(b["upto"], bp + ".upto");
        br.rate = r.rate(b["rate"], bp + ".rate");
        br.quick = r.money(b["quick"], bp + ".quick");
        // shape: first starts at 0, contiguous, ascending, only the last is open
        if (i == 0 && !br.over.is_zero()) r.fail(b["over"], bp + ".over", "the first bracket must start at 0 (got " + br.over.str() + ")");
        if (i > 0) {
            const Bracket& prev = brackets.back();
            if (!prev.upto) r.fail(list[i - 1]["upto"], path + ".brackets[" + std::to_string(i) + "].upto", "only the last bracket may be open-ended (upto: null)");
            if (br.over != *prev.upto)
                r.fail(b["over"], bp + ".over", "brackets are not contiguous: over " + br.over.str() + " but the previous bracket ends at " + prev.upto->str());
        }
        if (br.upto && !(br.over < *br.upto))
            r.fail(b["upto"], bp + ".upto", "brackets must ascend: upto " + br.upto->str() + " is not above over " + br.over.str());
        // the quick deduction identity: quick_i = quick_{i-1} + over_i * (rate_i - rate_{i-1})
        const Exact expected = i == 0 ? Exact() : Exact(brackets.back().quick) + Exact(br.over) * br.rate - Exact(br.over) * brackets.back().rate;
        if (Exact(br.quick) != expected)
            r.fail(b["quick"], bp + ".quick",
                   "quick deduction " + br.quick.str() + " is inconsistent with the brackets and rates (expected " + expected.str() +
                       " = previous quick + over x (rate - previous rate))");
        brackets.push_back(br);
    }
    if (brackets.back().upto) r.fail(list[list.size() - 1]["upto"], path + ".brackets[" + std::to_string(list.size()) + "].upto", "the last bracket must be open-ended (upto: null)");
    return BracketSchedule(name, std::move(brackets), std::move(source));
}

Provision read_provision(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node,
                         const ProvisionSpec& spec, int year) {
    std::set<std::string> allowed{"source", "from", "to", "note", "unconfirmed"};
    for (const auto& f : spec.fields) allowed.insert(f.key);
    r.entries(node, spec.path, &allowed);
    r.require(node, spec.path, {"source"});
    Provision p;
    p.path = spec.path;
    p.source = read_source(r, docs, node["source"], spec.path + ".source");
    p.source.line = YamlReader::line_of(node);
    if (node["note"]) p.note = r.scalar(node["note"], spec.path + ".note");
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
            case FieldType::count: p.counts[f.key] = {r.count(v, key), src}; break;
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
    detail::guard_document(doc.name, doc.text);
    YamlReader r(doc.name);
    YAML::Node root;
    try {
        root = YAML::Load(doc.text);
    } catch (const YAML::Exception& e) {
        throw TableError(doc.name, e.mark.is_null() ? 0 : e.mark.line + 1, "(syntax)", e.msg);
    }
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

    const DocumentRegistry docs = read_documents(r, root["documents"]);

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
    year->resolve();
    return year;
}

}  // namespace libtax
