// bindings/fast_call.hpp - the scalar calls' fast path through the Python boundary: a call whose
// arguments all take the plain form (the year as an int, declared money keywords as int, float or
// decimal.Decimal with at most two places, no other keyword) is read straight from CPython's
// vectorcall arguments and answered without pybind11's dispatcher; any other call, and any call
// the fast path would refuse, is passed unchanged to the general (pybind11) function, so every
// keyword rule and every error message stays the general path's own.
//
// Why: pybind11's dispatcher (kwargs dict, keyword strings copied, type lookups by name per cast)
// cost about 20x the computation (annual_tax without a trace is about 16 ns). The values read are
// the same as convert.hpp's: an int is exact yuan, a float the nearest fen (float_boundary.hpp),
// a Decimal its exact value (more places, exponents and non-finite values go the general way).
//
// Results: `new_instance` makes the bound class's Python object from a C++ value with the class's
// type record looked up once; `fast_decimal_property` replaces a property's getter by a plain
// CPython function (the same value, the same signature line for the stubs).
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <typeinfo>
#include <vector>

#include "contract_adapter.hpp"
#include "convert.hpp"

namespace libtax::py_boundary::fast {

namespace py = pybind11;

/// decimal.Decimal's type object (exact-type checks only: a subclass goes the general way).
inline PyObject* decimal_type() {
    static PyObject* t = decimal_class().ptr();
    return t;
}

/// Yuan as fen when `o` is a plain amount the general path would read to the same value without
/// a refusal: an int (not bool) within +/-10^15 yuan, a finite float within range, a Decimal
/// written with at most two places and at most 15 digits before the point. False: ask the
/// general path (which converts, or raises the error it always raises).
inline bool plain_fen(PyObject* o, std::int64_t& fen) {
    PyTypeObject* t = Py_TYPE(o);
    if (t == &PyLong_Type) {
        int overflow = 0;
        const long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow || v > Money::max_fen / 100 || v < -Money::max_fen / 100) {
            PyErr_Clear();
            return false;
        }
        fen = v * 100;
        return true;
    }
    if (t == &PyFloat_Type) {
        const auto f = float_to_fen(PyFloat_AS_DOUBLE(o));
        if (!f) return false;
        fen = *f;
        return true;
    }
    if (reinterpret_cast<PyObject*>(t) == decimal_type()) {
        PyObject* s = PyObject_Str(o);  // e.g. "-1234.5"; exponents ("1E+3"), NaN, Infinity: not plain
        if (!s) {
            PyErr_Clear();
            return false;
        }
        Py_ssize_t n = 0;
        const char* p = PyUnicode_AsUTF8AndSize(s, &n);
        bool ok = p != nullptr;
        const char* end = p + n;
        bool negative = false;
        std::int64_t yuan = 0, cents = 0;
        int digits = 0, places = 0;
        if (ok && p < end && *p == '-') negative = true, ++p;
        for (; ok && p < end && *p >= '0' && *p <= '9'; ++p) yuan = yuan * 10 + (*p - '0'), ++digits;
        ok = ok && digits >= 1 && digits <= 15;
        if (ok && p < end) {
            ok = *p++ == '.';
            for (; ok && p < end && *p >= '0' && *p <= '9' && places < 2; ++p) cents = cents * 10 + (*p - '0'), ++places;
            ok = ok && places >= 1 && p == end;
        }
        Py_DECREF(s);
        if (!ok) {
            PyErr_Clear();
            return false;
        }
        if (places == 1) cents *= 10;
        fen = yuan * 100 + cents;
        if (negative) fen = -fen;
        return true;
    }
    return false;
}

/// The declared money fields of `d` as (interned keyword, slot): the keywords the fast path reads.
template <class T>
struct MoneyKeywords {
    struct Entry {
        PyObject* name;  ///< interned, never freed (module lifetime)
        Money* (*slot)(T&);
    };
    std::vector<Entry> entries;

    explicit MoneyKeywords(const contract::Declaration<T>& d) {
        for (const auto& f : d.fields)
            if (auto s = std::get_if<Money* (*)(T&)>(&f.slot)) entries.push_back({PyUnicode_InternFromString(f.name), *s});
    }
    /// The slot of keyword `k`, or null when `k` is not a plain money keyword of the declaration.
    Money* (*find(PyObject* k) const)(T&) {
        for (const auto& e : entries)
            if (e.name == k) return e.slot;  // keywords written in source are interned
        for (const auto& e : entries)
            if (PyUnicode_Compare(e.name, k) == 0) return e.slot;
        PyErr_Clear();
        return nullptr;
    }
};

