// libtax/core/render.hpp - a trace rendered in a catalogue's language: text, JSON, or the
// Explanation the results carry.
//
//   text:  the title, one line per step "label  value   = formula" with "basis: <cite>" under
//          steps that read a table value, then the notes "note: ..." (the layout of
//          Explanation::text()); "basis" and "note" are the catalogue's explain.basis and
//          explain.note (依据：, 注：), the English words when a caller's catalogue lacks them, and
//          labels are aligned by display width (core/language.hpp).
//   JSON:  {"language", "title": {id, args, text}, "steps": [{id, scope, label, value, formula_id,
//          formula, args, source}], "notes": [{id, args, text}], "reads": [{key, value, source}]}
//          keeping every id and argument, so other programs can render the trace themselves.
#pragma once

#include <string>
#include <utility>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/trace.hpp"

namespace libtax {

Explanation render_explanation(const Trace& trace, const Catalogue& catalogue);
std::string render_text(const Trace& trace, const Catalogue& catalogue);
std::string render_json(const Trace& trace, const Catalogue& catalogue);
/// `s` as a JSON string literal; bytes that are not UTF-8 become U+FFFD, so the JSON stays valid.
std::string json_string(const std::string& s);

/// The trace rendered with the built-in English catalogue.
inline Explanation english_explanation(const Trace& trace) { return render_explanation(trace, Catalogue::builtin("en")); }

/// A caller's helper, not a calculator's: runs `compute(Trace*)` with a trace and returns its
/// result with the trace's English rendering in `explanation`:
///   explained([&](Trace* t) { return annual_tax(year, income, t); }).explanation.text()
template <class Compute>
auto explained(Compute&& compute) {
    Trace trace;
    auto r = compute(&trace);
    r.explanation = english_explanation(trace);
    return r;
}

}  // namespace libtax
