// libtax._batch: the calculators over whole columns (numpy arrays), computed in C++ with the GIL
// released and spread over threads. The Python layer (libtax/analysis.py) checks shapes and
// dtypes and calls these; each element equals the scalar function's result to the fen.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "batch/annual_kernel.hpp"
#include "libtax/payroll/withholding_batch.hpp"
#include "libtax/regimes/relief.hpp"
#include "batch/columns.hpp"
#include "contract_adapter.hpp"
#include "convert.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;
using namespace libtax::batch;

namespace {

/// Rows per block: the block's columns in fen (7 x 2 KiB) and results stay in the L1 cache
/// (1024 rows measured 25% slower); the float conversion prefetches one block ahead.
constexpr std::size_t kBlock = 256;

/// Whether the batch functions may use the CPU's vector units where it has them (the best, or AVX2
/// at most), or run the portable code (for tests comparing them, and the benchmark). Same results.
/// LIBTAX_SIMD=avx2 in the environment starts at "avx2", =off at the portable code.
int initial_lanes() {
    const char* env = std::getenv("LIBTAX_SIMD");
    const std::string v = env ? env : "";
    if (v == "avx2") {
        restrict_lanes(true);
        return static_cast<int>(Lanes::avx2);
    }
    return static_cast<int>(v == "off" ? Lanes::portable : Lanes::best);
}
std::atomic<int> g_lanes{initial_lanes()};
Lanes lanes_now() { return static_cast<Lanes>(g_lanes.load()); }

/// fen / 100.0, the nearest double to the yuan amount (as float(Decimal) of the scalar result).
/// Amounts below 2^52 fen convert by their bits (or-ed into 2^52), which vectorises.
void to_yuan(const std::int64_t* fen, std::size_t n, double* out) {
    std::uint64_t high = 0;
    for (std::size_t k = 0; k < n; ++k) high |= static_cast<std::uint64_t>(fen[k]) >> 52;
    if (high) {
        for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<double>(fen[k]) / 100.0;
        return;
    }
    for (std::size_t k = 0; k < n; ++k) {
        const std::uint64_t bits = static_cast<std::uint64_t>(fen[k]) | 0x4330000000000000ULL;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        out[k] = (d - 4503599627370496.0) / 100.0;
    }
}

/// Where the first bad row of a thread's chunk is.
struct Failure {
    long row = -1;
    int column = -1;  // -1: the result (tax out of range)
    BadKind why = BadKind::none;
    std::exception_ptr error;
};

// Object arrays: the element at i as a borrowed handle (the array keeps it alive).
py::handle PyArray_GETITEM_compat(const py::array& a, std::size_t i) {
    return static_cast<PyObject* const*>(a.data())[i];
}

Column make_column(py::handle obj, const std::string& name, std::size_t n) {
    Column c;
    c.name = name;
    if (obj.is_none()) return c;
    py::array a = py::reinterpret_borrow<py::array>(obj);
    if (a.ndim() != 1 || static_cast<std::size_t>(a.shape(0)) != n)
        throw InputError(name, "shape " + repr_of(a.attr("shape")), "expected a 1-D column of " + std::to_string(n) + " rows");
    if (!(a.flags() & py::array::c_style)) throw InputError(name, "array", "expected a contiguous column");
    if (a.dtype().is(py::dtype::of<double>())) {
        c.kind = Column::yuan_f64;
        c.f64 = static_cast<const double*>(a.data());
    } else if (a.dtype().is(py::dtype::of<std::int64_t>())) {
        c.kind = Column::yuan_i64;
        c.i64 = static_cast<const std::int64_t*>(a.data());
    } else if (a.dtype().kind() == 'O') {
        c.kind = Column::fen_i64;
        c.owned.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            py::handle item = PyArray_GETITEM_compat(a, i);
            Money m;
            try {
                m = to_money(item, name.c_str());
            } catch (const RangeError& e) {
                throw RangeError(name, repr_of(item), "row " + std::to_string(i) + ": " + describe(BadKind::out_of_range));
            } catch (const InputError& e) {
                const std::string what = e.what();
                const auto colon = what.find(": ");
                throw InputError(name, repr_of(item), "row " + std::to_string(i) + ": " + (colon == std::string::npos ? what : what.substr(colon + 2)));
            }
            if (m.is_negative()) throw InputError(name, repr_of(item), "row " + std::to_string(i) + ": " + describe(BadKind::negative));
            c.owned[i] = m.fen();
        }
    } else {
        throw InputError(name, "dtype " + py::str(a.dtype()).cast<std::string>(), "expected int64, float64 or object amounts");
    }
    return c;
}

std::size_t thread_count(py::handle threads, std::size_t rows) {
    std::size_t t = std::max(1u, std::thread::hardware_concurrency());
    if (!threads.is_none()) {
        if (PyBool_Check(threads.ptr()) || !PyLong_Check(threads.ptr()))
            throw InputError("threads", repr_of(threads), "expected a positive whole number of threads or None (all cores)");
        t = static_cast<std::size_t>(to_whole(threads, "threads", 1, 4096));
    }
    const std::size_t useful = std::max<std::size_t>(1, rows / 16384);  // no thread for fewer than 16k rows
    return std::min(t, useful);
}

/// Runs work(0..nt) with the GIL released: on this thread when nt is 1, else one thread each.
/// `work` must not throw (each chunk records its failure) nor touch Python objects.
template <class Work>
void run_chunks(std::size_t nt, Work& work) {
    py::gil_scoped_release release;
    if (nt == 1) {
        work(0);
        return;
    }
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < nt; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
}

