// bindings/convert.hpp - the Python boundary: Python amounts -> Money, Money -> decimal.Decimal,
// and libtax errors -> Python exceptions. The only place binary floats meet the library: a
// Python float is converted once, here, to the nearest fen of its value (float_boundary.hpp).
#pragma once

#include <pybind11/pybind11.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "float_boundary.hpp"
#include "libtax/core/error_text.hpp"
#include "libtax/libtax.hpp"

namespace libtax::detail {  // the table loader's guards (libtax/src/tables/yaml_reader.hpp), for what-if overlays
void guard_document(const std::string& file, const std::string& text);
std::string read_bounded_file(const std::string& path, std::size_t max_bytes);  // max: kMaxDocumentBytes, 4 MiB
}  // namespace libtax::detail

namespace libtax::py_boundary {

namespace py = pybind11;

inline py::object decimal_class() {
    static py::object* cls = new py::object(py::module_::import("decimal").attr("Decimal"));
    return *cls;
}

/// The name of the Python exception pending (and cleared), e.g. "RecursionError".
inline std::string take_python_error() {
    PyObject *type = nullptr, *value = nullptr, *trace = nullptr;
    PyErr_Fetch(&type, &value, &trace);
    std::string name = type ? reinterpret_cast<PyTypeObject*>(type)->tp_name : "an error";
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(trace);
    return name;
}

/// repr(obj) for a message, bounded (error.hpp); never raises: an object whose __repr__ fails,
/// recurses or is too long to print (a huge int) is named by its type.
inline std::string repr_of(py::handle obj) {
    PyObject* r = PyObject_Repr(obj.ptr());
    if (!r) {
        const std::string why = take_python_error();
        return std::string("<") + Py_TYPE(obj.ptr())->tp_name + " object: repr failed with " + why + ">";
    }
    Py_ssize_t n = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(r, &n);
    std::string out = utf8 ? bounded_text(std::string(utf8, static_cast<std::size_t>(n))) : (take_python_error(), std::string("<unprintable>"));
    Py_DECREF(r);
    return out;
}

/// A Python str as UTF-8; a lone surrogate (not encodable) is an InputError naming the field.
inline std::string to_text(py::handle obj, const char* field) {
    if (!PyUnicode_Check(obj.ptr())) throw InputError(field, repr_of(obj), "expected a string");
    Py_ssize_t n = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(obj.ptr(), &n);
    if (!utf8) {
        take_python_error();
        throw InputError(field, repr_of(obj), "not valid text (it holds a lone surrogate, which has no UTF-8 form)");
    }
    return std::string(utf8, static_cast<std::size_t>(n));
}

/// The integer value of an int or an object with __index__ (numpy integers); `overflow` when it
/// is beyond 64 bits. A raising __index__ is an InputError naming the field.
inline long long index_value(py::handle obj, const char* field, bool& overflow) {
    PyObject* index = PyNumber_Index(obj.ptr());
    if (!index) {
        const std::string why = take_python_error();
        throw InputError(field, repr_of(obj), "cannot be read as a whole number (__index__ raised " + why + ")");
    }
    int over = 0;
    const long long v = PyLong_AsLongLongAndOverflow(index, &over);
    Py_DECREF(index);
    overflow = over != 0;
    return v;
}

/// A whole number in [lo, hi] (a count of days, months, threads ...) from an int or any object
/// with __index__ (numpy integers); bool, float, text, a raising __index__ and values beyond 64
/// bits are an InputError naming the field, never a TypeError or OverflowError.
inline long long to_whole(py::handle obj, const char* field, long long lo, long long hi) {
    PyObject* o = obj.ptr();
    const std::string range = "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (PyBool_Check(o) || PyFloat_Check(o) || !PyIndex_Check(o)) throw InputError(field, repr_of(obj), range);
    bool overflow = false;
    const long long v = index_value(obj, field, overflow);
    if (overflow || v < lo || v > hi) throw InputError(field, repr_of(obj), range);
    return v;
}

/// Calls f() with the GIL released: for the scalar calculators, after their arguments are
/// converted (the conversion needs the GIL) and before the result is wrapped. Releasing it lets
/// other Python threads run, and lets a Python thread test catch a data race in the library.
template <class F>
auto without_gil(F&& f) -> decltype(f()) {
    py::gil_scoped_release release;
    return f();
}

/// A decimal.Decimal amount as Money, its range checked from the exponent before any expansion
/// (format(Decimal('1E+100000000'), 'f') would build a 100-million-digit string).
inline Money decimal_to_money(py::handle obj, const char* field) {
    if (!obj.attr("is_finite")().cast<bool>()) throw InputError(field, repr_of(obj), "not a finite amount");
    if (obj.attr("is_zero")().cast<bool>()) return Money();
    if (obj.attr("adjusted")().cast<long long>() > 15)  // the exponent of the leading digit: |x| >= 10^16
        throw RangeError(field, repr_of(obj), "beyond the supported range of +/-10^15 yuan");
    py::object d = py::reinterpret_borrow<py::object>(obj);
    const long long exponent = d.attr("as_tuple")().attr("exponent").cast<long long>();
    if (exponent < -2) {  // more than two decimals: half-up to the fen, in a context of our own
        static py::object* decimal = new py::object(py::module_::import("decimal"));
        py::object ctx = decimal->attr("Context")(py::arg("prec") = 40, py::arg("rounding") = decimal->attr("ROUND_HALF_UP"));
        d = d.attr("quantize")(decimal_class()("0.01"), py::arg("context") = ctx);
    }
    return Money::parse(to_text(py::module_::import("builtins").attr("format")(d, "f"), field), field);
}

/// A Python amount of yuan (int, float, str, decimal.Decimal, numpy scalar) as Money.
inline Money to_money(py::handle obj, const char* field) {
    PyObject* o = obj.ptr();
    if (PyBool_Check(o) || std::strcmp(Py_TYPE(o)->tp_name, "numpy.bool_") == 0)  // numpy's bool is an index too
        throw InputError(field, repr_of(obj), "expected an amount of yuan, not a bool");
    if (PyLong_Check(o) || (!PyFloat_Check(o) && PyIndex_Check(o))) {
        bool overflow = false;
        const long long v = index_value(obj, field, overflow);
        if (overflow || v > Money::max_fen / 100 || v < -Money::max_fen / 100)
            throw RangeError(field, repr_of(obj), "beyond the supported range of +/-10^15 yuan");
        return Money::yuan(v);
    }
    if (PyFloat_Check(o)) {
        const double d = PyFloat_AS_DOUBLE(o);  // the boundary conversion from a Python float
        if (!std::isfinite(d)) throw InputError(field, repr_of(obj), "not a finite amount");
        const auto fen = float_to_fen(d);
        if (!fen) throw RangeError(field, repr_of(obj), "beyond the supported range of +/-10^15 yuan");
        return Money::fen(*fen);
    }
    if (PyUnicode_Check(o)) return Money::parse(to_text(obj, field), field);
    if (py::isinstance(obj, decimal_class())) return decimal_to_money(obj, field);
    throw InputError(field, repr_of(obj), std::string("expected an amount of yuan (int, float, str or decimal.Decimal), got ") +
                                              Py_TYPE(o)->tp_name);
}

/// A whole number (days, months, years, a month number): int only, not bool or float.
inline int to_whole(py::handle v, const char* field) {
    if (PyBool_Check(v.ptr()) || !PyLong_Check(v.ptr())) throw InputError(field, repr_of(v), "expected a whole number (days, months or years)");
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    if (overflow || x < -1000000 || x > 1000000) throw InputError(field, repr_of(v), "out of range");
    return static_cast<int>(x);
}

/// True or False, nothing else (not 0/1, not "yes").
inline bool to_flag(py::handle v, const char* field) {
    if (!PyBool_Check(v.ptr())) throw InputError(field, repr_of(v), "expected True or False");
    return v.ptr() == Py_True;
}


/// The index of `v` among `choices` (a field of enumerated values).
inline int to_choice(py::handle v, const char* field, const std::vector<std::string>& choices) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    if (PyUnicode_Check(v.ptr())) {
        const std::string s = to_text(v, field);
        for (std::size_t i = 0; i < choices.size(); ++i)
            if (choices[i] == s) return static_cast<int>(i);
    }
    throw InputError(field, repr_of(v), "expected one of " + list);
}

