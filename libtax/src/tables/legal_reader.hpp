// Private helpers shared by every table loader (yearly tables, regimes, benchmarks): the
// `documents:` registry, `source:` references, bracket schedules and the guarded YAML load, each
// read with file:line + key errors (yaml_reader.hpp).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "yaml_reader.hpp"
#include "libtax/tables/bracket_schedule.hpp"
#include "libtax/tables/tables.hpp"

namespace libtax::detail {

struct DocumentEntry {
    std::string number;
    std::string title;
};
using DocumentRegistry = std::map<std::string, DocumentEntry>;

inline DocumentRegistry read_document_registry(const YamlReader& r, const YAML::Node& node) {
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

inline LegalSource read_source_ref(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node,
                                   const std::string& path) {
    static const std::set<std::string> keys{"doc", "article", "url"};
    r.entries(node, path, &keys);
    r.require(node, path, {"doc"});
    const std::string doc = r.scalar(node["doc"], path + ".doc");
    auto it = docs.find(doc);
    if (it == docs.end()) r.fail(node["doc"], path + ".doc", "'" + doc + "' is not listed under documents");
    LegalSource s;
    s.document = it->second.number;
    s.doc_id = doc;
    if (node["article"]) s.article = r.scalar(node["article"], path + ".article");
    s.file = r.file();
    s.line = YamlReader::line_of(node);
    return s;
}

/// A list of plain names (a YAML sequence of scalars).
inline std::vector<std::string> read_names(const YamlReader& r, const YAML::Node& node, const std::string& path) {
    r.expect_seq(node, path);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i) out.push_back(r.scalar(node[i], path + "[" + std::to_string(i + 1) + "]"));
    return out;
}

/// Brackets {over, upto, rate, quick}: first at 0, contiguous, ascending, last open, quick
/// deductions consistent with the rates.
inline BracketSchedule read_brackets(const YamlReader& r, const YAML::Node& list, const std::string& path, const std::string& name,
                                     LegalSource source) {
    r.expect_seq(list, path);
    if (list.size() == 0) r.fail(list, path, "a schedule needs at least one bracket");
    static const std::set<std::string> bkeys{"over", "upto", "rate", "quick"};
    std::vector<Bracket> brackets;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node b = list[i];
        const std::string bp = path + "[" + std::to_string(i + 1) + "]";
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
            if (!prev.upto) r.fail(list[i - 1]["upto"], path + "[" + std::to_string(i) + "].upto", "only the last bracket may be open-ended (upto: null)");
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
    if (brackets.back().upto)
        r.fail(list[list.size() - 1]["upto"], path + "[" + std::to_string(list.size()) + "].upto", "the last bracket must be open-ended (upto: null)");
    return BracketSchedule(name, std::move(brackets), std::move(source));
}

inline YAML::Node load_document(const TableDocument& doc) {
    guard_document(doc.name, doc.text);
    try {
        return YAML::Load(doc.text);
    } catch (const YAML::Exception& e) {
        throw TableError(doc.name, e.mark.is_null() ? 0 : e.mark.line + 1, "(syntax)", e.msg);
    }
}

}  // namespace libtax::detail
