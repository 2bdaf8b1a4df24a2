// libtax-calc: rendering a report as text or as JSON (schema "libtax-calc/1", README "Embedding"),
// in English, Chinese or both; every word comes from the message catalogues (calc.* ids).
#include "report.hpp"

#include <algorithm>
#include <cstdio>
#include <regex>

#include "libtax/core/render.hpp"

namespace libtax_calc {

using libtax::Catalogue;
using libtax::TraceArgs;

void Section::money(const std::string& name, libtax::Money m) { figures.push_back({name, json_string(m.str()), m.str()}); }
void Section::integer(const std::string& name, long long v) { figures.push_back({name, std::to_string(v), std::to_string(v)}); }
void Section::flag(const std::string& name, bool v) { figures.push_back({name, v ? "true" : "false", v ? "yes" : "no"}); }
void Section::word(const std::string& name, const std::string& v) { figures.push_back({name, json_string(v), v}); }

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);  // UTF-8 passes through
                }
        }
    }
    return out + "\"";
}

namespace {

/// The catalogues a report is written in: one, or Chinese then English for "both".
std::vector<const Catalogue*> catalogues(const std::string& language) {
    if (language == "both") return {&Catalogue::builtin("zh"), &Catalogue::builtin("en")};
    return {&Catalogue::builtin(language)};
}

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t w = libtax::display_width(s);
    return s + std::string(width > w ? width - w : 0, ' ');
}

/// A figure's label: calc.figure.<name>; month_01, payment_2_tax and "<regime>.<figure>" built
/// from their parts; the name itself when the catalogue has none.
std::string figure_label(const Catalogue& c, const std::string& name) {
    static const std::regex month(R"(month_(\d+))"), payment(R"(payment_(\d+)_tax)"), scoped(R"(([^.]+)\.(.+))");
    std::smatch m;
    if (c.has("calc.figure." + name)) return c.format("calc.figure." + name);
    if (std::regex_match(name, m, month)) return c.format("calc.figure.month", {{"month", m[1].str()}});
    if (std::regex_match(name, m, payment)) return c.format("calc.figure.payment_tax", {{"number", m[1].str()}});
    if (std::regex_match(name, m, scoped)) return m[1].str() + ": " + figure_label(c, m[2].str());
    return name;
}

/// A word value (yes, separate, built-in ...) in the catalogue's language: calc.value.<word>.
std::string word(const Catalogue& c, const std::string& v) {
    std::string key = "calc.value." + v;
    for (auto& ch : key)
        if (ch == ' ' || ch == '-') ch = '_';
    return c.has(key) ? c.format(key) : v;
}

std::string explanation_text(const Section& s, const std::string& language) {
    if (s.trace) return libtax::explanation_text(*s.trace, language);
    return libtax::english_only_text(s.explanation, language);
}

bool has_explanation(const Section& s) {
    return (s.trace && !s.trace->empty()) || !s.explanation.title().empty() || !s.explanation.steps().empty();
}

std::string indent(int n) { return std::string(static_cast<std::size_t>(n) * 2, ' '); }

/// A text in each of the report's languages, joined by `sep`.
template <class F>
std::string each(const std::vector<const Catalogue*>& cats, const std::string& sep, F&& f) {
    std::string out;
    for (std::size_t i = 0; i < cats.size(); ++i) out += (i ? sep : std::string()) + f(*cats[i]);
    return out;
}

std::string figures_json(const std::vector<Figure>& fs, int depth) {
    if (fs.empty()) return "{}";
    std::string out = "{\n";
    for (std::size_t i = 0; i < fs.size(); ++i)
        out += indent(depth + 1) + json_string(fs[i].name) + ": " + fs[i].json + (i + 1 < fs.size() ? ",\n" : "\n");
    return out + indent(depth) + "}";
}

std::string args_json(const TraceArgs& args) {
    std::string out = "{";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + json_string(args[i].name) + ": " + json_string(args[i].value.text);
    return out + "}";
}

std::string notes_json(const std::vector<Note>& notes, const std::vector<const Catalogue*>& cats, int depth, bool ids) {
    if (notes.empty()) return "[]";
    std::string out = "[\n";
    for (std::size_t i = 0; i < notes.size(); ++i) {
        const Note& n = notes[i];
        const std::string text = each(cats, " / ", [&](const Catalogue& c) { return c.format(n.id, n.args); });
        out += indent(depth + 1) +
               (ids ? "{\"id\": " + json_string(n.id) + ", \"args\": " + args_json(n.args) + ", \"text\": " + json_string(text) + "}"
                    : json_string(text)) +
               (i + 1 < notes.size() ? ",\n" : "\n");
    }
    return out + indent(depth) + "]";
}

std::string explanation_json(const Section& s, const std::string& language, int depth) {
    if (!has_explanation(s)) return "null";
    const libtax::Explanation e = s.trace ? libtax::explanation_in(*s.trace, language) : s.explanation;
    std::string out = "{\n" + indent(depth + 1) + "\"title\": " + json_string(e.title()) + ",\n";
    out += indent(depth + 1) + "\"translated\": " + (s.trace || language == "en" ? "true" : "false") + ",\n";
    out += indent(depth + 1) + "\"steps\": [";
    const auto& steps = e.steps();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& st = steps[i];
        out += (i ? ",\n" : "\n") + indent(depth + 2) + "{\"label\": " + json_string(st.label) + ", \"value\": " + json_string(st.value) +
               ", \"formula\": " + json_string(st.formula) + ", \"basis\": " + json_string(st.basis) + "}";
    }
    out += steps.empty() ? "],\n" : "\n" + indent(depth + 1) + "],\n";
    std::string notes = "[";
    for (std::size_t i = 0; i < e.notes().size(); ++i) notes += (i ? ", " : "") + json_string(e.notes()[i]);
    out += indent(depth + 1) + "\"notes\": " + notes + "]\n";
    return out + indent(depth) + "}";
}

