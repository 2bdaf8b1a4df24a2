// libtax-calc: Chinese aliases of scenario keys and values (aliases.hpp), from the glossary.
#include "aliases.hpp"

#include <vector>

#include "libtax/tables/embedded_documents.hpp"
#include "scenario.hpp"  // ScenarioError

namespace libtax_calc {

namespace {

/// The glossary's scenario section: keys (any level), keys_in (per top-level section, where the
/// same Chinese word names another key there) and values (per key).
struct Aliases {
    std::map<std::string, std::string> keys;
    std::map<std::string, std::map<std::string, std::string>> keys_in;
    std::map<std::string, std::map<std::string, std::string>> values;
};

std::map<std::string, std::string> flat(const YAML::Node& n) {
    std::map<std::string, std::string> out;
    if (n && n.IsMap())
        for (auto it = n.begin(); it != n.end(); ++it) out[it->first.Scalar()] = it->second.Scalar();
    return out;
}

const Aliases& aliases() {
    static const Aliases a = [] {
        Aliases out;
        for (const auto& doc : libtax::embedded_message_documents()) {
            if (doc.name.find("glossary.yaml") == std::string::npos) continue;
            const YAML::Node s = YAML::Load(doc.text)["scenario"];
            if (!s) continue;
            out.keys = flat(s["keys"]);
            for (auto it = s["keys_in"].begin(); it != s["keys_in"].end(); ++it) out.keys_in[it->first.Scalar()] = flat(it->second);
            for (auto it = s["values"].begin(); it != s["values"].end(); ++it) out.values[it->first.Scalar()] = flat(it->second);
        }
        return out;
    }();
    return a;
}

int line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

/// The key a value belongs to: "zone.regimes[1]" -> "regimes".
std::string last_key(const std::string& path) {
    const auto dot = path.find_last_of('.');
    std::string k = path.substr(dot == std::string::npos ? 0 : dot + 1);
    const auto bracket = k.find('[');
    return bracket == std::string::npos ? k : k.substr(0, bracket);
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

void resolve(YAML::Node node, const std::string& path, const std::string& section, const std::string& file, WrittenKeys& written) {
    const Aliases& a = aliases();
    if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) resolve(node[i], path + "[" + std::to_string(i) + "]", section, file, written);
        return;
    }
    if (node.IsScalar()) {  // a value of an enumerated field: identity, kind, regimes[i], a flag, a city
        const auto field = a.values.find(last_key(path));
        if (field == a.values.end()) return;
        const auto v = field->second.find(node.Scalar());
        if (v != field->second.end()) node = v->second;  // in place: the node keeps its line
        return;
    }
    if (!node.IsMap()) return;
    const auto in = a.keys_in.find(section);
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) continue;
        const std::string k = it->first.Scalar();
        std::string key;
        if (in != a.keys_in.end() && in->second.count(k)) key = in->second.at(k);
        else if (a.keys.count(k)) key = a.keys.at(k);
        if (key.empty()) continue;
        for (auto other = node.begin(); other != node.end(); ++other)
            if (other->first.IsScalar() && other->first.Scalar() == key)
                throw ScenarioError(file, line_of(it->first), written_key(join(path, k), written), "calc.error.alias_twice", {{"key", key}});
        YAML::Node name = it->first;
        name = key;  // renamed in place: the key keeps its line and its place in the mapping
        written[join(path, key)] = k;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) continue;
        const std::string k = it->first.Scalar();
        resolve(it->second, join(path, k), section.empty() ? k : section, file, written);
    }
}

}  // namespace

void resolve_aliases(YAML::Node& root, const std::string& file, WrittenKeys& written) { resolve(root, "", "", file, written); }

std::string written_key(const std::string& key, const WrittenKeys& written) {
    std::string canonical, out;
    std::size_t start = 0;
    while (start <= key.size()) {
        const auto dot = key.find('.', start);
        const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const auto bracket = part.find('[');
        const std::string name = part.substr(0, bracket), index = bracket == std::string::npos ? "" : part.substr(bracket);
        const std::string full = join(canonical, name);
        const auto w = written.find(full);
        out += (out.empty() ? "" : ".") + (w == written.end() ? name : w->second) + index;
        canonical = full + index;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

}  // namespace libtax_calc