/// A positive exact ratio (an exchange rate): str and Decimal exactly, a float by its shortest
/// round-trip decimal (repr), an int as it is.
inline Rate to_rate(py::handle v, const char* field) {
    if (PyBool_Check(v.ptr())) throw InputError(field, repr_of(v), "expected a positive exchange rate, not a bool");
    std::string s;
    if (PyFloat_Check(v.ptr())) {
        if (!std::isfinite(PyFloat_AS_DOUBLE(v.ptr()))) throw InputError(field, repr_of(v), "not a finite rate");
        s = repr_of(v);  // the shortest decimal that round-trips the float
    } else if (py::isinstance(v, decimal_class())) {
        if (!v.attr("is_finite")().cast<bool>()) throw InputError(field, repr_of(v), "not a finite rate");
        s = py::str(py::module_::import("builtins").attr("format")(v, "f")).cast<std::string>();
    } else if (PyLong_Check(v.ptr()) || PyUnicode_Check(v.ptr())) {
        s = py::str(v).cast<std::string>();
    } else {
        throw InputError(field, repr_of(v), "expected a number (int, float, str or Decimal)");
    }
    const Rate r = Rate::parse(s, field);
    if (r.is_zero()) throw InputError(field, s, "an exchange rate must be positive");
    return r;
}

