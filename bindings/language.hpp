// The language of Python explanations: every result's .explain(lang=None) and .steps(lang=None).
// lang None is the process default (libtax.set_language, kept by libtax._core so that every
// module sees the same one); "zh", "en" or "both" otherwise.
#pragma once

#include <pybind11/pybind11.h>

#include "convert.hpp"
#include "libtax/core/language.hpp"

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

/// .explain(lang) of a result explained only in English so far.
inline std::string explain_english(const Explanation& e, const py::object& lang) { return english_only_text(e, resolve(lang)); }

}  // namespace libtax::py_language