/// The trace with every message id, its arguments and the rendered text (render_json of the
/// core), in the report's first language.
std::string trace_json(const Section& s, const std::vector<const Catalogue*>& cats, int depth) {
    if (!s.trace) return "null";
    std::string t = libtax::render_json(*s.trace, *cats.front());
    while (!t.empty() && t.back() == '\n') t.pop_back();
    std::string out;
    for (const char ch : t) out += ch == '\n' ? "\n" + indent(depth) : std::string(1, ch);
    return out;
}

}  // namespace

std::string render_json(const Report& r, const std::string& language) {
    const auto cats = catalogues(language);
    auto tr = [&](const std::string& id, const TraceArgs& args) {
        return each(cats, " / ", [&](const Catalogue& c) { return c.format(id, args); });
    };
    std::string out = "{\n";
    out += indent(1) + "\"schema\": \"libtax-calc/1\",\n";
    out += indent(1) + "\"libtax_version\": " + json_string(LIBTAX_CALC_VERSION) + ",\n";
    out += indent(1) + "\"language\": " + json_string(language) + ",\n";
    out += indent(1) + "\"scenario\": {\n";
    out += indent(2) + "\"file\": " + json_string(r.file) + ",\n";
    out += indent(2) + "\"title\": " + json_string(r.title) + ",\n";
    out += indent(2) + "\"year\": " + std::to_string(r.year) + ",\n";
    out += indent(2) + "\"person\": " + figures_json(r.person, 2) + "\n";
    out += indent(1) + "},\n";
    out += indent(1) + "\"tables\": " + json_string(r.tables) + ",\n";
    out += indent(1) + "\"results\": {";
    for (std::size_t i = 0; i < r.sections.size(); ++i) {
        const Section& s = r.sections[i];
        out += (i ? ",\n" : "\n") + indent(2) + json_string(s.id) + ": {\n";
        out += indent(3) + "\"title\": " + json_string(tr(s.title_id, s.title_args)) + ",\n";
        out += indent(3) + "\"title_id\": " + json_string(s.title_id) + ",\n";
        out += indent(3) + "\"available\": " + (s.available ? "true" : "false") + ",\n";
        out += indent(3) + "\"figures\": " + figures_json(s.figures, 3) + ",\n";
        out += indent(3) + "\"explanation\": " + explanation_json(s, language, 3) + ",\n";
        out += indent(3) + "\"trace\": " + trace_json(s, cats, 3) + ",\n";
        out += indent(3) + "\"notes\": " + notes_json(s.notes, cats, 3, false) + ",\n";
        out += indent(3) + "\"note_ids\": " + notes_json(s.notes, cats, 3, true) + "\n";
        out += indent(2) + "}";
    }
    out += r.sections.empty() ? "},\n" : "\n" + indent(1) + "},\n";
    out += indent(1) + "\"total_tax\": " + json_string(r.total_tax.str()) + "\n";
    return out + "}\n";
}

std::string render_text(const Report& r, const std::string& language) {
    const auto cats = catalogues(language);
    // one line per language, each with the same prefix
    auto lines = [&](const std::string& prefix, const std::string& id, const TraceArgs& args) {
        return each(cats, "", [&](const Catalogue& c) { return prefix + c.format(id, args) + "\n"; });
    };
    std::string out = lines("", "calc.report.heading", {{"version", LIBTAX_CALC_VERSION}, {"title", r.title.empty() ? r.file : r.title}});
    out += each(cats, "", [&](const Catalogue& c) {
        return c.format("calc.report.scenario", {{"file", r.file}, {"year", std::to_string(r.year)}, {"tables", word(c, r.tables)}}) + "\n";
    });
    if (!r.person.empty())
        out += each(cats, "", [&](const Catalogue& c) {
            std::string line = c.format("calc.report.person");
            for (const auto& f : r.person) line += " " + figure_label(c, f.name) + " " + word(c, f.text) + ";";
            line.back() = '\n';
            return line;
        });
    for (const Section& s : r.sections) {
        out += "\n" + each(cats, "", [&](const Catalogue& c) {
                   return "== " + c.format(s.title_id, s.title_args) + (s.available ? "" : " " + c.format("calc.report.not_computed")) + " ==\n";
               });
        if (has_explanation(s)) out += explanation_text(s, language);
        if (!s.figures.empty()) {
            if (has_explanation(s)) out += lines("  ", "calc.report.figures", {});
            for (const Catalogue* c : cats) {
                std::size_t width = 0;
                for (const auto& f : s.figures) width = std::max(width, libtax::display_width(figure_label(*c, f.name)));
                for (const auto& f : s.figures) out += "  " + pad(figure_label(*c, f.name), width) + "  " + word(*c, f.text) + "\n";
            }
        }
        for (const auto& n : s.notes)
            out += each(cats, "", [&](const Catalogue& c) { return "  " + c.format("calc.report.note", {{"text", c.format(n.id, n.args)}}) + "\n"; });
    }
    out += "\n" + lines("", "calc.report.total_tax", {{"tax", r.total_tax.str()}});
    return out;
}

}  // namespace libtax_calc