[[noreturn]] void raise_failure(const Failure& f, const std::vector<Column>& cols, const std::vector<py::object>& raw) {
    if (f.error) std::rethrow_exception(f.error);
    const std::string row = "row " + std::to_string(f.row) + ": ";
    if (f.column < 0) {
        throw RangeError("tax", "row " + std::to_string(f.row), describe(f.why));
    }
    const Column& c = cols[static_cast<std::size_t>(f.column)];
    const std::string value = repr_of(raw[static_cast<std::size_t>(f.column)].attr("__getitem__")(f.row));
    if (f.why == BadKind::out_of_range) throw RangeError(c.name, value, row + describe(f.why));
    throw InputError(c.name, value, row + describe(f.why));
}

/// The caller's result array (out=): float64, 1-D, n rows, contiguous and writeable.
py::array_t<double> result_array(py::object out, std::size_t n) {
    if (out.is_none()) return py::array_t<double>(static_cast<py::ssize_t>(n));
    if (!py::isinstance<py::array>(out)) throw InputError("out", repr_of(out), "expected a numpy float64 array or None");
    py::array a = py::reinterpret_borrow<py::array>(out);
    if (!a.dtype().is(py::dtype::of<double>()))
        throw InputError("out", "dtype " + py::str(a.dtype()).cast<std::string>(), "expected a float64 array");
    if (a.ndim() != 1 || static_cast<std::size_t>(a.shape(0)) != n)
        throw InputError("out", "shape " + repr_of(a.attr("shape")), "expected a 1-D array of " + std::to_string(n) + " rows");
    if (!(a.flags() & py::array::c_style) || !a.writeable())
        throw InputError("out", "array", "expected a contiguous, writeable array");
    return py::reinterpret_borrow<py::array_t<double>>(out);
}

/// Rows per chunk of the fused pass (annual_yuan_lanes): the list of its slow rows stays small.
constexpr std::size_t kFusedChunk = 1024;

