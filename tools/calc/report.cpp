// libtax-calc: rendering a report as text or as JSON (schema "libtax-calc/1", README "Embedding").
#include "report.hpp"

#include <cstdio>

namespace libtax_calc {

void Section::money(const std::string& name, libtax::Money m) { figures.push_back({name, json_string(m.str()), m.str()}); }
void Section::integer(const std::string& name, long long v) { figures.push_back({name, std::to_string(v), std::to_string(v)}); }
void Section::flag(const std::string& name, bool v) { figures.push_back({name, v ? "true" : "false", v ? "yes" : "no"}); }
void Section::word(const std::string& name, const std::string& v) { figures.push_back({name, json_string(v), v}); }


namespace {

std::string indent(int n) { return std::string(static_cast<std::size_t>(n) * 2, ' '); }

std::string figures_json(const std::vector<Figure>& fs, int depth) {
    if (fs.empty()) return "{}";
    std::string out = "{\n";
    for (std::size_t i = 0; i < fs.size(); ++i)
        out += indent(depth + 1) + json_string(fs[i].name) + ": " + fs[i].json + (i + 1 < fs.size() ? ",\n" : "\n");
    return out + indent(depth) + "}";
}

std::string strings_json(const std::vector<std::string>& v, int depth) {
    if (v.empty()) return "[]";
    std::string out = "[\n";
    for (std::size_t i = 0; i < v.size(); ++i) out += indent(depth + 1) + json_string(v[i]) + (i + 1 < v.size() ? ",\n" : "\n");
    return out + indent(depth) + "]";
}

bool has_explanation(const libtax::Explanation& e) { return !e.title().empty() || !e.steps().empty(); }

std::string explanation_json(const libtax::Explanation& e, int depth) {
    if (!has_explanation(e)) return "null";
    std::string out = "{\n" + indent(depth + 1) + "\"title\": " + json_string(e.title()) + ",\n";
    out += indent(depth + 1) + "\"steps\": [";
    const auto& steps = e.steps();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        out += (i ? ",\n" : "\n") + indent(depth + 2) + "{\"label\": " + json_string(s.label) + ", \"value\": " + json_string(s.value) +
               ", \"formula\": " + json_string(s.formula) + ", \"basis\": " + json_string(s.basis) + "}";
    }
    out += steps.empty() ? "],\n" : "\n" + indent(depth + 1) + "],\n";
    out += indent(depth + 1) + "\"notes\": " + strings_json(e.notes(), depth + 1) + "\n";
    return out + indent(depth) + "}";
}

}  // namespace

std::string render_json(const Report& r, const libtax::Catalogue& cat) {
    std::string out = "{\n";
    out += indent(1) + "\"schema\": \"libtax-calc/1\",\n";
    out += indent(1) + "\"libtax_version\": " + json_string(LIBTAX_CALC_VERSION) + ",\n";
    out += indent(1) + flags_json(r.summary.flags) + ",\n";
    out += indent(1) + "\"scenario\": {\n";
    out += indent(2) + "\"file\": " + json_string(r.file) + ",\n";
    out += indent(2) + "\"title\": " + json_string(r.title) + ",\n";
    out += indent(2) + "\"year\": " + std::to_string(r.year) + ",\n";
    out += indent(2) + "\"person\": " + figures_json(r.person, 2) + "\n";
    out += indent(1) + "},\n";
    out += indent(1) + "\"tables\": " + json_string(r.tables) + ",\n";
    out += indent(1) + "\"summary\": " + render_summary_json(r.summary, cat, 1) + ",\n";
    out += indent(1) + "\"results\": {";
    for (std::size_t i = 0; i < r.sections.size(); ++i) {
        const Section& s = r.sections[i];
        out += (i ? ",\n" : "\n") + indent(2) + json_string(s.id) + ": {\n";
        out += indent(3) + "\"title\": " + json_string(s.title) + ",\n";
        out += indent(3) + "\"available\": " + (s.available ? "true" : "false") + ",\n";
        out += indent(3) + flags_json(s.flags) + ",\n";
        out += indent(3) + "\"figures\": " + figures_json(s.figures, 3) + ",\n";
        out += indent(3) + "\"explanation\": " + explanation_json(s.explanation, 3) + ",\n";
        out += indent(3) + "\"notes\": " + strings_json(s.notes, 3) + "\n";
        out += indent(2) + "}";
    }
    out += r.sections.empty() ? "},\n" : "\n" + indent(1) + "},\n";
    out += indent(1) + "\"total_tax\": " + json_string(r.total_tax.str()) + ",\n";
    out += indent(1) + "\"tax_due\": " + json_string(r.tax_due.str()) + "\n";
    return out + "}\n";
}

std::string render_text(const Report& r, const libtax::Catalogue& cat, bool explain) {
    std::string out = "libtax-calc " + std::string(LIBTAX_CALC_VERSION) + ": scenario " + r.file + ", tables: " + r.tables + "\n";
    out += render_summary_text(r.summary, cat);
    if (!explain) return out;  // its last line is the tax due after relief
    out += "\n== " + cat.format("calc.summary.details") + " ==\n";
    if (!r.person.empty()) {
        out += "person:";
        for (const auto& f : r.person) out += " " + f.name + " " + f.text + ";";
        out.back() = '\n';
    }
    for (const Section& s : r.sections) {
        out += "\n== " + s.title + (s.available ? "" : " (not computed)") + " ==\n";
        if (has_explanation(s.explanation)) out += s.explanation.text();
        if (!s.figures.empty()) {
            std::size_t width = 0;
            for (const auto& f : s.figures) width = f.name.size() > width ? f.name.size() : width;
            out += has_explanation(s.explanation) ? "  -- figures --\n" : "";
            for (const auto& f : s.figures) out += "  " + f.name + std::string(width - f.name.size(), ' ') + "  " + f.text + "\n";
        }
        for (const auto& n : s.notes) out += "  note: " + n + "\n";
    }
    out += "\ntotal tax: " + r.total_tax.str() + " (" + cat.format("calc.summary.tax_before_relief") + ")\n";
    out += cat.format("calc.summary.tax_due") + ": " + r.tax_due.str() + "\n";  // the last line: never a figure before relief
    return out;
}

}  // namespace libtax_calc
