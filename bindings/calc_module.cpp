// libtax._calculator: libtax-calc's core for Python (libtax.calc, libtax.calc_text; the pure-Python
// layer is libtax/calculator.py). The scenario is read by the program's own reader
// (tools/calc/scenario.cpp) and computed by its own calculation (calc_core.hpp), so
// CalcReport.json equals `libtax-calc --json` and CalcReport.text its text output.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "calc_core.hpp"
#include "statement.hpp"
#include "convert.hpp"
#include "language.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;

namespace {

/// A computed scenario, kept with the tables it was computed on.
struct PyCalcReport {
    std::shared_ptr<const Tables> tables;
    libtax_calc::Scenario scenario;
    libtax_calc::Report report;
    std::string lang;  ///< the language asked for ("zh", "en", "both")
    mutable py::object json_cache;
};

/// A file name given as str or os.PathLike, as text.
std::string path_text(const py::object& path, const char* field) {
    if (!PyUnicode_Check(path.ptr()) && !PyObject_HasAttrString(path.ptr(), "__fspath__"))
        throw InputError(field, repr_of(path), "expected a file name (str or os.PathLike)");
    return to_text(py::module_::import("os").attr("fspath")(path), field);
}

PyCalcReport compute(libtax_calc::Scenario s, const py::object& tables, const py::object& lang) {
    PyCalcReport r;
    r.lang = py_language::resolve(lang);
    r.tables = tables_or_builtin(tables);
    r.scenario = std::move(s);
    {
        py::gil_scoped_release unlocked;  // the engine computes without the GIL
        r.report = libtax_calc::compute(*r.tables, r.scenario);
    }
    return r;
}

}  // namespace

PYBIND11_MODULE(_calculator, m) {
    m.doc() = "libtax-calc's core: one person's tax year from a scenario (libtax.calc)";
    py::module_::import("libtax._core");  // registers the error translation and Tables

    py::class_<PyCalcReport>(m, "CalcReport", R"doc(
One person's tax year as libtax-calc computes it from a scenario.

.json is the dict of `libtax-calc --json` (schema "libtax-calc/1"), .text its text output.)doc")
        .def_property_readonly("json",
                               [](const PyCalcReport& r) {
                                   if (!r.json_cache) r.json_cache = py::module_::import("json").attr("loads")(libtax_calc::render_json(r.report, r.lang));
                                   return py::module_::import("copy").attr("deepcopy")(r.json_cache).cast<py::dict>();
                               },
                               "The report as libtax-calc --json prints it, parsed (a new dict each time).")
        .def_property_readonly("text", [](const PyCalcReport& r) { return libtax_calc::render_text(r.report, r.lang); },
                               "The report as libtax-calc prints it.")
        .def_property_readonly("lang", [](const PyCalcReport& r) { return r.lang; }, "The language asked for: \"zh\", \"en\" or \"both\".")
        .def_property_readonly("file", [](const PyCalcReport& r) { return r.report.file; },
                               "The scenario's file name, or the name given to a text or dict scenario.")
        .def_property_readonly("year", [](const PyCalcReport& r) { return r.report.year; }, "The tax year.")
        .def(
            "statement",
            [](const PyCalcReport& r, py::object path, py::object lang) -> std::optional<std::string> {
                const std::string l = lang.is_none() ? r.lang : py_language::resolve(lang);
                std::string html = libtax_calc::statement_html(r.report, r.scenario, *r.tables, l);
                if (path.is_none()) return html;
                const std::string p = path_text(path, "path");
                {
                    py::gil_scoped_release unlocked;  // WeasyPrint may take seconds
                    libtax_calc::write_statement(html, p);
                }
                return std::nullopt;
            },
            py::arg("path") = py::none(), py::kw_only(), py::arg("lang") = py::none(),
            "The annual tax statement (income, tax withheld, reconciliation, relief, tax borne, net income) in lang\n"
            "(\"zh\", \"en\", \"both\"; None: the report's). Written to path (.html, or .pdf through WeasyPrint) atomically,\n"
            "or returned as HTML text when path is None.")
        .def("__repr__", [](const PyCalcReport& r) {
            return "<CalcReport " + r.report.file + " " + std::to_string(r.report.year) + " total_tax=" + r.report.total_tax.str() + ">";
        });

    m.def(
        "calc_file",
        [](py::object path, py::object tables, py::object lang) {
            const std::string p = path_text(path, "scenario");
            libtax_calc::Scenario s;
            {
                py::gil_scoped_release unlocked;
                s = libtax_calc::load_scenario(p);
            }
            return compute(std::move(s), tables, lang);
        },
        py::arg("path"), py::arg("tables") = py::none(), py::arg("lang") = py::none(),
        "Computes the scenario file at path (a str) on tables (a libtax.Tables or None: the built-in ones).");
    m.def(
        "calc_text",
        [](py::object text, py::object name, py::object tables, py::object lang) {
            const std::string t = to_text(text, "yaml_text"), n = to_text(name, "name");
            libtax_calc::Scenario s;
            {
                py::gil_scoped_release unlocked;
                s = libtax_calc::load_scenario_text(t, n);
            }
            return compute(std::move(s), tables, lang);
        },
        py::arg("yaml_text"), py::arg("name") = "<text>", py::arg("tables") = py::none(), py::arg("lang") = py::none(),
        "Computes a scenario given as YAML text; name stands for the file in the report and in errors.");
}
