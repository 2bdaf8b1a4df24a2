// libFuzzer target: the Python conversion rules (bindings/convert.hpp, the code every Python
// call converts its arguments with), in an embedded interpreter. The input picks a Python value
// (text with lone surrogates allowed, a Decimal or int parsed from text, a float's bytes, bytes)
// and it goes through to_money, to_year and to_whole: each must give a value or throw a
// libtax::Error; a Python exception escaping (TypeError, SystemError, ...), a pending Python
// error afterwards or a huge allocation (Decimal('1E+100000000')) is a finding.
#include <pybind11/embed.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "convert.hpp"

namespace py = pybind11;
using namespace libtax::py_boundary;

namespace {

/// The Python value the input describes, or None when Python refuses to build it.
py::object value_of(std::uint8_t kind, const char* text, std::size_t size) {
    PyObject* o = nullptr;
    switch (kind % 6) {
        case 0: o = PyUnicode_DecodeUTF8(text, static_cast<Py_ssize_t>(size), "surrogatepass"); break;
        case 1: {
            PyObject* s = PyUnicode_DecodeUTF8(text, static_cast<Py_ssize_t>(size), "replace");
            if (s) o = PyObject_CallOneArg(decimal_class().ptr(), s), Py_DECREF(s);
            break;
        }
        case 2: {
            const std::string t(text, size);
            o = PyLong_FromString(t.c_str(), nullptr, 0);
            break;
        }
        case 3: {
            double d = 0;
            std::memcpy(&d, text, std::min(size, sizeof d));
            o = PyFloat_FromDouble(d);
            break;
        }
        case 4: o = PyBytes_FromStringAndSize(text, static_cast<Py_ssize_t>(size)); break;
        default: o = PyBool_FromLong(size & 1); break;
    }
    if (!o) {
        PyErr_Clear();
        return py::none();
    }
    return py::reinterpret_steal<py::object>(o);
}

template <class F>
void expect_value_or_libtax_error(F&& convert) {
    try {
        convert();
    } catch (const libtax::Error&) {
        // a clear refusal naming the field
    } catch (const std::exception& e) {
        std::fprintf(stderr, "escaped: %s\n", e.what());
        std::abort();
    }
    if (PyErr_Occurred()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static py::scoped_interpreter* python = new py::scoped_interpreter();  // lives for the process
    (void)python;
    if (size == 0) return 0;
    const py::object v = value_of(data[0], reinterpret_cast<const char*>(data + 1), size - 1);
    expect_value_or_libtax_error([&] { (void)to_money(v, "amount"); });
    expect_value_or_libtax_error([&] { (void)to_year(v); });
    expect_value_or_libtax_error([&] { (void)to_whole(v, "days", 0, 366); });
    if (PyUnicode_Check(v.ptr())) expect_value_or_libtax_error([&] { (void)to_text(v, "text"); });
    return 0;
}