/// A datetime.date or an ISO "YYYY-MM-DD" string as a Date; InputError naming `field` otherwise.
inline Date to_date(py::handle obj, const std::string& field) {
    static py::object* date_cls = new py::object(py::module_::import("datetime").attr("date"));
    static py::object* datetime_cls = new py::object(py::module_::import("datetime").attr("datetime"));
    if (py::isinstance(obj, *datetime_cls)) throw InputError(field, repr_of(obj), "expected a date (datetime.date or 'YYYY-MM-DD'), not a datetime");
    if (py::isinstance(obj, *date_cls)) {
        const int y = obj.attr("year").cast<int>(), m = obj.attr("month").cast<int>(), d = obj.attr("day").cast<int>();
        if (y < 1400 || y > 9999) throw InputError(field, repr_of(obj), "year outside 1400-9999");
        return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
    }
    if (PyUnicode_Check(obj.ptr())) {
        const std::string s = to_text(obj, field.c_str());
        bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
        for (std::size_t i = 0; shape && i < s.size(); ++i)
            if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) shape = false;
        if (!shape) throw InputError(field, repr_of(obj), "expected an ISO date 'YYYY-MM-DD'");
        try {
            const int y = std::stoi(s.substr(0, 4)), mo = std::stoi(s.substr(5, 2)), da = std::stoi(s.substr(8, 2));
            if (y < 1400) throw std::out_of_range(s);
            return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(mo), static_cast<unsigned short>(da));
        } catch (const std::exception&) {
            throw InputError(field, repr_of(obj), "not a valid calendar date");
        }
    }
    throw InputError(field, repr_of(obj), std::string("expected a date (datetime.date or 'YYYY-MM-DD'), got ") + Py_TYPE(obj.ptr())->tp_name);
}

/// A list (or tuple) given for a list field: not a str, not a mapping; InputError naming `field`.
inline py::sequence to_list(py::handle obj, const std::string& field, const char* expected) {
    if (PyUnicode_Check(obj.ptr()) || PyDict_Check(obj.ptr()) || !PySequence_Check(obj.ptr())) throw InputError(field, repr_of(obj), expected);
    return py::reinterpret_borrow<py::sequence>(obj);
}

