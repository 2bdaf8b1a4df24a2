// libtax-calc: rendering a report as text or as JSON (schema "libtax-calc/1", README "Embedding"),
// in English, Chinese or both; every word comes from the message catalogues (calc.* ids) and
// every explanation from the traces the library's calculators recorded.
#include "report.hpp"

#include <algorithm>
#include <sstream>

#include "libtax/core/render.hpp"

namespace libtax_calc {

using libtax::Catalogue;
using libtax::Trace;
using libtax::TraceArgs;
using libtax::TraceEntry;

void Section::money(const std::string& name, libtax::Money m) {
    figures.push_back({name, json_string(m.str()), m.str(), "calc.figure." + name, {}});
}
void Section::integer(const std::string& name, long long v) {
    figures.push_back({name, std::to_string(v), std::to_string(v), "calc.figure." + name, {}});
}
void Section::flag(const std::string& name, bool v) {
    figures.push_back({name, v ? "true" : "false", libtax::message_id(v ? "calc.value.yes" : "calc.value.no"), "calc.figure." + name, {}});
}
void Section::word(const std::string& name, const std::string& v) { figures.push_back({name, json_string(v), v, "calc.figure." + name, {}}); }
void Section::term(const std::string& name, const std::string& value) {
    std::string id = "calc.value." + value;
    std::replace(id.begin() + 11, id.end(), ' ', '_');
    std::replace(id.begin() + 11, id.end(), '-', '_');
    figures.push_back({name, json_string(value), libtax::message_id(id), "calc.figure." + name, {}});
}
void Section::label(std::string label_id, TraceArgs args) {
    if (figures.empty()) return;
    figures.back().label_id = std::move(label_id);
    figures.back().label_args = std::move(args);
}
Trace& Section::part(std::string scope_id, TraceArgs scope_args) {
    parts.push_back({std::move(scope_id), std::move(scope_args), Trace()});
    return parts.back().trace;
}

bool is_report_language(const std::string& language) { return language == "en" || language == "zh" || language == "both"; }

namespace {

/// The catalogues a report is written in: one, or Chinese then English for "both".
std::vector<const Catalogue*> catalogues(const std::string& language) {
    if (language == "both") return {&Catalogue::builtin("zh"), &Catalogue::builtin("en")};
    return {&Catalogue::builtin(language)};
}

/// A text rendered in each of the catalogues: one, or "Chinese / English" when they differ.
template <class F>
std::string in_each(const std::vector<const Catalogue*>& cats, F&& render) {
    std::string out;
    for (const Catalogue* c : cats) {
        const std::string t = render(*c);
        if (out.empty()) out = t;
        else if (t != out) out += " / " + t;
    }
    return out;
}

std::string indent(int n) { return std::string(static_cast<std::size_t>(n) * 2, ' '); }

/// Two renderings of the report, line by line: the first's line, then the second's unless it is
/// the same line (a blank line, a line of figures only).
std::string interleave_distinct(const std::string& first, const std::string& second) {
    std::istringstream a(first), b(second);
    std::string out, la, lb;
    while (std::getline(a, la)) {
        out += la + "\n";
        if (std::getline(b, lb) && lb != la) out += lb + "\n";
    }
    while (std::getline(b, lb)) out += lb + "\n";
    return out;
}

std::string figure_label(const Catalogue& c, const Figure& f) { return c.format(f.label_id, f.label_args); }

/// The section's explanation in one catalogue's language: its title, then each part's steps
/// and notes under the part's heading.
libtax::Explanation section_explanation(const Section& s, const Catalogue& c) {
    libtax::Explanation out;
    if (!s.explanation_title_id.empty()) {
        out.set_title(c.format(s.explanation_title_id, s.explanation_title_args));
    } else if (!s.parts.empty()) {
        if (const TraceEntry* t = s.parts.front().trace.title_entry()) out.set_title(c.format(t->id, t->args));
    }
    for (const TracedPart& p : s.parts)
        out.append(libtax::render_explanation(p.trace, c), p.scope_id.empty() ? std::string() : c.format(p.scope_id, p.scope_args));
    return out;
}

std::string explanation_text(const Section& s, const Catalogue& c) {
    const libtax::Explanation e = section_explanation(s, c);
    return c.language() == "en" ? e.text() : libtax::explanation_text(e, c);
}

std::string figures_json(const std::vector<Figure>& fs, int depth) {
    if (fs.empty()) return "{}";
    std::string out = "{\n";
    for (std::size_t i = 0; i < fs.size(); ++i)
        out += indent(depth + 1) + json_string(fs[i].name) + ": " + fs[i].json + (i + 1 < fs.size() ? ",\n" : "\n");
    return out + indent(depth) + "}";
}

std::string labels_json(const std::vector<Figure>& fs, const std::vector<const Catalogue*>& cats, int depth) {
    if (fs.empty()) return "{}";
    std::string out = "{\n";
    for (std::size_t i = 0; i < fs.size(); ++i)
        out += indent(depth + 1) + json_string(fs[i].name) + ": " +
               json_string(in_each(cats, [&](const Catalogue& c) { return figure_label(c, fs[i]); })) + (i + 1 < fs.size() ? ",\n" : "\n");
    return out + indent(depth) + "}";
}

/// Arguments as JSON: plain ones as strings, message ids as {"message": id, "text": rendered}.
std::string args_json(const TraceArgs& args, const std::vector<const Catalogue*>& cats) {
    std::string out = "{";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        out += (i ? ", " : "") + json_string(a.name) + ": ";
        if (a.value.message)
            out += "{\"message\": " + json_string(a.value.text) + ", \"text\": " +
                   json_string(in_each(cats, [&](const Catalogue& c) { return c.format(a.value.text, args); })) + "}";
        else
            out += json_string(in_each(cats, [&](const Catalogue& c) { return c.plain(a.value); }));
    }
    return out + "}";
}

std::string message_json(const std::string& id, const TraceArgs& args, const std::vector<const Catalogue*>& cats) {
    return "{\"id\": " + json_string(id) + ", \"args\": " + args_json(args, cats) + ", \"text\": " +
           json_string(in_each(cats, [&](const Catalogue& c) { return c.format(id, args); })) + "}";
}

std::string note_ids_json(const std::vector<Note>& notes, const std::vector<const Catalogue*>& cats, int depth) {
    if (notes.empty()) return "[]";
    std::string out = "[\n";
    for (std::size_t i = 0; i < notes.size(); ++i)
        out += indent(depth + 1) + message_json(notes[i].id, notes[i].args, cats) + (i + 1 < notes.size() ? ",\n" : "\n");
    return out + indent(depth) + "]";
}

std::string notes_json(const std::vector<Note>& notes, const std::vector<const Catalogue*>& cats, int depth) {
    if (notes.empty()) return "[]";
    std::string out = "[\n";
    for (std::size_t i = 0; i < notes.size(); ++i)
        out += indent(depth + 1) + json_string(in_each(cats, [&](const Catalogue& c) { return c.format(notes[i].id, notes[i].args); })) +
               (i + 1 < notes.size() ? ",\n" : "\n");
    return out + indent(depth) + "]";
}

/// The explanation: its rendered title, steps and notes as before ("label", "value", "formula",
/// "basis"), and for each step and note the message ids and arguments it was rendered from.
std::string explanation_json(const Section& s, const std::vector<const Catalogue*>& cats, int depth) {
    if (s.parts.empty()) return "null";
    std::vector<libtax::Explanation> rendered;  // the whole section, per language
    for (const Catalogue* c : cats) rendered.push_back(section_explanation(s, *c));
    const auto joined = [&](auto&& pick) {
        std::string out;
        for (std::size_t k = 0; k < cats.size(); ++k) {
            const std::string t = pick(k);
            if (k == 0) out = t;
            else if (t != out) out += " / " + t;
        }
        return out;
    };
    std::string title_id;
    TraceArgs title_args = s.explanation_title_args;
    if (!s.explanation_title_id.empty()) {
        title_id = s.explanation_title_id;
    } else if (const TraceEntry* t = s.parts.front().trace.title_entry()) {
        title_id = t->id;
        title_args = t->args;
    }
    std::string out = "{\n" + indent(depth + 1) + "\"title\": " + json_string(joined([&](std::size_t k) { return rendered[k].title(); })) + ",\n";
    out += indent(depth + 1) + "\"title_id\": " + (title_id.empty() ? "null" : json_string(title_id)) + ",\n";
    out += indent(depth + 1) + "\"title_args\": " + args_json(title_args, cats) + ",\n";
    std::string steps, notes, note_ids;
    std::size_t step_no = 0, note_no = 0;
    for (const TracedPart& p : s.parts) {
        for (const TraceEntry& e : p.trace.entries()) {
            if (e.kind == TraceEntry::Kind::step) {
                const std::size_t at = step_no++;
                const auto step = [&](std::size_t k) -> const libtax::Step& { return rendered[k].steps()[at]; };
                std::string scope = "[";
                bool first = true;
                if (!p.scope_id.empty()) {
                    scope += message_json(p.scope_id, p.scope_args, cats);
                    first = false;
                }
                for (const auto& sc : e.scope) {
                    scope += (first ? "" : ", ") + message_json(sc, {}, cats);
                    first = false;
                }
                scope += "]";
                steps += (steps.empty() ? "\n" : ",\n") + indent(depth + 2) + "{\"label\": " + json_string(joined([&](std::size_t k) { return step(k).label; })) +
                         ", \"value\": " + json_string(joined([&](std::size_t k) { return step(k).value; })) +
                         ", \"formula\": " + json_string(joined([&](std::size_t k) { return step(k).formula; })) +
                         ", \"basis\": " + json_string(joined([&](std::size_t k) { return step(k).basis; })) +
                         ", \"id\": " + json_string(e.id) + ", \"scope\": " + scope +
                         ", \"formula_id\": " + (e.formula.empty() ? "null" : json_string(e.formula)) +
                         ", \"value_id\": " + (e.value.message ? json_string(e.value.text) : "null") +
                         ", \"args\": " + args_json(e.args, cats) + "}";
            } else if (e.kind == TraceEntry::Kind::note) {
                const std::size_t at = note_no++;
                notes += (notes.empty() ? "" : ", ") + json_string(joined([&](std::size_t k) { return rendered[k].notes()[at]; }));
                note_ids += (note_ids.empty() ? "\n" : ",\n") + indent(depth + 2) + message_json(e.id, e.args, cats);
            }
        }
    }
    out += indent(depth + 1) + "\"steps\": [" + steps + (steps.empty() ? "],\n" : "\n" + indent(depth + 1) + "],\n");
    out += indent(depth + 1) + "\"notes\": [" + notes + "],\n";
    out += indent(depth + 1) + "\"note_ids\": [" + note_ids + (note_ids.empty() ? "]\n" : "\n" + indent(depth + 1) + "]\n");
    return out + indent(depth) + "}";
}

std::string heading_args_title(const Report& r) { return r.title.empty() ? r.file : r.title; }

libtax::TraceArgs scenario_args(const Report& r) {
    return {{"file", r.file},
            {"year", std::to_string(r.year)},
            {"tables", r.tables == "built-in" ? libtax::message_id("calc.value.built_in") : libtax::TraceText(r.tables)}};
}

/// The one-page answer, and with `explain` the details after it.
std::string text_in(const Report& r, const Catalogue& c, bool explain) {
    std::string out = c.format("calc.report.heading", {{"version", LIBTAX_CALC_VERSION}, {"title", heading_args_title(r)}}) + "\n";
    out += c.format("calc.report.scenario", scenario_args(r)) + "\n";
    out += render_summary_text(r.summary, c);
    if (!explain) return out;  // its last line is the tax due after relief
    out += "\n== " + c.format("calc.summary.details") + " ==\n";
    if (!r.person.empty()) {
        out += c.format("calc.report.person");
        for (std::size_t i = 0; i < r.person.size(); ++i)
            out += (i ? c.format("calc.report.separator") : std::string(" ")) + figure_label(c, r.person[i]) + " " + c.text(r.person[i].text);
        out += "\n";
    }
    for (const Section& s : r.sections) {
        out += "\n== " + c.format(s.title_id, s.title_args) + (s.available ? "" : " " + c.format("calc.report.not_computed")) + " ==\n";
        if (!s.parts.empty()) out += explanation_text(s, c);
        if (!s.figures.empty()) {
            std::size_t width = 0;
            for (const auto& f : s.figures) width = std::max(width, libtax::display_width(figure_label(c, f)));
            out += s.parts.empty() ? "" : "  " + c.format("calc.report.figures") + "\n";
            for (const auto& f : s.figures) {
                const std::string label = figure_label(c, f);
                out += "  " + label + std::string(width - libtax::display_width(label), ' ') + "  " + c.text(f.text) + "\n";
            }
        }
        for (const auto& n : s.notes) out += "  " + c.format("calc.report.note", {{"text", c.format(n.id, n.args)}}) + "\n";
    }
    out += "\n" + c.format("calc.report.total_tax", {{"tax", r.total_tax.str()}}) + "\n";
    out += c.format("calc.summary.tax_due_line", {{"tax", r.tax_due.str()}}) + "\n";  // the last line: never a figure before relief
    return out;
}

}  // namespace