/// Annual tax over the 7 columns. `checked`: whether the caller has already checked the float
/// columns' amounts; when false, a refused input amount returns None (the caller then checks
/// them itself, as its errors= asks) instead of raising, so a clean float column is read once.
py::object annual_tax_columns(py::object year, py::list columns, py::object threads, py::object tables, bool want_taxable,
                              bool want_bracket, py::object out, bool checked) {
    static const char* names[7] = {"wages", "labour", "author", "royalties", "social_insurance", "special_additional", "other_deductions"};
    if (columns.size() != 7) throw InputError("columns", std::to_string(columns.size()), "expected the 7 columns of annual_tax");
    auto tabs = tables_or_builtin(tables);
    const TaxYear& ty = tabs->year(to_year(year));
    std::size_t n = 0;
    bool any = false;
    for (std::size_t k = 0; k < 7; ++k) {
        if (columns[k].is_none()) continue;
        const std::size_t len = static_cast<std::size_t>(py::len(columns[k]));
        if (!any) n = len, any = true;
        else if (len != n) throw InputError(names[k], std::to_string(len) + " rows", "expected " + std::to_string(n) + " rows like the columns before it");
    }
    std::vector<Column> cols;
    std::vector<py::object> raw;
    for (std::size_t k = 0; k < 7; ++k) {
        cols.push_back(make_column(columns[k], names[k], n));
        raw.push_back(columns[k]);
    }
    const AnnualKernel kernel(ty);
    py::array_t<double> tax = result_array(out, n);
    py::array_t<double> taxable(want_taxable ? static_cast<py::ssize_t>(n) : 0);
    py::array_t<std::int8_t> bracket(want_bracket ? static_cast<py::ssize_t>(n) : 0);
    double* tax_out = tax.mutable_data();
    double* taxable_out = want_taxable ? taxable.mutable_data() : nullptr;
    std::int8_t* bracket_out = want_bracket ? bracket.mutable_data() : nullptr;
    const std::size_t nt = thread_count(threads, n);
    std::vector<Failure> failures(nt);
    // The fused pass (float64 yuan in lanes to float64 yuan, one pass) when every column given is
    // float64 and the SIMD lanes run; else blocks of fen through AnnualKernel::block.
    bool fused = kernel.path(lanes_now()) == Lanes::best;
    for (const Column& c : cols) fused &= c.kind == Column::zeros || c.kind == Column::yuan_f64;

    // Rows the fused pass leaves: each amount read (and validated) as the block path reads it,
    // then AnnualKernel::row. Returns false at a bad row (recorded in f).
    auto slow_rows = [&](const std::uint32_t* rows, std::size_t count, std::size_t at, Failure& f, Lanes lanes) {
        for (std::size_t j = 0; j < count; ++j) {
            const std::size_t r = at + rows[j];
            std::int64_t v[7];
            for (std::size_t k = 0; k < 7; ++k) {
                BadKind why = BadKind::none;
                if (cols[k].read(r, 1, &v[k], why, lanes) >= 0) {
                    f.row = static_cast<long>(r);
                    f.column = static_cast<int>(k);
                    f.why = why;
                    return false;
                }
            }
            const AnnualRow x = kernel.row(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
            if (x.out_of_range || (taxable_out && x.taxable > Money::max_fen)) {  // as the scalar refuses
                f.row = static_cast<long>(r);
                f.column = -1;
                f.why = BadKind::result_out_of_range;
                return false;
            }
            to_yuan(&x.tax, 1, tax_out + r);
            if (taxable_out) {
                const std::int64_t fen = static_cast<std::int64_t>(x.taxable);
                to_yuan(&fen, 1, taxable_out + r);
            }
            if (bracket_out) bracket_out[r] = static_cast<std::int8_t>(x.bracket);
        }
        return true;
    };
    auto fused_work = [&](std::size_t t) {
        const std::size_t begin = n * t / nt, end = n * (t + 1) / nt;
        static const double zeros[kFusedChunk] = {};
        std::uint32_t slow[kFusedChunk];
        Failure& f = failures[t];
        const Lanes lanes = lanes_now();
        try {
            for (std::size_t b = begin; b < end; b += kFusedChunk) {
                const std::size_t len = std::min(kFusedChunk, end - b);
                const double* in[8];
                for (std::size_t k = 0; k < 7; ++k) in[k] = cols[k].kind == Column::zeros ? zeros : cols[k].f64 + b;
                in[7] = zeros;  // the kernel recognises absent columns by this pointer
                const std::size_t count = kernel.yuan_block(in, len, tax_out + b, taxable_out ? taxable_out + b : nullptr,
                                                            bracket_out ? bracket_out + b : nullptr, slow);
                if (!slow_rows(slow, count, b, f, lanes)) return;
            }
        } catch (...) {
            f.row = static_cast<long>(begin);
            f.error = std::current_exception();
        }
    };

    auto work = [&](std::size_t t) {
        const std::size_t begin = n * t / nt, end = n * (t + 1) / nt;
        alignas(64) std::int64_t buf[7][kBlock];
        alignas(64) std::int64_t tax_fen[kBlock], taxable_fen[kBlock];
        alignas(64) std::int8_t br[kBlock];
        static const std::int64_t zeros[kBlock] = {};
        const std::int64_t* in[8];
        in[7] = zeros;  // the kernel recognises absent columns by this pointer
        Failure& f = failures[t];
        const Lanes lanes = lanes_now();
        try {
            for (std::size_t b = begin; b < end; b += kBlock) {
                const std::size_t len = std::min(kBlock, end - b);
                long first = -1;
                for (std::size_t k = 0; k < 7; ++k) {
                    if (cols[k].kind == Column::zeros) {
                        in[k] = zeros;
                        continue;
                    }
                    BadKind why = BadKind::none;
                    const long bad = cols[k].read(b, len, buf[k], why, lanes);
                    in[k] = buf[k];
                    if (bad >= 0 && (first < 0 || bad < first)) {
                        first = bad;
                        f.column = static_cast<int>(k);
                        f.why = why;
                    }
                }
                if (first >= 0) {
                    f.row = static_cast<long>(b) + first;
                    return;
                }
                const long over = kernel.block(in, len, tax_fen, taxable_out ? taxable_fen : nullptr, bracket_out ? br : nullptr, lanes);
                if (over >= 0) {
                    f.row = static_cast<long>(b) + over;
                    f.column = -1;
                    f.why = BadKind::result_out_of_range;
                    return;
                }
                to_yuan(tax_fen, len, tax_out + b);
                if (taxable_out) to_yuan(taxable_fen, len, taxable_out + b);
                if (bracket_out) std::copy(br, br + len, bracket_out + b);
            }
        } catch (...) {
            f.row = static_cast<long>(begin);
            f.error = std::current_exception();
        }
    };
    if (fused) run_chunks(nt, fused_work);
    else run_chunks(nt, work);
    for (const Failure& f : failures) {  // chunks are in row order: the first failing chunk has the first bad row
        if (f.row < 0) continue;
        if (!checked && !f.error && f.column >= 0) return py::none();  // the caller checks its columns itself
        raise_failure(f, cols, raw);
    }
    return py::make_tuple(tax, want_taxable ? py::object(taxable) : py::none(), want_bracket ? py::object(bracket) : py::none());
}

/// A per-row value given as one scalar for every row or as a column.
template <class T>
struct PerRow {
    std::vector<T> values;
    T scalar{};
    bool column = false;
    T at(std::size_t i) const { return column ? T(values[i]) : scalar; }  // by value: vector<bool>
};

template <class T, class Convert>
PerRow<T> per_row(py::handle obj, std::size_t n, const char* name, Convert convert) {
    PerRow<T> out;
    if (py::isinstance<py::str>(obj) || !py::hasattr(obj, "__len__")) {
        out.scalar = convert(obj);
        return out;
    }
    py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    if (static_cast<std::size_t>(py::len(seq)) != n)
        throw InputError(name, std::to_string(py::len(seq)) + " rows", "expected " + std::to_string(n) + " rows like the amounts");
    out.column = true;
    out.values.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        try {
            out.values.push_back(convert(seq[i]));
        } catch (const InputError& e) {
            throw InputError(name, e.value(), "row " + std::to_string(i) + ": " + e.what());
        }
    }
    return out;
}