/// The year of a plain call (an exact int), or -1.
inline int plain_year(PyObject* o) {
    if (Py_TYPE(o) != &PyLong_Type) return -1;
    int overflow = 0;
    const long v = PyLong_AsLongAndOverflow(o, &overflow);
    if (overflow || v < 0 || v > 100000) {
        PyErr_Clear();
        return -1;
    }
    return static_cast<int>(v);
}

/// The Python object of bound class T owning `value` (moved in), with T's type record looked up
/// once; null with a Python error set when it cannot be made.
template <class T>
PyObject* new_instance(T&& value) {
    static const py::detail::type_info* tinfo = py::detail::get_type_info(typeid(T));
    auto owned = std::make_unique<T>(std::move(value));
    py::handle h = py::detail::type_caster_generic::cast(owned.get(), py::return_value_policy::take_ownership, py::handle(), tinfo,
                                                         nullptr, nullptr, nullptr);
    if (h) owned.release();
    return h.ptr();
}

/// The C++ value of a bound class T's instance `self`, or null with a TypeError set.
template <class T>
const T* value_of(PyObject* self) {
    static PyTypeObject* type = py::detail::get_type_info(typeid(T))->type;
    if (Py_TYPE(self) == type) {
        auto* inst = reinterpret_cast<py::detail::instance*>(self);
        if (inst->simple_layout && inst->simple_holder_constructed) return static_cast<const T*>(inst->simple_value_holder[0]);
    }
    try {
        return &py::cast<const T&>(py::handle(self));
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_TypeError, e.what());
        return nullptr;
    }
}

/// Money as a decimal.Decimal, written without a std::string ("-1234.56").
inline PyObject* decimal_of(Money m) {
    char buf[32];
    char* p = buf + sizeof buf;
    std::int64_t f = m.fen();
    const bool negative = f < 0;
    std::uint64_t u = negative ? 0 - static_cast<std::uint64_t>(f) : static_cast<std::uint64_t>(f);
    *--p = static_cast<char>('0' + u % 10), u /= 10;
    *--p = static_cast<char>('0' + u % 10), u /= 10;
    *--p = '.';
    do *--p = static_cast<char>('0' + u % 10), u /= 10;
    while (u);
    if (negative) *--p = '-';
    PyObject* s = PyUnicode_FromStringAndSize(p, buf + sizeof buf - p);
    if (!s) return nullptr;
    PyObject* d = PyObject_CallOneArg(decimal_type(), s);
    Py_DECREF(s);
    return d;
}

/// Replaces property `name` of bound class `cls` (instances of T) by a property whose getter is a
/// plain CPython function returning Get(value) as a Decimal. `signature_doc` is the getter's doc:
/// "(self: libtax._core.X) -> decimal.Decimal\n\n...", read by the stub generator.
template <class T, Money (*Get)(const T&)>
void fast_decimal_property(py::object cls, const char* name, const char* signature_doc, const char* doc) {
    static PyMethodDef def{name,
                           [](PyObject*, PyObject* self) -> PyObject* {
                               const T* v = value_of<T>(self);
                               return v ? decimal_of(Get(*v)) : nullptr;
                           },
                           METH_O, signature_doc};
    py::object getter = py::reinterpret_steal<py::object>(PyCFunction_NewEx(&def, nullptr, nullptr));
    if (!getter) throw py::error_already_set();
    cls.attr(name) = py::module_::import("builtins").attr("property")(getter, py::none(), py::none(), doc);
}

/// A module-level function `name` answered by `Fast` when it can and by `general` (the pybind11
/// function, keeping its docstring) otherwise. Fast(args, nargs, kwnames) returns the result, or
/// null with no Python error set to pass the call on (null with an error set: that error).
template <PyObject* (*Fast)(PyObject* const*, Py_ssize_t, PyObject*)>
void def_fast(py::module_& m, const char* name, py::cpp_function general) {
    static PyObject* fallback = general.release().ptr();  // module lifetime
    static PyMethodDef def{name,
                           reinterpret_cast<PyCFunction>(+[](PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) -> PyObject* {
                               if (PyObject* r = Fast(args, nargs, kwnames)) return r;
                               if (PyErr_Occurred()) return nullptr;
                               return PyObject_Vectorcall(fallback, args, static_cast<std::size_t>(nargs), kwnames);
                           }),
                           METH_FASTCALL | METH_KEYWORDS, nullptr};
    py::object doc = py::reinterpret_borrow<py::object>(fallback).attr("__doc__");
    static std::string doc_text = doc.is_none() ? std::string() : doc.cast<std::string>();
    def.ml_doc = doc_text.c_str();
    py::object module_name = m.attr("__name__");
    py::object f = py::reinterpret_steal<py::object>(PyCFunction_NewEx(&def, nullptr, module_name.ptr()));
    if (!f) throw py::error_already_set();
    m.attr(name) = f;
}

}  // namespace libtax::py_boundary::fast
