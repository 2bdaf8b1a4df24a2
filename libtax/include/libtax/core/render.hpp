// libtax/core/render.hpp - a trace rendered in a catalogue's language: text, JSON, or the
// Explanation the results carry.
//
//   text:  the title, one line per step "label  value   = formula" with "basis: <cite>" under
//          steps that read a table value, then the notes (the layout of Explanation::text()).
//   JSON:  {"language", "title": {id, args, text}, "steps": [{id, scope, label, value, formula_id,
//          formula, args, source}], "notes": [{id, args, text}], "reads": [{key, value, source}]}
//          keeping every id and argument, so other programs can render the trace themselves.
#pragma once

#include <string>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/trace.hpp"

namespace libtax {

Explanation render_explanation(const Trace& trace, const Catalogue& catalogue);
std::string render_text(const Trace& trace, const Catalogue& catalogue);
std::string render_json(const Trace& trace, const Catalogue& catalogue);
/// `s` as a JSON string literal; bytes that are not UTF-8 become U+FFFD, so the JSON stays valid.
std::string json_string(const std::string& s);

/// The trace rendered with the built-in English catalogue (what the `bool explain` overloads
/// put in a result's `explanation`).
inline Explanation english_explanation(const Trace& trace) { return render_explanation(trace, Catalogue::builtin("en")); }

/// The body of the deprecated `bool explain` overloads: computes with a trace when `explain`
/// and puts its English rendering in the result's `explanation`.
template <class Result, class Compute>
Result explained(bool explain, Compute&& compute) {
    if (!explain) return compute(static_cast<Trace*>(nullptr));
    Trace trace;
    Result r = compute(&trace);
    r.explanation = english_explanation(trace);
    return r;
}

}  // namespace libtax