/// A column of whole numbers from 0 to `most` (days_in_zone), by the rules of the scalar keyword:
/// Python ints and numpy integers (not bools, not floats), or None for "not given". Returns the
/// values as int32 (-1 where None or refused) and the refused entries [(row, out of range)]:
/// out of range True for a whole number beyond 0..most, False for an entry that is not one.
py::tuple whole_numbers(py::array values, long long most) {
    if (values.ndim() != 1) throw InputError("column", "array", "expected a 1-D column");
    const std::size_t n = static_cast<std::size_t>(values.shape(0));
    py::array_t<std::int32_t> out(static_cast<py::ssize_t>(n));
    std::int32_t* dst = out.mutable_data();
    py::list problems;
    const char kind = values.dtype().kind();
    if (kind == 'i' || kind == 'u') {  // numpy integers: every entry a whole number
        const bool is_unsigned = kind == 'u';
        py::array_t<std::int64_t> v = py::array_t<std::int64_t, py::array::forcecast | py::array::c_style>::ensure(
            is_unsigned ? values.attr("astype")("uint64", py::arg("copy") = false) : py::object(values));
        const std::int64_t* x = v.data();
        for (std::size_t i = 0; i < n; ++i) {
            // unsigned above 2^63 reads as negative: beyond most either way
            const bool bad = x[i] < 0 || x[i] > most;
            dst[i] = bad ? -1 : static_cast<std::int32_t>(x[i]);
            if (bad) problems.append(py::make_tuple(i, true));
        }
        return py::make_tuple(out, problems);
    }
    if (kind != 'O') {  // bools, floats, texts: none is a whole number
        for (std::size_t i = 0; i < n; ++i) {
            dst[i] = -1;
            problems.append(py::make_tuple(i, false));
        }
        return py::make_tuple(out, problems);
    }
    py::array objects = py::array::ensure(values, py::array::c_style);
    PyObject* const* items = static_cast<PyObject* const*>(objects.data());
    py::object np_integer = py::module_::import("numpy").attr("integer");
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* item = items[i];
        dst[i] = -1;
        if (item == Py_None) continue;
        py::object number;
        if (PyLong_Check(item) && !PyBool_Check(item)) number = py::reinterpret_borrow<py::object>(item);
        else if (PyObject_IsInstance(item, np_integer.ptr()) == 1) number = py::reinterpret_steal<py::object>(PyNumber_Index(item));
        if (!number) {
            PyErr_Clear();
            problems.append(py::make_tuple(i, false));
            continue;
        }
        int overflow = 0;
        const long long v = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
        if (overflow || v < 0 || v > most) {
            problems.append(py::make_tuple(i, true));
            continue;
        }
        dst[i] = static_cast<std::int32_t>(v);
    }
    return py::make_tuple(out, problems);
}

/// A declared talent-case field given per row (talent_relief_batch's field columns): each entry
/// converted once, before the threads, by the scalar boundary (contract_adapter.hpp's set_field:
/// the same rules and messages as talent_relief's keyword), then set on each row's case.
struct RowField {
    std::string name;
    std::function<void(TalentCase&, std::size_t)> apply;  // sets the field of row i; touches no Python object
};

const contract::Field<TalentCase>& batch_field(const std::string& name) {
    const contract::Field<TalentCase>* f = contract::talent_case().find(name);
    if (!f) contract::refuse_unknown(name, "column", contract::talent_case().names());
    // identity and the amount columns have columns of their own (mpf_contributions, in HKD, excepted)
    const bool own_column = std::holds_alternative<contract::EnumSlot<TalentCase>>(f->slot) ||
                            (f->kind == contract::Kind::money && !f->optional() && name != "mpf_contributions") ||
                            name == "days_in_zone" || name == "talent_recognised";
    if (own_column) throw InputError(name, "column", "given as a column of its own, not as a field column");
    return *f;
}

/// The value of one entry: None is "not given" where the declared default is None.
template <class V>
V field_value(const contract::Field<TalentCase>& f, V* (*slot)(TalentCase&), py::handle item, const std::string& name) {
    TalentCase scratch;
    if (!item.is_none()) set_field(f, scratch, item, name);  // None: not given (a refused entry, NaN or raised, is None too)
    return *slot(scratch);
}

RowField row_field(const std::string& name, py::sequence values, std::size_t n) {
    const contract::Field<TalentCase>& f = batch_field(name);
    if (static_cast<std::size_t>(py::len(values)) != n)
        throw InputError(name, std::to_string(py::len(values)) + " rows", "expected " + std::to_string(n) + " rows like the amounts");
    RowField out;
    out.name = name;
    std::visit(
        [&](auto slot) {
            using S = decltype(slot);
            if constexpr (std::is_same_v<S, contract::EnumSlot<TalentCase>>) {
                throw InputError(name, "column", "given as a column of its own");
            } else {
                using V = std::remove_pointer_t<decltype(slot(std::declval<TalentCase&>()))>;
                auto store = std::make_shared<std::vector<V>>();
                store->reserve(n);
                for (std::size_t i = 0; i < n; ++i) {
                    py::object item = values[i];
                    try {
                        store->push_back(field_value(f, slot, item, name));
                    } catch (const RangeError& e) {
                        throw RangeError(e.field(), e.value(), "row " + std::to_string(i) + ": " + e.what());
                    } catch (const InputError& e) {
                        throw InputError(e.field(), e.value(), "row " + std::to_string(i) + ": " + e.what());
                    }
                }
                out.apply = [store, slot](TalentCase& c, std::size_t i) { *slot(c) = (*store)[i]; };
            }
        },
        f.slot);
    return out;
}