/// (arrival, departure) pairs; errors name "stays[i]" / "stays[i].arrival" (0-based).
inline std::vector<Stay> to_stays(py::handle obj, const std::string& field) {
    const py::sequence seq = to_list(obj, field, "expected a list of (arrival, departure) pairs");
    std::vector<Stay> out;
    for (std::size_t i = 0; i < seq.size(); ++i) {
        py::object item = seq[i];
        const std::string at = field + "[" + std::to_string(i) + "]";
        if (PyUnicode_Check(item.ptr()) || !PySequence_Check(item.ptr()) || py::len(item) != 2)
            throw InputError(at, repr_of(item), "expected an (arrival, departure) pair");
        const py::sequence pair = py::reinterpret_borrow<py::sequence>(item);
        out.push_back({to_date(pair[0], at + ".arrival"), to_date(pair[1], at + ".departure")});
    }
    return out;
}

/// A list of dates; errors name "field[i]" (0-based).
inline std::vector<Date> to_dates(py::handle obj, const std::string& field) {
    const py::sequence seq = to_list(obj, field, "expected a list of dates");
    std::vector<Date> out;
    for (std::size_t i = 0; i < seq.size(); ++i) out.push_back(to_date(seq[i], field + "[" + std::to_string(i) + "]"));
    return out;
}

/// A list of amounts of yuan; errors name "field[i]" (0-based).
inline std::vector<Money> to_amounts(py::handle obj, const std::string& field) {
    const py::sequence seq = to_list(obj, field, "expected a list of amounts");
    std::vector<Money> out;
    for (std::size_t i = 0; i < seq.size(); ++i) out.push_back(to_money(seq[i], (field + "[" + std::to_string(i) + "]").c_str()));
    return out;
}

/// Whole or half days: int, float, str or Decimal; anything else is an InputError naming the field.
inline WorkingDays to_workdays(py::handle obj, const char* field) {
    PyObject* o = obj.ptr();
    if (PyBool_Check(o)) throw InputError(field, repr_of(obj), "expected a number of days, not a bool");
    if (PyLong_Check(o)) return WorkingDays::days(to_whole(obj, field, 0, 100000));
    if (PyFloat_Check(o)) {
        const double twice = PyFloat_AS_DOUBLE(o) * 2;  // boundary: a float of days, checked to be a whole number of halves
        if (!std::isfinite(twice) || twice < 0 || twice > 200000 || std::floor(twice) != twice)
            throw InputError(field, repr_of(obj), "working days must be whole or half days (e.g. 14 or 14.5)");
        return WorkingDays::halves(static_cast<std::int64_t>(twice));
    }
    if (PyUnicode_Check(o)) return WorkingDays::parse(to_text(obj, field), field);
    if (py::isinstance(obj, decimal_class())) {
        if (!obj.attr("is_finite")().cast<bool>()) throw InputError(field, repr_of(obj), "not a finite number of days");
        return WorkingDays::parse(py::str(py::module_::import("builtins").attr("format")(obj, "f")).cast<std::string>(), field);
    }
    throw InputError(field, repr_of(obj), std::string("expected whole or half days (int, float, str or Decimal), got ") + Py_TYPE(o)->tp_name);
}

inline py::object to_decimal(Money m) { return decimal_class()(m.str()); }
inline py::object to_decimal(Rate r) { return decimal_class()(r.str()); }
/// An exact amount rounded half-up to the fen, for display of intermediate figures.
inline py::object to_decimal(const Exact& x) { return to_decimal(round_half_up(x)); }

