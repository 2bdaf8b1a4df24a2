// Resolves `extends:` between yearly tables (see year_chain.hpp for the rules).
#include "year_chain.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "libtax/tables/schema.hpp"
#include "legal_reader.hpp"

namespace libtax::detail {

namespace {

/// Tags every node of a tree with the file it was read from (YamlReader::file_of reads it).
void tag_origin(YAML::Node node, const std::string& file) {
    node.SetTag(origin_tag(file));
    if (node.IsMap())
        for (auto it = node.begin(); it != node.end(); ++it) tag_origin(it->second, file);
    else if (node.IsSequence())
        for (std::size_t i = 0; i < node.size(); ++i) tag_origin(node[i], file);
}

/// A mapping key as text; empty when it is not a plain scalar (the parser reports those).
std::string key_text(const YAML::Node& key) { return key.IsScalar() ? key.Scalar() : std::string(); }

/// Whether a mapping has a key, without adding it (operator[] on a non-const node would).
bool has(const YAML::Node& map, const std::string& k) {
    const YAML::Node& m = map;
    return m.IsMap() && static_cast<bool>(m[k]);
}

enum class KeyKind { own, leaf_group, provision, group, unknown };

/// What a dotted path of a yearly table is, by the schema.
KeyKind kind_of(const std::string& path) {
    static const std::set<std::string> own{"table", "year", "period", "extends"};
    if (own.count(path)) return KeyKind::own;
    if (path == "documents" || path == "schedules") return KeyKind::leaf_group;
    bool group = false;
    for (const auto& s : year_table_schema()) {
        if (s.path == path) return KeyKind::provision;
        if (s.path.rfind(path + ".", 0) == 0) group = true;
    }
    return group ? KeyKind::group : KeyKind::unknown;
}

class ChainResolver {
public:
    explicit ChainResolver(const std::vector<const TableDocument*>& docs) {
        for (const auto* d : docs) {
            YamlReader r(d->name);
            YAML::Node root = load_document(*d);
            tag_origin(root, d->name);
            Entry e{d, root, year_of(r, root)};
            if (e.year >= 0 && !by_year_.emplace(e.year, entries_.size()).second)
                r.fail(root["year"], "year", "tax year " + std::to_string(e.year) + " is also defined by " + entries_[by_year_[e.year]].doc->name);
            entries_.push_back(e);
        }
    }

    std::vector<ResolvedYearDocument> resolve_all() {
        std::vector<ResolvedYearDocument> out;
        for (std::size_t i = 0; i < entries_.size(); ++i) out.push_back({entries_[i].doc, resolve(i)});
        return out;
    }

private:
    struct Entry {
        const TableDocument* doc;
        YAML::Node root;
        long long year;  // -1 when the file does not state a readable year (the parser reports it)
        int state = 0;   // 0 unresolved, 1 resolving, 2 resolved
    };

    static long long year_of(const YamlReader& r, const YAML::Node& root) {
        if (!root.IsMap() || !root["year"] || !root["year"].IsScalar()) return -1;
        const std::string s = root["year"].Scalar();
        if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
        (void)r;
        return std::stoll(s);
    }

    YAML::Node resolve(std::size_t i) {
        Entry& e = entries_[i];
        if (e.state == 2) return e.root;
        const YamlReader r(e.doc->name);
        if (!e.root.IsMap() || !e.root["extends"]) {
            e.state = 2;
            return e.root;
        }
        const YAML::Node ext = e.root["extends"];
        if (e.state == 1) r.fail(ext, "extends", "the chain of `extends` returns to this file (a cycle)");
        e.state = 1;
        const auto base_year = r.count(ext, "extends");
        auto it = by_year_.find(base_year);
        if (it == by_year_.end())
            r.fail(ext, "extends", "extends " + std::to_string(base_year) + ", which no yearly table among the documents defines");
        const YAML::Node base = resolve(it->second);
        const Merge m{r, entries_[it->second].doc->name, e.year, ext};
        m.overlay(e.root, base, "");
        e.root.remove("extends");
        e.state = 2;
        return e.root;
    }

    /// Lays a derived tree over its base; only the derived tree's own nodes are changed.
    struct Merge {
        const YamlReader& r;
        const std::string& base_file;
        long long year;
        YAML::Node extends;  // where an error about what the file inherits is reported