/// Every entry of a field column the scalar boundary refuses: [(row, error class name, problem)],
/// for libtax.analysis's strict columns and errors="coerce".
py::list field_problems(py::sequence values, const std::string& name) {
    const contract::Field<TalentCase>& f = batch_field(name);
    py::list out;
    const std::size_t n = static_cast<std::size_t>(py::len(values));
    for (std::size_t i = 0; i < n; ++i) {
        py::object item = values[i];
        try {
            TalentCase scratch;
            if (!(item.is_none() && none_is_absent(f))) set_field(f, scratch, item, name);
        } catch (const InputError& e) {
            const std::string what = e.what(), cls = dynamic_cast<const RangeError*>(&e) ? "RangeError" : "InputError";
            const auto colon = what.find(": ");
            out.append(py::make_tuple(i, cls, colon == std::string::npos ? what : what.substr(colon + 2)));
        }
    }
    return out;
}

/// The talent relief of one regime over columns: libtax::ReliefRows (the regime resolved once,
/// the amount of each row equal to talent_relief's) per row, in threads.
py::array_t<double> talent_relief_columns(const std::string& regime, py::object year, py::object identity, py::dict columns,
                                          py::object talent_recognised, py::object days_in_zone, py::dict fields,
                                          py::dict field_columns, bool projection, py::object threads, py::object tables) {
    static const char* names[9] = {"wages", "labour", "author", "royalties", "social_insurance", "special_additional",
                                   "other_deductions", "business_taxable_income", "talent_subsidy"};
    auto tabs = tables_or_builtin(tables);
    const int y = to_year(year);
    std::size_t n = 0;
    bool any = false;
    for (const char* name : names) {
        if (!columns.contains(name) || columns[name].is_none()) continue;
        const std::size_t len = static_cast<std::size_t>(py::len(columns[name]));
        if (!any) n = len, any = true;
        else if (len != n) throw InputError(name, std::to_string(len) + " rows", "expected " + std::to_string(n) + " rows like the columns before it");
    }
    // without amount columns, the rows are those of the first per-row column; every input a
    // scalar: one row (the call for one person)
    for (py::handle h : {identity, talent_recognised, days_in_zone}) {
        if (any || py::isinstance<py::str>(h) || !py::hasattr(h, "__len__")) continue;
        n = static_cast<std::size_t>(py::len(h)), any = true;
    }
    for (auto item : field_columns)
        if (!any) n = static_cast<std::size_t>(py::len(item.second)), any = true;
    if (!any) n = 1;
    for (auto item : columns) {
        const std::string k = py::str(item.first).cast<std::string>();
        if (std::find_if(std::begin(names), std::end(names), [&](const char* x) { return k == x; }) == std::end(names))
            throw InputError(k, "column", "not an amount column of talent_relief_batch");
    }
    std::vector<Column> cols;
    std::vector<py::object> raw;
    for (const char* name : names) {
        py::object c = columns.contains(name) ? py::object(columns[name]) : py::none();
        cols.push_back(make_column(c, name, n));
        raw.push_back(c);
    }
    const auto ids = per_row<Identity>(identity, n, "identity", [](py::handle h) {
        if (!py::isinstance<py::str>(h)) throw InputError("identity", repr_of(h), "expected one of foreign, hk, macao, taiwan, mainland");
        return parse_identity(h.cast<std::string>());
    });
    const auto recognised = per_row<bool>(talent_recognised, n, "talent_recognised", [](py::handle h) {
        if (!PyBool_Check(h.ptr()) && !py::isinstance(h, py::module_::import("numpy").attr("bool_")))
            throw InputError("talent_recognised", repr_of(h), "expected True or False");
        return h.cast<bool>();
    });
    // a column converted by whole_numbers (int32, -1 for None) is read in place, else row by row
    const std::int32_t* day_column = nullptr;
    py::array_t<std::int32_t> day_array;
    if (py::isinstance<py::array>(days_in_zone) && py::reinterpret_borrow<py::array>(days_in_zone).dtype().is(py::dtype::of<std::int32_t>())) {
        day_array = py::array_t<std::int32_t, py::array::c_style>::ensure(days_in_zone);
        if (day_array.ndim() != 1 || static_cast<std::size_t>(day_array.shape(0)) != n)
            throw InputError("days_in_zone", std::to_string(day_array.size()) + " rows", "expected " + std::to_string(n) + " rows like the amounts");
        day_column = day_array.data();
        for (std::size_t i = 0; i < n; ++i)
            if (day_column[i] < -1 || day_column[i] > 366)
                throw InputError("days_in_zone", std::to_string(day_column[i]), "row " + std::to_string(i) + ": expected 0 to 366 days");
        days_in_zone = py::none();
    }
    const auto days = per_row<int>(days_in_zone, n, "days_in_zone", [](py::handle h) {
        if (h.is_none()) return -1;
        if (PyBool_Check(h.ptr()) || !PyIndex_Check(h.ptr())) throw InputError("days_in_zone", repr_of(h), "expected a whole number of days or None");
        const long long v = h.cast<long long>();
        if (v < 0 || v > 366) throw InputError("days_in_zone", std::to_string(v), "expected 0 to 366 days");
        return static_cast<int>(v);
    });
    TalentCase base;
    for (auto item : fields) {  // one value for every row, converted as the scalar keyword
        const std::string k = py::str(item.first).cast<std::string>();
        const contract::Field<TalentCase>& f = batch_field(k);
        if (!(item.second.is_none() && none_is_absent(f))) set_field(f, base, item.second, k);
    }
    std::vector<RowField> per_row_fields;
    bool months_per_row = false;
    for (auto item : field_columns) {
        const std::string k = py::str(item.first).cast<std::string>();
        per_row_fields.push_back(row_field(k, py::reinterpret_borrow<py::sequence>(item.second), n));
        months_per_row |= k == "months";
    }
    const ReliefRows rows(*tabs, regime, y, base.city);  // resolved once (with the batch's one city: rows of another city are checked row by row); an unknown regime is an error before any row
    // Rows ReliefRows does not take: months to sum and a projected foreign table go through the
    // scalar engine (no trace), which sums the months and carries the table forward.
    const bool scalar_engine = projection || !base.months.empty() || months_per_row;
    ReliefOptions options;
    options.projection = projection;
    py::array_t<double> out(static_cast<py::ssize_t>(n));
    double* dst = out.mutable_data();
    const std::size_t nt = std::min(thread_count(threads, n * 64), std::max<std::size_t>(1, n / 256));
    std::vector<Failure> failures(nt);
    auto work = [&](std::size_t t) {
        const std::size_t begin = n * t / nt, end = n * (t + 1) / nt;
        std::int64_t buf[9][kBlock];
        Failure& f = failures[t];
        const Lanes lanes = lanes_now();
        std::size_t row = begin;
        TalentCase c = base;  // one per thread: rows overwrite every per-row field (no copy of the city per row)
        try {
            for (std::size_t b = begin; b < end; b += kBlock) {
                const std::size_t len = std::min(kBlock, end - b);
                for (std::size_t k = 0; k < 9; ++k) {
                    BadKind why = BadKind::none;
                    const long bad = cols[k].read(b, len, buf[k], why, lanes);
                    if (bad >= 0 && (f.row < 0 || static_cast<long>(b) + bad < f.row)) {
                        f.row = static_cast<long>(b) + bad;
                        f.column = static_cast<int>(k);
                        f.why = why;
                    }
                }
                if (f.row >= 0) return;
                for (std::size_t k = 0; k < len; ++k) {
                    row = b + k;
                    c.identity = ids.at(row);
                    c.income = {Money::fen(buf[0][k]), Money::fen(buf[1][k]), Money::fen(buf[2][k]), Money::fen(buf[3][k]), Money()};
                    c.social_insurance = Money::fen(buf[4][k]);
                    c.special_additional = Money::fen(buf[5][k]);
                    c.other_deductions = Money::fen(buf[6][k]);
                    c.business_taxable_income = Money::fen(buf[7][k]);
                    c.talent_subsidy = Money::fen(buf[8][k]);
                    c.talent_recognised = recognised.at(row);
                    const int day_count = day_column ? day_column[row] : days.at(row);
                    c.days_in_zone = day_count >= 0 ? decltype(base.days_in_zone)(day_count) : base.days_in_zone;
                    for (const RowField& rf : per_row_fields) rf.apply(c, row);
                    const Money amount = scalar_engine && (projection || !c.months.empty())
                                             ? talent_relief(*tabs, regime, y, c, options).amount
                                             : rows.amount(c);
                    dst[row] = static_cast<double>(amount.fen()) / 100.0;
                }
            }
        } catch (...) {
            f.row = static_cast<long>(row);
            f.error = std::current_exception();
        }
    };
    run_chunks(nt, work);
    for (const Failure& f : failures) {
        if (f.row < 0) continue;
        if (f.error) {
            try {
                std::rethrow_exception(f.error);
            } catch (const InputError& e) {
                throw InputError(e.field(), e.value(), "row " + std::to_string(f.row) + ": " + e.what());
            }
        }
        raise_failure(f, cols, raw);
    }
    return out;
}

