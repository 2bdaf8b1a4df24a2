// libtax-calc: the calculation's report, rendered as text or as JSON (schema "libtax-calc/1").
//
// A report is a list of sections ("annual_tax", "bonus", ...), each with named figures, the
// explanation of its calculation and notes. Text and JSON show the same content, in English,
// Chinese or both (libtax/messages/<lang>.yaml): every title, label, word and note is a message
// id (calc.*) with its arguments, and every explanation is a trace of the library's calculators,
// so the report holds no language until it is rendered.
#pragma once

#include <string>
#include <vector>

#include "libtax/libtax.hpp"
#include "summary.hpp"

namespace libtax_calc {

/// A named figure, held as its JSON literal, its display value and its label.
struct Figure {
    std::string name;         ///< the JSON key: "taxable_income", "month_01", "gba.relief"
    std::string json;         ///< "\"224180.00\"", "5", "true"
    libtax::TraceText text;   ///< "224180.00", "5", or a message id: calc.value.yes
    std::string label_id;     ///< calc.figure.<...>
    libtax::TraceArgs label_args;
};

/// A remark under a section: a message id (calc.note.*) and its arguments.
struct Note {
    std::string id;
    libtax::TraceArgs args;
};

/// One traced calculation in a section, under a heading (scope_id empty: none) that prefixes its
/// labels ("month 01: ...", "gba: ...").
struct TracedPart {
    std::string scope_id;
    libtax::TraceArgs scope_args;
    libtax::Trace trace;
};

struct Section {
    std::string id;
    std::string title_id;  ///< calc.section.<...>
    libtax::TraceArgs title_args;
    bool available = true;  ///< false: not computed (the reason is the first note)
    std::vector<Figure> figures;
    /// The explanation's title; empty: the title the first part's calculator recorded.
    std::string explanation_title_id;
    libtax::TraceArgs explanation_title_args;
    std::vector<TracedPart> parts;  ///< none: no explanation
    std::vector<Note> notes;
    Flags flags;  ///< what_if, unconfirmed, projection, not_law of this section's figures

    void money(const std::string& name, libtax::Money m);
    void integer(const std::string& name, long long v);
    void flag(const std::string& name, bool v);
    /// A value shown as it is (a rate, a name the user wrote).
    void word(const std::string& name, const std::string& v);
    /// A value that is a word of the catalogues: calc.value.<value> (JSON keeps `value`).
    void term(const std::string& name, const std::string& value);
    /// The last figure added is labelled by `label_id` with `args` instead of calc.figure.<name>.
    void label(std::string label_id, libtax::TraceArgs args);
    /// A new traced part; the calculator records into the returned trace.
    libtax::Trace& part(std::string scope_id = {}, libtax::TraceArgs scope_args = {});
    void note(std::string id, libtax::TraceArgs args = {}) { notes.push_back({std::move(id), std::move(args)}); }
};

struct Report {
    std::string file;
    std::string title;
    int year = 0;
    std::string tables;  ///< "built-in" or the --tables directory
    std::vector<Figure> person;
    std::vector<Section> sections;
    libtax::Money total_tax;  ///< before any talent-regime relief
    libtax::Money tax_due;    ///< after the relief of the best legal choice (the last line)
    Summary summary;          ///< the one-page answer, printed first
};

using libtax::json_string;  // libtax/core/render.hpp

/// The languages libtax-calc writes: "en", "zh" and "both" (each line in Chinese, then English).
bool is_report_language(const std::string& language);

/// The one-page answer in `language`, then with `explain` every section with its explanation;
/// the last line is the tax due after relief. Figures' JSON names are the same in every language.
std::string render_text(const Report& r, const std::string& language = "en", bool explain = false);
/// JSON "libtax-calc/1": "language", and for each section its "title_id", "figure_labels", the
/// explanation's steps with their message id, arguments and rendered text, and "note_ids" (each
/// note's id, arguments and text) beside the rendered "notes"; "summary" (the one-page answer) and
/// the what_if, unconfirmed, projection and not_law flags at the top and on every section.
std::string render_json(const Report& r, const std::string& language = "en");

/// A message of the catalogues (calc.*) in `language` ("both": the Chinese line, then the
/// English one, joined by `both_separator`).
std::string message(const std::string& language, const std::string& id, const libtax::TraceArgs& args = {},
                    const std::string& both_separator = "\n");

}  // namespace libtax_calc
