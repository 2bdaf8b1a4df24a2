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

template <class T>
void set_field(const contract::Field<T>& f, T& obj, py::handle v, const std::string& name);
template <class T>
bool none_is_absent(const contract::Field<T>& f);

/// The names of a record's declared fields, "{kind, amount, ...}", for messages.
template <class E>
std::string record_keys() {
    std::string out;
    for (const auto& f : contract::records_of<E>().fields) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return "{" + out + "}";
}

/// One record (a dict) read by E's declaration; errors name "name[i].key".
template <class E>
E read_record(py::handle item, const std::string& at) {
    const contract::Declaration<E>& d = contract::records_of<E>();
    if (!py::isinstance<py::dict>(item)) throw InputError(at, repr_of(item), "expected a dict " + record_keys<E>());
    E e{};
    const py::dict dict = py::reinterpret_borrow<py::dict>(item);
    for (const auto& kv : dict) {
        const std::string key = py::str(kv.first).cast<std::string>();
        const contract::Field<E>* f = d.find(key);
        if (!f) throw InputError(at + "." + key, repr_of(kv.second), contract::unknown_problem(key, d.names(), "key"));
        if (kv.second.is_none() && none_is_absent(*f)) continue;
        set_field(*f, e, kv.second, at + "." + key);
    }
    for (const auto& f : d.fields)
        if (f.required && !dict.contains(f.name)) throw InputError(at + "." + f.name, "None", std::string("required: ") + f.doc);
    return e;
}

/// A list of records (Kind::records), each a dict read by the record's own declaration; where the
/// field declares a shortcut "key:value", a mapping {key: value, ...} is one record per entry
/// (a bad key names the field, a bad value "name[key]").
template <class T, class E>
std::vector<E> to_records(const contract::Field<T>& f, py::handle v, const std::string& name) {
    const contract::Declaration<E>& d = contract::records_of<E>();
    const std::string shortcut = f.shortcut;
    std::vector<E> out;
    if (!shortcut.empty()) {
        const std::string key_name = shortcut.substr(0, shortcut.find(':')), value_name = shortcut.substr(shortcut.find(':') + 1);
        if (PyDict_Check(v.ptr())) {
            for (const auto& kv : py::reinterpret_borrow<py::dict>(v)) {
                E e{};
                set_field(*d.find(key_name), e, kv.first, name);
                set_field(*d.find(value_name), e, kv.second, name + "[" + py::str(kv.first).cast<std::string>() + "]");
                out.push_back(std::move(e));
            }
            return out;
        }
        const py::sequence seq = to_list(v, name, ("expected {" + key_name + ": " + value_name + "} or a list of " + record_keys<E>()).c_str());
        for (std::size_t i = 0; i < seq.size(); ++i) out.push_back(read_record<E>(seq[i], name + "[" + std::to_string(i) + "]"));
        return out;
    }
    const py::sequence seq = to_list(v, name, ("expected a list of " + record_keys<E>()).c_str());
    for (std::size_t i = 0; i < seq.size(); ++i) out.push_back(read_record<E>(seq[i], name + "[" + std::to_string(i) + "]"));
    return out;
}

/// Sets field `f` of `obj` from the Python value `v`; errors name `name` (the keyword, or a
/// dotted path such as "months[3].wage" or "allowances[0].form").
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
                else if constexpr (std::is_same_v<V, int> || std::is_same_v<V, std::optional<int>>)
                    *slot(obj) = f.min < f.max ? static_cast<int>(to_whole(v, n, f.min, f.max)) : to_whole(v, n);
                else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::optional<bool>>) *slot(obj) = to_flag(v, n);
                else if constexpr (std::is_same_v<V, std::string>) *slot(obj) = to_text(v, n);
                else if constexpr (std::is_same_v<V, std::optional<Rate>>) *slot(obj) = to_rate(v, n);
                else if constexpr (std::is_same_v<V, std::vector<WageMonth>>) *slot(obj) = to_wage_months(v, name);
                else if constexpr (std::is_same_v<V, Date>) *slot(obj) = to_date(v, name);
                else if constexpr (std::is_same_v<V, std::vector<Date>>) *slot(obj) = to_dates(v, name);
                else if constexpr (std::is_same_v<V, std::vector<Stay>>) *slot(obj) = to_stays(v, name);
                else if constexpr (std::is_same_v<V, std::vector<Money>>) *slot(obj) = to_amounts(v, name);
                else if constexpr (std::is_same_v<V, WorkingDays>) *slot(obj) = to_workdays(v, n);
                else if constexpr (contract::is_records<V>) *slot(obj) = to_records<T, typename V::value_type>(f, v, name);
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