/// Monthly cumulative withholding over 2-D columns flattened row-major (rows x months): the core
/// WithholdingBatch block by block, each thread over its rows, floats converted as the scalar
/// boundary does. Returns float64 yuan, rows x months.
py::array_t<double> withholding_columns(py::object year, py::list columns, std::size_t rows, int months, int first_month,
                                        py::object threads, py::object tables) {
    static const char* names[5] = {"wage", "exempt_income", "social_insurance", "special_additional", "other_deductions"};
    if (columns.size() != 5) throw InputError("columns", std::to_string(columns.size()), "expected the 5 columns of withholding_batch");
    auto tabs = tables_or_builtin(tables);
    const WithholdingBatch batch(tabs->year(to_year(year)), first_month, months);
    const std::size_t m = static_cast<std::size_t>(months), cells = rows * m;
    std::vector<Column> cols;
    for (std::size_t k = 0; k < 5; ++k) cols.push_back(make_column(columns[k], names[k], cells));
    py::array_t<double> result({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(m)});
    double* dst = result.mutable_data();
    const std::size_t block_rows = std::max<std::size_t>(1, 1024 / m);
    const std::size_t nt = thread_count(threads, rows);
    struct Refusal {
        long cell = -1;  // flat index of the refused amount, or of the row's first month
        int column = -1;
        BadKind why = BadKind::none;
        WithholdingFault fault;
    };
    std::vector<Refusal> refusals(nt);
    auto work = [&](std::size_t t) {
        const std::size_t begin = rows * t / nt, end = rows * (t + 1) / nt;
        alignas(64) std::int64_t buf[5][1024];
        alignas(64) std::int64_t fen[1024];
        Refusal& f = refusals[t];
        const Lanes lanes = lanes_now();
        for (std::size_t b = begin; b < end; b += block_rows) {
            const std::size_t len = std::min(block_rows, end - b), first = b * m, n = len * m;
            const std::int64_t* in[5] = {};
            for (std::size_t k = 0; k < 5; ++k) {
                if (cols[k].kind == Column::zeros) continue;
                BadKind why = BadKind::none;
                const long bad = cols[k].read(first, n, buf[k], why, lanes);
                in[k] = buf[k];
                if (bad >= 0 && (f.cell < 0 || static_cast<long>(first) + bad < f.cell))
                    f.cell = static_cast<long>(first) + bad, f.column = static_cast<int>(k), f.why = why;
            }
            if (f.cell >= 0) return;
            const long r = batch.run({in[0], in[1], in[2], in[3], in[4]}, len, fen, f.fault);
            if (r >= 0) {
                f.cell = static_cast<long>((b + static_cast<std::size_t>(r)) * m);
                return;
            }
            to_yuan(fen, n, dst + first);
        }
    };
    run_chunks(nt, work);
    for (const Refusal& f : refusals) {
        if (f.cell < 0) continue;
        const std::size_t row = static_cast<std::size_t>(f.cell) / m;
        if (f.column < 0) f.fault.raise("row " + std::to_string(row) + ", month " + std::to_string(f.fault.month));
        const std::string where = "row " + std::to_string(row) + ", month " + std::to_string(first_month + static_cast<int>(f.cell % static_cast<long>(m)));
        const std::string value = repr_of(columns[static_cast<std::size_t>(f.column)].attr("__getitem__")(f.cell));
        if (f.why == BadKind::out_of_range) throw RangeError(names[f.column], value, where + ": " + describe(f.why));
        throw InputError(names[f.column], value, where + ": " + describe(f.why));
    }
    return result;
}