/// A decimal.Decimal result: a py::object that signatures (and so the generated stubs) name
/// decimal.Decimal rather than object. Constructed explicitly only, from to_decimal's result.
class DecimalObject : public py::object {
public:
    DecimalObject() = default;
    DecimalObject(py::handle h, borrowed_t b) : py::object(h, b) {}
    DecimalObject(py::handle h, stolen_t s) : py::object(h, s) {}
    explicit DecimalObject(py::object o) : py::object(std::move(o)) {}
    static bool check_(py::handle h) { return h.ptr() && PyObject_IsInstance(h.ptr(), decimal_class().ptr()) == 1; }
};
/// to_decimal, typed for signatures: the result of a function or property that is a Decimal.
template <class T>
DecimalObject decimal(const T& v) {
    return DecimalObject(to_decimal(v));
}

inline int to_year(py::handle obj) {
    if (PyBool_Check(obj.ptr()) || PyFloat_Check(obj.ptr()) || !(PyLong_Check(obj.ptr()) || PyIndex_Check(obj.ptr())))
        throw InputError("year", repr_of(obj), "expected a tax year as a whole number, e.g. 2024");
    PyObject* index = PyNumber_Index(obj.ptr());
    if (!index) {
        const std::string why = take_python_error();
        throw InputError("year", repr_of(obj), "cannot be read as a whole number (__index__ raised " + why + ")");
    }
    const long long v = PyLong_AsLongLong(index);
    Py_DECREF(index);
    if (PyErr_Occurred()) {
        PyErr_Clear();
        throw CoverageError("year", repr_of(obj), "no tax table covers this year");
    }
    if (v < 0 || v > 100000) throw CoverageError("year", std::to_string(v), "no tax table covers this year");
    return static_cast<int>(v);
}

/// The tables a call uses: `tables` if given (a libtax.Tables), else the built-in ones.
inline std::shared_ptr<const Tables> tables_or_builtin(py::handle tables) {
    if (tables.is_none()) return Tables::builtin_shared();
    try {
        return tables.cast<std::shared_ptr<const Tables>>();
    } catch (const py::cast_error&) {
        throw InputError("tables", repr_of(tables), "expected a libtax.Tables object or None");
    }
}

/// An explanation's steps as a list of dicts (label, value, formula, basis), for `.steps()`.
inline py::list steps_of(const Explanation& e) {
    py::list out;
    for (const auto& s : e.steps()) {
        py::dict d;
        d["label"] = s.label;
        d["value"] = s.value;
        d["formula"] = s.formula;
        d["basis"] = s.basis;
        out.append(d);
    }
    return out;
}

/// Registers libtax's exception classes in module `m` and translates C++ errors to them.
void register_errors(py::module_& m);

}  // namespace libtax::py_boundary

namespace pybind11::detail {
template <>
struct handle_type_name<libtax::py_boundary::DecimalObject> {
    static constexpr auto name = const_name("decimal.Decimal");
};
}  // namespace pybind11::detail

