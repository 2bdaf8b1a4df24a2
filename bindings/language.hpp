// The language of Python explanations: every result's .explain(lang=None) and .steps(lang=None).
// lang None is the process default (libtax.set_language, kept by libtax._core so that every
// module sees the same one); "zh", "en" or "both" otherwise.
#pragma once

#include <pybind11/pybind11.h>

#include "convert.hpp"
#include "libtax/core/language.hpp"
#include "libtax/core/render.hpp"

#include <memory>
#include <utility>

namespace libtax::py_language {

namespace py = pybind11;

/// The language asked for: `lang`, or libtax.get_language() when it is None.
inline std::string resolve(const py::object& lang) {
    if (lang.is_none()) return py::module_::import("libtax._core").attr("get_language")().cast<std::string>();
    if (!py::isinstance<py::str>(lang)) throw InputError("lang", py::repr(lang).cast<std::string>(), "expected \"zh\", \"en\" or \"both\"");
    const std::string s = lang.cast<std::string>();
    check_language(s);
    return s;
}

/// .explain(lang) of a result whose calculator records a trace: `compute(Trace*)` replays it.
template <class Compute>
std::string explain_traced(const py::object& lang, Compute&& compute) {
    Trace trace;
    compute(&trace);
    return explanation_text(trace, resolve(lang));
}
template <class Compute>
py::list steps_traced(const py::object& lang, Compute&& compute) {
    Trace trace;
    compute(&trace);
    return py_boundary::steps_of(explanation_in(trace, resolve(lang)));
}

/// .explain(lang) of a result explained only in English so far: its calculator records no trace
/// yet, so another language gets the English text under a line that says so.
inline std::string explain_english(const Explanation& e, const py::object& lang) { return english_only_text(e, resolve(lang)); }
/// .steps(lang) of such a result: the English steps (lang is still checked).
inline py::list steps_english(const Explanation& e, const py::object& lang) {
    resolve(lang);
    return py_boundary::steps_of(e);
}

/// A result's trace, kept with it when it was computed with an explanation (null: none kept).
using KeptTrace = std::shared_ptr<const Trace>;

/// Computes `compute(Trace*)` with a trace and returns the result with the trace; the result's
/// `explanation` is the English rendering, as `explained` (core/render.hpp) gives.
template <class R, class Compute>
std::pair<R, KeptTrace> computed_traced(Compute&& compute) {
    auto trace = std::make_shared<Trace>();
    R r = compute(trace.get());
    r.explanation = english_explanation(*trace);
    return {std::move(r), std::move(trace)};
}

/// .explain(lang): the kept trace in `lang`, else (no trace kept) the English explanation.
inline std::string explain(const KeptTrace& trace, const Explanation& english, const py::object& lang) {
    return trace ? explanation_text(*trace, resolve(lang)) : explain_english(english, lang);
}
/// .steps(lang): the kept trace's steps in `lang` ("both": Chinese), else the English steps.
inline py::list steps(const KeptTrace& trace, const Explanation& english, const py::object& lang) {
    return trace ? py_boundary::steps_of(explanation_in(*trace, resolve(lang))) : steps_english(english, lang);
}

}  // namespace libtax::py_language