/// A declaration as a list of dicts (name, kind, default, required, optional, doc, label, group,
/// choices), for the Python layer, the tests and the conformance suite.
template <class T>
py::list declared_fields(const contract::Declaration<T>& d) {
    py::list out;
    for (const auto& f : d.fields)
        out.append(py::dict(py::arg("name") = f.name, py::arg("kind") = contract::kind_name(f.kind), py::arg("default") = f.default_text,
                            py::arg("required") = f.required, py::arg("optional") = f.optional(), py::arg("doc") = f.doc,
                            py::arg("label") = f.label, py::arg("group") = f.group, py::arg("choices") = f.choice_list()));
    return out;
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

inline std::string python_type(contract::Kind k, const std::string& choices, const std::string& shortcut = "") {
    using K = contract::Kind;
    switch (k) {
        case K::date: return "Union[str, datetime.date]";
        case K::dates: return "Sequence[Union[str, datetime.date]]";
        case K::stays: return "Sequence[Tuple[Union[str, datetime.date], Union[str, datetime.date]]]";
        case K::amounts: return "Sequence[Amount]";
        case K::workdays: return "Amount";
        case K::records: return shortcut.empty() ? "Sequence[Dict[str, Any]]" : "Union[Dict[str, Amount], Sequence[Dict[str, Any]]]";
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

/// For a list of records, " Each: {kind, amount, ...}." (the record's declared keys); else "".
template <class T>
std::string record_note(const contract::Field<T>& f) {
    std::string out;
    std::visit(
        [&](auto slot) {
            if constexpr (!std::is_same_v<decltype(slot), contract::EnumSlot<T>>) {
                using V = std::remove_pointer_t<decltype(slot(std::declval<T&>()))>;
                if constexpr (contract::is_records<V>) out = "; each " + record_keys<typename V::value_type>();
            }
        },
        f.slot);
    return out;
}

/// "name(year: int, *, wages: Amount = 0, ..., tables: Tables | None = None) -> Ret", then the
/// summary, then one line per declared keyword (its kind, default and doc). The first `leading`
/// declared fields come before the `*` (given by position or by keyword).
template <class T>
std::string declared_doc(const char* name, const std::vector<Param>& positional, const contract::Declaration<T>& d,
                         const std::vector<Param>& keywords, const char* ret, const std::string& summary, std::size_t leading = 0) {
    std::string sig = std::string(name) + "(";
    bool first = true;
    auto add = [&](const std::string& s) { sig += (first ? "" : ", ") + s, first = false; };
    for (const auto& p : positional) add(param_text(p));
    for (std::size_t i = 0; i < d.fields.size(); ++i) {
        const auto& f = d.fields[i];
        if (i == leading) add("*");
        std::string type = python_type(f.kind, f.choices, f.shortcut);
        if (std::string(f.default_text) == "None") type += " | None";
        add(param_text({f.name, type, f.required ? "" : f.default_text}));
    }
    if (leading >= d.fields.size()) add("*");
    for (const auto& p : keywords) add(param_text(p));
    sig += std::string(") -> ") + ret;
    std::string doc = sig + "\n\n" + summary + "\n\nDeclared keywords (libtax/contract/" + d.name + "):\n";
    for (const auto& f : d.fields)
        doc += std::string("    ") + f.name + " (" + contract::kind_name(f.kind) + (f.required ? ", required" : std::string(", default ") + f.default_text) +
               "): " + f.doc + record_note(f) + "\n";
    return doc;
}

inline const Param kYear{"year", "int", ""};
inline const Param kTables{"tables", "Tables | None", "None"};

}  // namespace libtax::py_boundary