std::string message(const std::string& language, const std::string& id, const TraceArgs& args, const std::string& both_separator) {
    if (language != "both") return Catalogue::builtin(language).format(id, args);
    return Catalogue::builtin("zh").format(id, args) + both_separator + Catalogue::builtin("en").format(id, args);
}

std::string render_json(const Report& r, const std::string& language) {
    const auto cats = catalogues(language);
    std::string out = "{\n";
    out += indent(1) + "\"schema\": \"libtax-calc/1\",\n";
    out += indent(1) + "\"libtax_version\": " + json_string(LIBTAX_CALC_VERSION) + ",\n";
    out += indent(1) + "\"language\": " + json_string(language) + ",\n";
    out += indent(1) + flags_json(r.summary.flags) + ",\n";
    out += indent(1) + "\"scenario\": {\n";
    out += indent(2) + "\"file\": " + json_string(r.file) + ",\n";
    out += indent(2) + "\"title\": " + json_string(r.title) + ",\n";
    out += indent(2) + "\"year\": " + std::to_string(r.year) + ",\n";
    out += indent(2) + "\"person\": " + figures_json(r.person, 2) + ",\n";
    out += indent(2) + "\"person_labels\": " + labels_json(r.person, cats, 2) + "\n";
    out += indent(1) + "},\n";
    out += indent(1) + "\"tables\": " + json_string(r.tables) + ",\n";
    out += indent(1) + "\"summary\": " + render_summary_json(r.summary, cats, 1) + ",\n";
    out += indent(1) + "\"results\": {";
    for (std::size_t i = 0; i < r.sections.size(); ++i) {
        const Section& s = r.sections[i];
        out += (i ? ",\n" : "\n") + indent(2) + json_string(s.id) + ": {\n";
        out += indent(3) + "\"title\": " + json_string(in_each(cats, [&](const Catalogue& c) { return c.format(s.title_id, s.title_args); })) + ",\n";
        out += indent(3) + "\"title_id\": " + json_string(s.title_id) + ",\n";
        out += indent(3) + "\"title_args\": " + args_json(s.title_args, cats) + ",\n";
        out += indent(3) + "\"available\": " + (s.available ? "true" : "false") + ",\n";
        out += indent(3) + flags_json(s.flags) + ",\n";
        out += indent(3) + "\"figures\": " + figures_json(s.figures, 3) + ",\n";
        out += indent(3) + "\"figure_labels\": " + labels_json(s.figures, cats, 3) + ",\n";
        out += indent(3) + "\"explanation\": " + explanation_json(s, cats, 3) + ",\n";
        out += indent(3) + "\"notes\": " + notes_json(s.notes, cats, 3) + ",\n";
        out += indent(3) + "\"note_ids\": " + note_ids_json(s.notes, cats, 3) + "\n";
        out += indent(2) + "}";
    }
    out += r.sections.empty() ? "},\n" : "\n" + indent(1) + "},\n";
    out += indent(1) + "\"total_tax\": " + json_string(r.total_tax.str()) + ",\n";
    out += indent(1) + "\"tax_due\": " + json_string(r.tax_due.str()) + "\n";
    return out + "}\n";
}

std::string render_text(const Report& r, const std::string& language, bool explain) {
    if (language == "both")
        return interleave_distinct(text_in(r, Catalogue::builtin("zh"), explain), text_in(r, Catalogue::builtin("en"), explain));
    return text_in(r, Catalogue::builtin(language), explain);
}

}  // namespace libtax_calc