/// Every element of an object column that the scalar boundary refuses as an amount (to_money,
/// then not negative): a list of (row, error class name, problem), for libtax.analysis's strict
/// columns and errors="coerce".
py::list amount_problems(py::array column, const std::string& name) {
    if (column.dtype().kind() != 'O' || column.ndim() != 1) throw InputError(name, "array", "expected a 1-D object column");
    py::list out;
    const std::size_t n = static_cast<std::size_t>(column.shape(0));
    for (std::size_t i = 0; i < n; ++i) {
        py::handle item = PyArray_GETITEM_compat(column, i);
        try {
            require_non_negative(to_money(item, name.c_str()), name.c_str());
        } catch (const InputError& e) {
            const std::string what = e.what(), cls = dynamic_cast<const RangeError*>(&e) ? "RangeError" : "InputError";
            const auto colon = what.find(": ");
            out.append(py::make_tuple(i, cls, colon == std::string::npos ? what : what.substr(colon + 2)));
        }
    }
    return out;
}

/// Whether every entry of a contiguous float64 column lies in [0, max] (NaN does not): one pass,
/// GIL released, so the Python layer's check of a clean column costs one read instead of numpy's
/// several passes and temporaries. Rows it finds are then located by the Python layer itself.
bool floats_in_range(py::array_t<double, py::array::c_style> column, double max) {
    const double* x = column.data();
    const std::size_t n = static_cast<std::size_t>(column.size());
    py::gil_scoped_release release;
    std::size_t k = 0;
#if defined(__SSE2__)
    const __m128d zero = _mm_setzero_pd(), top = _mm_set1_pd(max);
    __m128d ok = _mm_castsi128_pd(_mm_set1_epi64x(-1));
    for (; k + 2 <= n; k += 2) {
        const __m128d v = _mm_loadu_pd(x + k);
        ok = _mm_and_pd(ok, _mm_and_pd(_mm_cmpge_pd(v, zero), _mm_cmple_pd(v, top)));  // NaN fails both
        if (k % 4096 == 0 && _mm_movemask_pd(ok) != 3) return false;
    }
    if (_mm_movemask_pd(ok) != 3) return false;
#endif
    for (; k < n; ++k)
        if (!(x[k] >= 0 && x[k] <= max)) return false;
    return true;
}

/// The one-pass memory ceiling of a batch call, for the benchmark: reads float64 columns once
/// and writes one float64 column (their sum), in C on one thread with the GIL released. No tax
/// logic: what any batch that reads these inputs and writes one result cannot beat.
double memory_pass(py::list columns, py::array_t<double> out) {
    std::vector<const double*> in;
    const std::size_t n = static_cast<std::size_t>(out.shape(0));
    for (py::handle c : columns) {
        py::array_t<double> a = py::reinterpret_borrow<py::array_t<double>>(c);
        if (a.ndim() != 1 || static_cast<std::size_t>(a.shape(0)) != n || !(a.flags() & py::array::c_style))
            throw InputError("columns", "array", "expected contiguous float64 columns as long as out");
        in.push_back(a.data());
    }
    double* dst = out.mutable_data();
    py::gil_scoped_release release;
    constexpr std::size_t kStep = 2048;
    for (std::size_t b = 0; b < n; b += kStep) {  // a block at a time: every column is read once
        const std::size_t len = std::min(kStep, n - b);
        double acc[kStep] = {};
        for (const double* c : in)
            for (std::size_t k = 0; k < len; ++k) acc[k] += c[b + k];
        std::copy(acc, acc + len, dst + b);
    }
    return n ? dst[n - 1] : 0.0;
}

py::list schedule_of(py::object year, const std::string& name, py::object tables) {
    auto tabs = tables_or_builtin(tables);
    const BracketSchedule& s = tabs->year(to_year(year)).schedule(name);
    py::list out;
    for (const Bracket& b : s.brackets()) {
        py::dict d;
        d["over"] = to_decimal(b.over);
        d["upto"] = b.upto ? to_decimal(*b.upto) : py::none();
        d["rate"] = to_decimal(b.rate);
        d["quick"] = to_decimal(b.quick);
        out.append(d);
    }
    return out;
}

}  // namespace

