// An error's message as a message id with arguments, matched against the error.problem.*
// templates of the English catalogue (core/error_text.hpp).
#include "libtax/core/error_text.hpp"

#include <algorithm>
#include <vector>

#include "libtax/core/language.hpp"

namespace libtax {

namespace {

/// `text` matched against `tmpl` ("unknown key (expected one of: {known})"): true with the
/// placeholders' values in `args`. A placeholder takes the shortest text up to the literal after it
/// (the last one: up to the end).
bool match(const std::string& tmpl, const std::string& text, TraceArgs& args) {
    std::vector<std::string> literals{""}, names;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{' && i + 1 < tmpl.size() && tmpl[i + 1] != '{') {
            const auto close = tmpl.find('}', i);
            if (close == std::string::npos) return false;
            names.push_back(tmpl.substr(i + 1, close - i - 1));
            literals.emplace_back();
            i = close;
        } else {
            if ((tmpl[i] == '{' || tmpl[i] == '}') && i + 1 < tmpl.size() && tmpl[i + 1] == tmpl[i]) ++i;
            literals.back() += tmpl[i];
        }
    }
    if (text.compare(0, literals[0].size(), literals[0]) != 0) return false;
    std::size_t at = literals[0].size();
    TraceArgs out;
    for (std::size_t k = 0; k < names.size(); ++k) {
        const std::string& lit = literals[k + 1];
        std::size_t end;
        if (k + 1 == names.size()) {  // the last literal ends the text
            if (text.size() < at + lit.size() || text.compare(text.size() - lit.size(), lit.size(), lit) != 0) return false;
            end = text.size() - lit.size();
        } else {
            end = text.find(lit, at);
            if (end == std::string::npos || lit.empty()) return false;
        }
        if (end < at) return false;
        std::string value = text.substr(at, end - at);
        if (value.empty()) return false;
        // words the tables write in English and the catalogues translate
        if (value == "built-in") out.push_back({names[k], message_id("error.origin.built_in")});
        else out.push_back({names[k], std::move(value)});
        at = end + lit.size();
    }
    if (names.empty() && at != text.size()) return false;
    args.insert(args.end(), out.begin(), out.end());
    return true;
}

/// The error.problem.* templates of the English catalogue, longest first (the most specific wins).
const std::vector<std::pair<std::string, std::string>>& problem_templates() {
    static const std::vector<std::pair<std::string, std::string>> all = [] {
        std::vector<std::pair<std::string, std::string>> v;
        for (const auto& [id, tmpl] : Catalogue::builtin("en").messages())
            if (id.rfind("error.problem.", 0) == 0) v.emplace_back(id, tmpl);
        std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
        return v;
    }();
    return all;
}

/// `what` without `prefix` (the frame the error's class put before the problem).
std::string after(const std::string& what, const std::string& prefix) {
    return what.compare(0, prefix.size(), prefix) == 0 ? what.substr(prefix.size()) : what;
}

}  // namespace

ErrorMessage error_message(const Error& e) {
    ErrorMessage m;
    std::string problem;
    if (const auto* in = dynamic_cast<const InputError*>(&e)) {
        m.id = "error.input";
        m.args = {{"field", in->field()}, {"value", in->value()}};
        problem = after(e.what(), in->field() + " = " + in->value() + ": ");
    } else if (const auto* t = dynamic_cast<const TableError*>(&e)) {
        m.id = "error.table";
        m.args = {{"file", t->file()}, {"line", std::to_string(t->line())}, {"key", t->key()}};
        problem = after(e.what(), t->file() + ":" + std::to_string(t->line()) + ": " + t->key() + ": ");
    } else {
        m.id = "error.other";
        problem = e.what();
    }
    for (const auto& [id, tmpl] : problem_templates()) {
        TraceArgs args;
        if (!match(tmpl, problem, args)) continue;
        // a message wrapping another ("row {row}: {detail}" around "wages = -1.00: must not be
        // negative"): the inner one read the same way, so both render in the same language
        for (TraceArg& a : args)
            if (a.name == "detail" && !a.value.message) {
                const ErrorMessage inner = error_message(Error(a.value.text));
                if (inner.translated()) a.value = bilingual(a.value.text, Catalogue::builtin("zh").format(inner.id, inner.args));
            }
        m.problem_id = id;
        m.args.push_back({"problem", message_id(id)});
        m.args.insert(m.args.end(), args.begin(), args.end());
        return m;
    }
    // a problem that is itself an input error's message ("stays[1] = 2024-04-01 -> 2024-06-01: overlaps
    // ..."), as a caller re-raising it under its own frame (a scenario's file:line) writes it: the
    // inner message, rendered in Chinese, with its field and value verbatim
    const auto eq = problem.find(" = ");
    if (eq != std::string::npos && eq > 0 && problem.find(": ") > eq) {
        for (auto colon = problem.find(": ", eq + 3); colon != std::string::npos; colon = problem.find(": ", colon + 2)) {
            const InputError inner(problem.substr(0, eq), problem.substr(eq + 3, colon - eq - 3), problem.substr(colon + 2));
            const ErrorMessage im = error_message(inner);
            if (!im.translated()) continue;
            m.problem_id = im.problem_id;
            m.args.push_back({"problem", bilingual(problem, Catalogue::builtin("zh").format(im.id, im.args))});
            return m;
        }
    }
    m.args.push_back({"problem", problem});
    return m;
}

std::string error_text(const Error& e, const std::string& language) {
    check_language(language);
    if (language == "en") return e.what();
    const ErrorMessage m = error_message(e);
    const std::string zh = Catalogue::builtin("zh").format(m.id, m.args);
    return language == "both" ? zh + "\n" + e.what() : zh;
}

}  // namespace libtax
