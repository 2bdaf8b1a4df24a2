// The message catalogues: parsing messages/<lang>.yaml, the built-in ones, placeholder filling.
#include "libtax/core/catalogue.hpp"

#include <memory>
#include <mutex>

#include <yaml-cpp/yaml.h>

#include "libtax/tables/embedded_documents.hpp"

namespace libtax {

namespace {

/// "messages/en.yaml" -> "en"
std::string language_of(const std::string& name) {
    const auto slash = name.find_last_of('/');
    std::string base = name.substr(slash == std::string::npos ? 0 : slash + 1);
    const auto dot = base.find('.');
    return dot == std::string::npos ? base : base.substr(0, dot);
}

const std::map<std::string, Catalogue>& builtin_catalogues() {
    static const std::map<std::string, Catalogue> all = [] {
        std::map<std::string, Catalogue> m;
        for (const auto& doc : embedded_message_documents()) {
            const std::string lang = language_of(doc.name);
            if (lang == "glossary") continue;  // messages/glossary.yaml: the terms, not a catalogue
            m[lang] = Catalogue::parse(doc.name, lang, doc.text);
        }
        return m;
    }();
    return all;
}

}  // namespace

Catalogue Catalogue::parse(const std::string& name, const std::string& language, const std::string& yaml_text) {
    Catalogue c;
    c.name_ = name;
    c.language_ = language;
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        throw MessageError(name + ":" + std::to_string(e.mark.is_null() ? 0 : e.mark.line + 1) + ": " + e.msg);
    }
    if (root.IsNull()) return c;
    if (!root.IsMap()) throw MessageError(name + ": a message catalogue is a flat mapping of id: \"template\"");
    for (auto it = root.begin(); it != root.end(); ++it) {
        const int line = it->first.Mark().line + 1;
        if (!it->first.IsScalar() || !it->second.IsScalar())
            throw MessageError(name + ":" + std::to_string(line) + ": each entry is id: \"template\" (no nesting)");
        const std::string id = it->first.Scalar();
        if (c.messages_.count(id)) throw MessageError(name + ":" + std::to_string(line) + ": " + id + ": duplicate message id");
        c.messages_[id] = it->second.Scalar();
    }
    return c;
}

const Catalogue& Catalogue::builtin(const std::string& language) {
    const auto& all = builtin_catalogues();
    auto it = all.find(language);
    if (it == all.end()) {
        std::string known;
        for (const auto& kv : all) known += (known.empty() ? "" : ", ") + kv.first;
        throw InputError("language", language, "no built-in message catalogue (known: " + known + ")");
    }
    return it->second;
}

std::vector<std::string> Catalogue::builtin_languages() {
    std::vector<std::string> out;
    for (const auto& kv : builtin_catalogues()) out.push_back(kv.first);
    return out;
}

const std::string& Catalogue::lookup(const std::string& id) const {
    auto it = messages_.find(id);
    if (it == messages_.end())
        throw MessageError("message catalogue " + (name_.empty() ? language_ : name_) + ": no message '" + id + "'");
    return it->second;
}

std::string Catalogue::text(const TraceText& t, const TraceArgs& args) const {
    return t.message ? format(t.text, args) : plain(t);
}

const std::string& Catalogue::plain(const TraceText& t) const {
    return !t.zh.empty() && language_ == "zh" ? t.zh : t.text;
}

std::string Catalogue::format(const std::string& id, const TraceArgs& args) const { return fill(lookup(id), args, id); }

std::string Catalogue::fill(const std::string& tmpl, const TraceArgs& args, const std::string& id) const {
    std::string out;
    out.reserve(tmpl.size() + 16);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        const char ch = tmpl[i];
        if ((ch == '{' || ch == '}') && i + 1 < tmpl.size() && tmpl[i + 1] == ch) {  // {{ or }}
            out += ch;
            ++i;
            continue;
        }
        if (ch != '{') {
            out += ch;
            continue;
        }
        const auto close = tmpl.find('}', i);
        if (close == std::string::npos) throw MessageError("message '" + id + "' (" + language_ + "): unclosed '{' in \"" + tmpl + "\"");
        const std::string name = tmpl.substr(i + 1, close - i - 1);
        const TraceArg* arg = nullptr;
        for (const auto& a : args)
            if (a.name == name) arg = &a;
        if (!arg) throw MessageError("message '" + id + "' (" + language_ + "): no argument for placeholder {" + name + "}");
        out += arg->value.message ? format(arg->value.text, args) : plain(arg->value);  // a message argument may use the other arguments
        i = close;
    }
    return out;
}

}  // namespace libtax