PYBIND11_MODULE(_batch, m) {
    m.doc() = "libtax batch: calculators over numpy columns, exact to the fen, GIL released, threaded";
    py::module_::import("libtax._core");
    m.def("annual_tax_columns", &annual_tax_columns, py::arg("year"), py::arg("columns"), py::arg("threads") = py::none(),
          py::arg("tables") = py::none(), py::arg("want_taxable") = false, py::arg("want_bracket") = false,
          py::arg("out") = py::none(), py::arg("checked") = true,
          "Annual tax over 7 columns (wages, labour, author, royalties, social_insurance, special_additional, "
          "other_deductions; None for zeros). Returns (tax, taxable or None, bracket or None); tax is written to "
          "`out` when given (float64, one per row). checked=False: a refused input amount returns None instead of "
          "raising. Use libtax.annual_tax_batch instead.");
    m.def("talent_relief_columns", &talent_relief_columns, py::arg("regime"), py::arg("year"), py::arg("identity"),
          py::arg("columns"), py::arg("talent_recognised") = false, py::arg("days_in_zone") = py::none(),
          py::arg("fields") = py::dict(), py::arg("field_columns") = py::dict(), py::arg("projection") = false,
          py::arg("threads") = py::none(), py::arg("tables") = py::none(),
          "Talent relief of one regime over columns (see libtax.talent_relief_batch): amount columns, identity, "
          "talent_recognised and days_in_zone; `fields` the other declared fields of talent_relief with one value for "
          "every row, `field_columns` those given per row (sequences of Python values, None where not given). "
          "Returns float64 yuan.");
    m.def("whole_numbers", &whole_numbers, py::arg("values"), py::arg("most"),
          "A column of whole numbers 0..most (ints, numpy ints, None): (int32 values, -1 where None or refused; "
          "[(row, out_of_range)] of the refused entries).");
    m.def("field_problems", &field_problems, py::arg("values"), py::arg("name"),
          "The entries of a talent_relief field column the scalar boundary refuses: [(row, class name, problem)].");
    m.def("withholding_columns", &withholding_columns, py::arg("year"), py::arg("columns"), py::arg("rows"), py::arg("months"),
          py::arg("first_month") = 1, py::arg("threads") = py::none(), py::arg("tables") = py::none(),
          "Cumulative withholding over 5 flattened rows x months columns (wage, exempt_income, social_insurance, "
          "special_additional, other_deductions; None for zeros). Returns float64 yuan, rows x months. Use "
          "libtax.withholding_batch instead.");
    m.def("amount_problems", &amount_problems, py::arg("column"), py::arg("name"),
          "The rows of an object column the scalar boundary refuses as amounts: [(row, class name, problem)].");
    m.def("floats_in_range", &floats_in_range, py::arg("column"), py::arg("max"),
          "Whether every entry of a float64 column lies in [0, max] (NaN does not): one pass in C++.");
    m.def("memory_pass", &memory_pass, py::arg("columns"), py::arg("out"),
          "Benchmark only: reads the float64 columns once and writes their sum to out (one pass, one thread).");
    m.def("schedule", &schedule_of, py::arg("year"), py::arg("name") = "comprehensive_annual", py::kw_only(),
          py::arg("tables") = py::none(),
          "The brackets of a rate schedule of a year's table: a list of {over, upto, rate, quick} (Decimal; upto None "
          "for the top bracket).");
    m.def("use_vector_units", [](py::object on) {
        const char* names[3] = {"portable", "avx2", "best"};
        int level;
        if (PyBool_Check(on.ptr())) level = on.cast<bool>() ? 2 : 0;
        else if (py::isinstance<py::str>(on) && on.cast<std::string>() == "avx2") level = 1;
        else throw InputError("on", repr_of(on), "expected True (the best the CPU has), False (portable code) or 'avx2'");
        restrict_lanes(level == 1);
        const int before = g_lanes.exchange(level);
        return before == 2 ? py::object(py::bool_(true)) : before == 0 ? py::object(py::bool_(false)) : py::object(py::str(names[before]));
    }, py::arg("on"),
          "Let the batch functions use the CPU's vector units where it has them: True (default) the best "
          "(AVX-512, else AVX2, ...), 'avx2' at most AVX2 (as on a CPU without AVX-512), False the portable code. "
          "Results are identical; returns the previous setting. For tests and the benchmark (the environment "
          "variable LIBTAX_SIMD=avx2 or off sets it at import).");
    m.def("vector_path", [](py::object year, py::object tables) {
        auto tabs = tables_or_builtin(tables);
        const Lanes p = AnnualKernel(tabs->year(to_year(year))).path(lanes_now());
        return p == Lanes::best ? lanes_target() : std::string();
    }, py::arg("year"), py::arg("tables") = py::none(),
          "The vector code annual_tax_batch runs for these tables on this CPU under the current setting: the "
          "Highway target of its SIMD lanes ('AVX3' for AVX-512, 'AVX2', 'SSE4', ...) or '' (the portable loop).");
    m.def("integer_path", [](py::object year, py::object tables) {
        auto tabs = tables_or_builtin(tables);
        return AnnualKernel(tabs->year(to_year(year))).integer_path();
    }, py::arg("year"), py::arg("tables") = py::none(), "Whether the batch kernel uses its integer path for these tables.");
}