// ---- definitions ---------------------------------------------------------------------------
namespace libtax::py_boundary {

/// `text` read as an error message (core/error_text.hpp): an input error's "field = value:
/// problem", its field and value among the arguments, else a problem alone.
inline ErrorMessage read_message(const std::string& text) {
    const auto eq = text.find(" = ");
    if (eq != std::string::npos && eq > 0 && text.rfind(": ", eq) == std::string::npos)
        for (auto colon = text.find(": ", eq + 3); colon != std::string::npos; colon = text.find(": ", colon + 2)) {
            ErrorMessage m = error_message(InputError(text.substr(0, eq), text.substr(eq + 3, colon - eq - 3), text.substr(colon + 2)));
            if (m.translated()) return m;
        }
    return error_message(Error(text));
}

/// A message wrapped in another's {detail} ("row {row}: {detail}"): {"id": ..., "args": {...}} as
/// it is read, or its English text when no template matches.
inline py::object wrapped_args(const std::string& text) {
    const ErrorMessage inner = read_message(text);
    if (!inner.translated()) return py::str(text);
    py::dict args;
    for (const auto& a : inner.args)
        if (a.name != "problem") args[py::str(a.name)] = a.name == "detail" ? wrapped_args(a.value.text) : py::object(py::str(a.value.text));
    return py::dict(py::arg("id") = inner.problem_id, py::arg("args") = args);
}

inline void register_errors(py::module_& m) {
    static py::object* base = nullptr;
    static py::object *input = nullptr, *range = nullptr, *coverage = nullptr, *not_available = nullptr, *table = nullptr;
    auto make = [&](const char* name, py::handle parent, const char* doc) {
        py::object t = py::reinterpret_steal<py::object>(
            PyErr_NewExceptionWithDoc((std::string("libtax.") + name).c_str(), doc, parent.ptr(), nullptr));
        m.attr(name) = t;
        return new py::object(t);
    };
    base = make("Error", PyExc_ValueError, "Base of every libtax error (a ValueError).");
    input = make("InputError", *base, "Bad input: .field names the argument, .value the value given.");
    range = make("RangeError", *input, "An amount beyond the range libtax computes exactly (10^15 yuan).");
    coverage = make("CoverageError", *input, "A year or date that no loaded table covers.");
    not_available = make("NotAvailableError", *input, "A legal option that does not exist for that year or person.");
    table = make("TableError", *base, "A malformed table file: .file, .line and .key say where.");
    py::register_exception_translator([](std::exception_ptr p) {
        // str(e) is the message in the process language (libtax.set_language) when the error is
        // raised; e.messages holds it in "en" and "zh", e.message_id the problem's catalogue id
        // (None: the problem has no Chinese template and stays English inside a Chinese frame),
        // e.message_args its arguments.
        auto raise = [](py::object* type, const Error& e, auto&& set_attrs) {
            std::string lang = "en";
            try {
                lang = py::module_::import("libtax._core").attr("get_language")().cast<std::string>();
            } catch (const std::exception&) {
                PyErr_Clear();
            }
            std::string msg = e.what(), zh = e.what();
            py::object id = py::none();
            py::dict args;  // the problem's arguments (the frame's field, value, file and line are attributes)
            try {
                const ErrorMessage m = error_message(e);
                zh = error_text(e, "zh");
                msg = error_text(e, lang);
                if (m.translated()) id = py::str(m.problem_id);
                for (const auto& a : m.args)
                    if (a.name != "problem" && a.name != "field" && a.name != "value" && a.name != "file" && a.name != "line" &&
                        a.name != "key")
                        args[py::str(a.name)] = a.name == "detail" ? wrapped_args(a.value.text) : py::object(py::str(a.value.text));
            } catch (const std::exception&) {  // a catalogue fault never hides the error itself
            }
            py::object inst = (*type)(msg);
            set_attrs(inst);
            inst.attr("messages") = py::dict(py::arg("en") = std::string(e.what()), py::arg("zh") = zh);
            inst.attr("message_id") = id;
            inst.attr("message_args") = args;
            PyErr_SetObject(type->ptr(), inst.ptr());
        };
        try {
            if (p) std::rethrow_exception(p);
        } catch (const RangeError& e) {
            raise(range, e, [&](py::object& o) { o.attr("field") = e.field(); o.attr("value") = e.value(); });
        } catch (const CoverageError& e) {
            raise(coverage, e, [&](py::object& o) { o.attr("field") = e.field(); o.attr("value") = e.value(); });
        } catch (const NotAvailableError& e) {
            raise(not_available, e, [&](py::object& o) { o.attr("field") = e.field(); o.attr("value") = e.value(); });
        } catch (const InputError& e) {
            raise(input, e, [&](py::object& o) { o.attr("field") = e.field(); o.attr("value") = e.value(); });
        } catch (const TableError& e) {
            raise(table, e, [&](py::object& o) { o.attr("file") = e.file(); o.attr("line") = e.line(); o.attr("key") = e.key(); });
        } catch (const Error& e) {
            raise(base, e, [](py::object&) {});
        } catch (const std::filesystem::filesystem_error& e) {  // a library path missed: still a libtax.Error naming the path
            raise(base, Error(bounded_text(e.path1().string() + ": " + e.code().message())), [](py::object&) {});
        }
    });
}

}  // namespace libtax::py_boundary
