// libtax-calc: the calculation's report, rendered as text or as JSON (schema "libtax-calc/1").
//
// A report is a list of sections ("annual_tax", "bonus", ...), each with named figures, the
// explanation of its calculation and notes. Text and JSON show the same content, in English,
// Chinese or both (libtax/messages/<lang>.yaml, the calc.* ids).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"

namespace libtax_calc {

/// A named figure, held as its JSON literal and its display text.
struct Figure {
    std::string name;
    std::string json;  ///< "\"224180.00\"", "5", "true"
    std::string text;  ///< "224180.00", "5", "yes"
};

/// A remark under a section: a message id of the catalogues (calc.note.*) and its arguments.
struct Note {
    std::string id;
    libtax::TraceArgs args;
};

struct Section {
    std::string id;
    std::string title_id;         ///< calc.section.<...> in the message catalogues
    libtax::TraceArgs title_args;
    bool available = true;  ///< false: not computed (the reason is the first note)
    std::vector<Figure> figures;
    /// The calculation as a trace, rendered in the report's language; null when its calculator
    /// does not record one yet (then `explanation`, in English, is shown).
    std::shared_ptr<libtax::Trace> trace;
    libtax::Explanation explanation;  ///< empty title and no steps = none
    std::vector<Note> notes;

    void money(const std::string& name, libtax::Money m);
    void integer(const std::string& name, long long v);
    void flag(const std::string& name, bool v);
    void word(const std::string& name, const std::string& v);
    void note(std::string id, libtax::TraceArgs args = {}) { notes.push_back({std::move(id), std::move(args)}); }
};

struct Report {
    std::string file;
    std::string title;
    int year = 0;
    std::string tables;  ///< "built-in" or the --tables directory
    std::vector<Figure> person;
    std::vector<Section> sections;
    libtax::Money total_tax;
};

std::string json_string(const std::string& s);
/// The report in `language`: "en", "zh" or "both" (each line in Chinese, then in English). Labels,
/// titles, notes and traced explanations come from the message catalogues (calc.* ids);
/// figures' names stay the JSON keys of the schema in every language.
std::string render_text(const Report& r, const std::string& language = "en");
/// JSON "libtax-calc/1": as before, plus "language", each section's "title_id", each note's id
/// and arguments, and "trace" (every step's message id, arguments and rendered text) for the
/// calculations recorded as a trace.
std::string render_json(const Report& r, const std::string& language = "en");

}  // namespace libtax_calc