        void overlay(YAML::Node derived, const YAML::Node& base, const std::string& path) const {
            r.expect_map(derived, path.empty() ? "(document)" : path);
            std::vector<std::string> removed;
            for (auto it = derived.begin(); it != derived.end(); ++it) {
                const std::string k = key_text(it->first);
                if (k.empty()) continue;
                const std::string full = path.empty() ? k : path + "." + k;
                const KeyKind kind = kind_of(full);
                const bool in_base = has(base, k);
                const YAML::Node b = in_base ? base[k] : YAML::Node();
                if (kind == KeyKind::own || kind == KeyKind::unknown) continue;  // the parser checks these
                if (kind == KeyKind::leaf_group) {
                    if (in_base && b.IsMap() && it->second.IsMap()) overlay_leaves(it->second, b, full);
                    continue;
                }
                if (kind == KeyKind::group) {
                    if (in_base && b.IsMap()) overlay(it->second, b, full);
                    else check_new_group(it->second, full);
                    continue;
                }
                // a provision: replaced whole, ended with ~, or new (then it starts this year)
                if (it->second.IsNull()) {
                    if (!in_base) r.fail(it->second, full, "ends a provision that " + base_file + " does not have");
                    removed.push_back(k);
                } else if (!in_base) {
                    check_new_provision(it->second, full);
                }
            }
            for (const auto& k : removed) derived.remove(k);
            if (!base.IsMap()) return;
            for (auto it = base.begin(); it != base.end(); ++it) {
                const std::string k = key_text(it->first);
                const std::string full = path.empty() ? k : path + "." + k;
                if (k.empty() || has(derived, k) || kind_of(full) == KeyKind::own) continue;
                if (std::find(removed.begin(), removed.end(), k) != removed.end()) continue;
                check_reaches_year(it->second, full);
                derived[k] = it->second;
            }
        }

        /// documents / schedules: each entry replaced whole; a schedule the base lacks is refused.
        void overlay_leaves(YAML::Node derived, const YAML::Node& base, const std::string& path) const {
            for (auto it = derived.begin(); it != derived.end(); ++it) {
                const std::string k = key_text(it->first);
                if (path == "schedules" && !k.empty() && !has(base, k))
                    r.fail(it->first, path + "." + k, "is not in " + base_file + ", the year this file extends");
            }
            for (auto it = base.begin(); it != base.end(); ++it) {
                const std::string k = key_text(it->first);
                if (!k.empty() && !has(derived, k)) derived[k] = it->second;
            }
        }

        void check_new_group(const YAML::Node& group, const std::string& path) const {
            if (!group.IsMap()) return;  // the parser reports the shape
            for (auto it = group.begin(); it != group.end(); ++it) {
                const std::string full = path + "." + key_text(it->first);
                const KeyKind kind = kind_of(full);
                if (kind == KeyKind::group) check_new_group(it->second, full);
                else if (kind == KeyKind::provision && it->second.IsNull()) r.fail(it->second, full, "ends a provision that " + base_file + " does not have");
                else if (kind == KeyKind::provision) check_new_provision(it->second, full);
            }
        }

        /// A provision the base lacks is new law: it must start in this year.
        void check_new_provision(const YAML::Node& p, const std::string& path) const {
            const YAML::Node from = p.IsMap() ? p["from"] : YAML::Node();
            const std::string y = std::to_string(year);
            if (!from || !from.IsScalar() || from.Scalar().rfind(y + "-", 0) != 0)
                r.fail(p, path,
                       "is not in " + base_file + ", the year this file extends: a year that extends another states only changes, "
                       "and a provision new in " + y + " starts in " + y + " (from: " + y + "-MM-DD); otherwise add it to the first year it applies to");
        }

        /// An inherited dated provision must still be in force in this year.
        void check_reaches_year(const YAML::Node& p, const std::string& path) const {
            if (kind_of(path) == KeyKind::group && p.IsMap()) {
                for (auto it = p.begin(); it != p.end(); ++it) check_reaches_year(it->second, path + "." + key_text(it->first));
                return;
            }
            if (kind_of(path) != KeyKind::provision || !p.IsMap()) return;
            const YAML::Node to = p["to"];
            if (!to || !to.IsScalar() || to.Scalar().size() < 4) return;
            const std::string end = to.Scalar();
            if (end.substr(0, 4) < std::to_string(year))
                r.fail(extends, path,
                            "inherited from " + r.file_of(p) + ":" + std::to_string(YamlReader::line_of(p)) + " but ends " + end +
                                ", before " + std::to_string(year) + ": restate it with the law in force, or end it with `" +
                                path.substr(path.find_last_of('.') + 1) + ": ~`");
        }
    };

    std::vector<Entry> entries_;
    std::map<long long, std::size_t> by_year_;
};

}  // namespace

std::vector<ResolvedYearDocument> resolve_year_chains(const std::vector<const TableDocument*>& year_documents) {
    ChainResolver resolver(year_documents);
    return resolver.resolve_all();
}

}  // namespace libtax::detail
