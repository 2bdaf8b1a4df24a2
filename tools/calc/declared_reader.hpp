// libtax-calc: a declared field (libtax/contract/) read from a scenario's YAML by its kind, with
// the table loader's checked reader (libtax/src/tables/yaml_reader.hpp). Every refusal names the
// file and line and the dotted key as far as the element that is wrong ("person.stays[1].arrival",
// "income.allowances.housing", "income.allowances[0].form"); scenario.cpp turns the key back into
// the words the file used (Chinese aliases).
//
// A list of structs (Kind::records) is read element by element by the record's own declaration
// (records_of<E>()); where the field declares a shortcut "key:value" (allowances: kind:amount), a
// mapping {key: value, ...} is also taken, one record per entry, as the Python keyword takes it.
#pragma once

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "libtax/contract/all.hpp"
#include "scenario.hpp"
#include "yaml_reader.hpp"  // libtax/src/tables: the table loader's checked reader

namespace libtax_calc::declared {

using libtax::detail::YamlReader;

inline std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }
inline std::string element(const std::string& key, std::size_t i) { return key + "[" + std::to_string(i) + "]"; }

/// A mistake in libtax-calc's own words (calc.error.*), translated by the report's catalogue.
[[noreturn]] inline void fail(const YamlReader& r, const YAML::Node& at, const std::string& key, const std::string& id,
                              libtax::TraceArgs args = {}) {
    throw ScenarioError(r.file(), YamlReader::line_of(at), key, id, std::move(args));
}

/// Free text: a single non-empty value.
inline std::string text(const YamlReader& r, const YAML::Node& n, const std::string& key) {
    const std::string s = r.scalar(n, key);
    if (s.empty()) fail(r, n, key, "calc.error.empty");
    return s;
}

/// Stays (Kind::stays): a list of {arrival, departure}, departure not before arrival.
inline std::vector<libtax::Stay> stays(const YamlReader& r, const YAML::Node& v, const std::string& key) {
    static const std::set<std::string> keys{"arrival", "departure"};
    r.expect_seq(v, key);
    std::vector<libtax::Stay> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string at = element(key, i);
        libtax::Stay stay;
        for (const auto& [k, d] : r.entries(v[i], at, &keys)) (k == "arrival" ? stay.arrival : stay.departure) = r.date(d, join(at, k));
        r.require(v[i], at, {"arrival", "departure"});
        if (stay.departure < stay.arrival) r.fail(v[i], at, "departure before arrival");
        out.push_back(stay);
    }
    return out;
}

template <class T>
void read(const YamlReader& r, const libtax::contract::Field<T>& f, T& obj, const YAML::Node& v, const std::string& key);

/// The names of a record's declared fields, "{kind, amount, ...}", for messages.
template <class E>
std::string record_keys() {
    std::string out;
    for (const auto& f : libtax::contract::records_of<E>().fields) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return "{" + out + "}";
}

/// One record (a mapping) read by E's declaration: an unknown key is refused naming the closest
/// declared one, a required key missing is refused, each value by its field's kind.
template <class E>
E record(const YamlReader& r, const YAML::Node& item, const std::string& at) {
    const libtax::contract::Declaration<E>& d = libtax::contract::records_of<E>();
    if (!item.IsMap()) r.fail(item, at, "expected a mapping " + record_keys<E>());
    const std::vector<std::string> names = d.names();
    for (auto it = item.begin(); it != item.end(); ++it) {
        const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
        if (!k.empty() && !d.find(k)) r.fail(it->first, join(at, k), libtax::contract::unknown_problem(k, names, "key"));
    }
    E e{};
    for (const auto& [k, v] : r.entries(item, at, nullptr)) read(r, *d.find(k), e, v, join(at, k));
    std::vector<std::string> required;
    for (const auto& f : d.fields)
        if (f.required) required.emplace_back(f.name);
    r.require(item, at, required);
    return e;
}

/// A list of records (Kind::records); with a shortcut "key:value" also the mapping {key: value}.
template <class T, class E>
std::vector<E> records(const YamlReader& r, const libtax::contract::Field<T>& f, const YAML::Node& v, const std::string& key) {
    const libtax::contract::Declaration<E>& d = libtax::contract::records_of<E>();
    const std::string shortcut = f.shortcut;
    std::vector<E> out;
    if (!shortcut.empty() && v.IsMap()) {
        const auto colon = shortcut.find(':');
        const libtax::contract::Field<E>& key_field = *d.find(shortcut.substr(0, colon));
        const libtax::contract::Field<E>& value_field = *d.find(shortcut.substr(colon + 1));
        // an enumerated key is one of its choices: an unknown one is refused at the key, naming the closest
        const std::vector<std::string> choices = key_field.choice_list();
        if (!choices.empty())
            for (auto it = v.begin(); it != v.end(); ++it) {
                const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
                if (!k.empty() && std::find(choices.begin(), choices.end(), k) == choices.end())
                    r.fail(it->first, join(key, k), libtax::contract::unknown_problem(k, choices, "key"));
            }
        std::set<std::string> seen;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!it->first.IsScalar()) r.fail(it->first, key, "keys must be plain names");
            const std::string k = it->first.Scalar();
            if (!seen.insert(k).second) r.fail(it->first, join(key, k), "duplicate key");
            E e{};
            read(r, key_field, e, it->first, join(key, k));
            read(r, value_field, e, it->second, join(key, k));
            out.push_back(std::move(e));
        }
        return out;
    }
    if (!v.IsSequence())
        r.fail(v, key,
               shortcut.empty() ? "expected a list of " + record_keys<E>()
                                : "expected {" + shortcut.substr(0, shortcut.find(':')) + ": " + shortcut.substr(shortcut.find(':') + 1) +
                                      "} or a list of " + record_keys<E>());
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(record<E>(r, v[i], element(key, i)));
    return out;
}

