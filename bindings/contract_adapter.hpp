// bindings/contract_adapter.hpp - Python keywords from a declared contract
// (libtax/contract/): one generic reader that converts each given keyword by its field's kind with
// the boundary rules of convert.hpp, refuses an unknown keyword naming it and the closest declared
// name, and one writer of the signature line and docstring from the same declaration (the stubs
// are generated from that line, scripts/gen_stubs.py).
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "convert.hpp"
#include "libtax/contract/all.hpp"

namespace libtax::py_boundary {

/// A list of months, each a mapping {"wage": ..., "zone_wage": ...}; errors name "months[i].key".
inline std::vector<WageMonth> to_wage_months(py::handle v, const std::string& name) {
    if (!py::isinstance<py::list>(v) && !py::isinstance<py::tuple>(v))
        throw InputError(name, repr_of(v), "expected a list of months, each a dict {'wage': ..., 'zone_wage': ...}");
    std::vector<WageMonth> out;
    std::size_t i = 0;
    for (py::handle item : v) {
        const std::string at = name + "[" + std::to_string(++i) + "]";
        if (!py::isinstance<py::dict>(item)) throw InputError(at, repr_of(item), "expected a dict {'wage': ..., 'zone_wage': ...}");
        WageMonth m;
        bool has_wage = false;
        for (const auto& kv : py::reinterpret_borrow<py::dict>(item)) {
            const std::string key = py::str(kv.first).cast<std::string>();
            if (key == "wage") m.wage = to_money(kv.second, (at + ".wage").c_str()), has_wage = true;
            else if (key == "zone_wage") {
                if (!kv.second.is_none()) m.zone_wage = to_money(kv.second, (at + ".zone_wage").c_str());
            } else
                throw InputError(at + "." + key, repr_of(kv.second), contract::unknown_problem(key, {"wage", "zone_wage"}));
        }
        if (!has_wage) throw InputError(at + ".wage", "None", "required: the month's China-sourced wages");
        out.push_back(m);
    }
    return out;
}

/// Sets field `f` of `obj` from the Python value `v`; errors name `name` (the keyword, or a
/// dotted path such as "months[3].wage").
template <class T>
void set_field(const contract::Field<T>& f, T& obj, py::handle v, const std::string& name) {
    const char* n = name.c_str();
    std::visit(
        [&](auto slot) {
            using S = decltype(slot);
            if constexpr (std::is_same_v<S, contract::EnumSlot<T>>) {
                slot.set(obj, to_choice(v, n, f.choice_list()));
            } else {
                using V = std::remove_pointer_t<decltype(slot(obj))>;
                if constexpr (std::is_same_v<V, Money> || std::is_same_v<V, std::optional<Money>>) *slot(obj) = to_money(v, n);
                else if constexpr (std::is_same_v<V, int> || std::is_same_v<V, std::optional<int>>) *slot(obj) = to_whole(v, n);
                else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::optional<bool>>) *slot(obj) = to_flag(v, n);
                else if constexpr (std::is_same_v<V, std::string>) *slot(obj) = to_text(v, n);
                else if constexpr (std::is_same_v<V, std::optional<Rate>>) *slot(obj) = to_rate(v, n);
                else if constexpr (std::is_same_v<V, std::vector<WageMonth>>) *slot(obj) = to_wage_months(v, name);
                else static_assert(sizeof(V) == 0, "a field type without a Python conversion");
            }
        },
        f.slot);
}

/// None means "not given" only where the declared default is None (optional figures, texts).
template <class T>
bool none_is_absent(const contract::Field<T>& f) {
    return std::string(f.default_text) == "None";
}

/// The keywords `kw` read into a `T` (starting from `obj`) by declaration `d`. `also` names the
/// function's other keywords (for the closest-name suggestion only; the caller takes them out
/// first). A required field not given is an InputError naming it.
template <class T>
T read_declared(const contract::Declaration<T>& d, const py::dict& kw, T obj = T(), const std::vector<std::string>& also = {}) {
    for (const auto& item : kw) {
        const std::string key = py::str(item.first).cast<std::string>();
        const contract::Field<T>* f = d.find(key);
        if (!f) {
            std::vector<std::string> known = d.names();
            known.insert(known.end(), also.begin(), also.end());
            contract::refuse_unknown(key, repr_of(item.second), known);
        }
        if (item.second.is_none() && none_is_absent(*f)) continue;
        set_field(*f, obj, item.second, key);
    }
    for (const auto& f : d.fields)
        if (f.required && !kw.contains(f.name))
            throw InputError(f.name, "None", std::string("required: ") + f.doc);
    return obj;
}

/// Takes keyword `name` out of `kw` (None when absent).
inline py::object take(py::dict& kw, const char* name) {
    if (!kw.contains(name)) return py::none();
    py::object v = kw[name];
    PyDict_DelItemString(kw.ptr(), name);
    return v;
}

/// A parameter of a generated signature that is not a declared field (year, tables, ...).
struct Param {
    std::string name, type, default_text;  ///< default_text empty: no default
};

inline std::string python_type(contract::Kind k, const std::string& choices) {
    using K = contract::Kind;
    switch (k) {
        case K::money: return "Amount";
        case K::rate: return "Amount";
        case K::months: return "Sequence[Dict[str, Amount | None]]";
        case K::days:
        case K::count: return "int";
        case K::flag: return "bool";
        case K::text: return "str";
        case K::enumeration: {
            std::string lit;
            for (std::size_t i = 0, s = 0; i <= choices.size(); ++i)
                if (i == choices.size() || choices[i] == ',') {
                    lit += (lit.empty() ? "" : ", ") + std::string("'") + choices.substr(s, i - s) + "'";
                    s = i + 1;
                }
            return "Literal[" + lit + "]";
        }
    }
    return "object";
}

inline std::string param_text(const Param& p) {
    return p.name + ": " + p.type + (p.default_text.empty() ? "" : " = " + p.default_text);
}

/// "name(year: int, *, wages: Amount = 0, ..., tables: Tables | None = None) -> Ret", then the
/// summary, then one line per declared keyword (its kind, default and doc).
template <class T>
std::string declared_doc(const char* name, const std::vector<Param>& positional, const contract::Declaration<T>& d,
                         const std::vector<Param>& keywords, const char* ret, const std::string& summary) {
    std::string sig = std::string(name) + "(";
    bool first = true;
    auto add = [&](const std::string& s) { sig += (first ? "" : ", ") + s, first = false; };
    for (const auto& p : positional) add(param_text(p));
    add("*");
    for (const auto& f : d.fields) {
        std::string type = python_type(f.kind, f.choices);
        if (std::string(f.default_text) == "None") type += " | None";
        add(param_text({f.name, type, f.required ? "" : f.default_text}));
    }
    for (const auto& p : keywords) add(param_text(p));
    sig += std::string(") -> ") + ret;
    std::string doc = sig + "\n\n" + summary + "\n\nDeclared keywords (libtax/contract/" + d.name + "):\n";
    for (const auto& f : d.fields)
        doc += std::string("    ") + f.name + " (" + contract::kind_name(f.kind) + (f.required ? ", required" : std::string(", default ") + f.default_text) +
               "): " + f.doc + "\n";
    return doc;
}

inline const Param kYear{"year", "int", ""};
inline const Param kTables{"tables", "Tables | None", "None"};

}  // namespace libtax::py_boundary