/// Reads field `f` of `obj` from `v` by its kind; `key` is the dotted key for every refusal.
template <class T>
void read(const YamlReader& r, const libtax::contract::Field<T>& f, T& obj, const YAML::Node& v, const std::string& key) {
    using libtax::Money;
    using libtax::Rate;
    using K = libtax::contract::Kind;
    std::visit(
        [&](auto slot) {
            using S = decltype(slot);
            if constexpr (std::is_same_v<S, libtax::contract::EnumSlot<T>>) {
                const std::string t = r.scalar(v, key);
                const auto names = f.choice_list();
                const auto at = std::find(names.begin(), names.end(), t);
                if (at == names.end()) fail(r, v, key, "calc.error.not_one_of", {{"value", libtax::bounded_text(t)}, {"choices", f.choices}});
                slot.set(obj, static_cast<int>(at - names.begin()));
            } else {
                using V = std::remove_pointer_t<decltype(slot(obj))>;
                if constexpr (std::is_same_v<V, Money> || std::is_same_v<V, std::optional<Money>>) {
                    *slot(obj) = r.money(v, key);
                } else if constexpr (std::is_same_v<V, int> || std::is_same_v<V, std::optional<int>>) {
                    // a field's own range where it states one (from 0: counts are written with digits
                    // only); else days 0-366, another count 0-100
                    const std::int64_t lo = f.min < f.max ? std::max<std::int64_t>(0, f.min) : 0;
                    const std::int64_t hi = f.min < f.max ? f.max : f.kind == K::days ? 366 : 100;
                    *slot(obj) = static_cast<int>(r.count(v, key, lo, hi));
                } else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::optional<bool>>) {
                    *slot(obj) = r.boolean(v, key);
                } else if constexpr (std::is_same_v<V, std::string>) {
                    *slot(obj) = text(r, v, key);
                } else if constexpr (std::is_same_v<V, std::optional<Rate>>) {
                    const std::string t = r.scalar(v, key);
                    std::optional<Rate> rate;
                    try {
                        rate = Rate::parse(t, key);
                    } catch (const libtax::InputError&) {
                        fail(r, v, key, "calc.error.rate", {{"value", libtax::bounded_text(t)}});
                    }
                    if (rate->is_zero()) fail(r, v, key, "calc.error.positive");
                    *slot(obj) = rate;
                } else if constexpr (std::is_same_v<V, libtax::Date>) {
                    *slot(obj) = r.date(v, key);
                } else if constexpr (std::is_same_v<V, std::vector<libtax::Date>>) {
                    r.expect_seq(v, key);
                    slot(obj)->clear();
                    for (std::size_t i = 0; i < v.size(); ++i) slot(obj)->push_back(r.date(v[i], element(key, i)));
                } else if constexpr (std::is_same_v<V, std::vector<libtax::Stay>>) {
                    *slot(obj) = stays(r, v, key);
                } else if constexpr (std::is_same_v<V, std::vector<Money>>) {
                    r.expect_seq(v, key);
                    slot(obj)->clear();
                    for (std::size_t i = 0; i < v.size(); ++i) slot(obj)->push_back(r.money(v[i], element(key, i)));
                } else if constexpr (std::is_same_v<V, libtax::WorkingDays>) {
                    const std::string t = r.scalar(v, key);
                    try {
                        *slot(obj) = libtax::WorkingDays::parse(t, key);
                    } catch (const libtax::InputError&) {
                        r.fail(v, key, "'" + t + "' is not a number of whole or half days (e.g. 120 or 120.5)");
                    }
                } else if constexpr (libtax::contract::is_records<V>) {
                    *slot(obj) = records<T, typename V::value_type>(r, f, v, key);
                } else {  // months of wages: no scenario key takes them (monthly_pay has its own reader)
                    r.fail(v, key, std::string("a field of kind ") + libtax::contract::kind_name(f.kind) + " is not read from a scenario file");
                }
            }
        },
        f.slot);
}

}  // namespace libtax_calc::declared
