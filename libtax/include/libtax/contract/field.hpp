// libtax/contract/field.hpp - the declared contract of a calculator's input: one descriptor per
// field (its contract name, where it lives in the C++ struct, its kind, default, whether it is
// required, a one-line doc and the message id of its label), so every surface (Python keywords,
// stubs, libtax-calc scenario keys, batch columns, the conformance suite) is derived from one list
// instead of repeating it.
//
// A field is reached through a chain of member pointers (`at<&ReconciliationInput::income,
// &ComprehensiveIncome::receipts, &ComprehensiveReceipts::wages>`); the structs themselves are not
// changed. Values are converted by kind at each surface's boundary, with that surface's rules
// (Python: bindings/convert.hpp; scenario files: the table loader's reader); the struct's own
// validate() then checks ranges and relations, as before.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/foreign/allowances.hpp"
#include "libtax/foreign/foreign_tax_credit.hpp"
#include "libtax/foreign/presence.hpp"
#include "libtax/foreign/wage_month.hpp"
#include "libtax/foreign/working_days.hpp"

namespace libtax::contract {

/// How a field's value is written and converted at every surface.
enum class Kind {
    money,        ///< an amount of yuan, held as whole fen (Money)
    days,         ///< a whole number of days in a year (0-366)
    count,        ///< another whole number (months, years, a month number)
    flag,         ///< true / false
    enumeration,  ///< one of a fixed list of names (`choices`)
    text,         ///< free text or an id (e.g. a city)
    rate,         ///< an exact decimal ratio (Rate), e.g. an exchange rate
    months,       ///< a list of months, each {wage, zone_wage} (WageMonth): a non-resident's wages month by month
    date,         ///< a calendar date, ISO "YYYY-MM-DD" (Date)
    dates,        ///< a list of dates (std::vector<Date>)
    stays,        ///< a list of (arrival, departure) date pairs (std::vector<Stay>)
    amounts,      ///< a list of amounts of yuan (std::vector<Money>), e.g. equity-incentive grants in order
    workdays,     ///< whole or half working days (WorkingDays)
    records,      ///< a list of structs, each read by the struct's own declaration (records_of<E>())
};

inline const char* kind_name(Kind k) {
    switch (k) {
        case Kind::money: return "money";
        case Kind::days: return "days";
        case Kind::count: return "count";
        case Kind::flag: return "flag";
        case Kind::enumeration: return "enum";
        case Kind::text: return "text";
        case Kind::rate: return "rate";
        case Kind::months: return "months";
        case Kind::date: return "date";
        case Kind::dates: return "dates";
        case Kind::stays: return "stays";
        case Kind::amounts: return "amounts";
        case Kind::workdays: return "workdays";
        case Kind::records: return "records";
    }
    return "?";
}

// ---- where a field lives: a chain of member pointers ----------------------------------------

template <class M>
struct member_of;
template <class O, class V>
struct member_of<V O::*> {
    using owner = O;
    using value = V;
};

template <auto First, auto... Rest>
struct MemberPath {
    using owner = typename member_of<decltype(First)>::owner;
    template <class X>
    static auto* walk(X& x) {
        auto& y = x.*First;
        if constexpr (sizeof...(Rest) == 0) {
            return &y;
        } else {
            return MemberPath<Rest...>::walk(y);
        }
    }
};

/// The address of the member reached by the chain of member pointers `Path`, in `o`.
template <auto... Path>
auto* at(typename MemberPath<Path...>::owner& o) {
    return MemberPath<Path...>::walk(o);
}

/// An enumerated member read and written as its index in the field's `choices` (the enum's order).
template <class Owner>
struct EnumSlot {
    int (*get)(const Owner&) = nullptr;
    void (*set)(Owner&, int) = nullptr;
};

template <auto... Path>
EnumSlot<typename MemberPath<Path...>::owner> enum_at() {
    using O = typename MemberPath<Path...>::owner;
    using E = std::remove_pointer_t<decltype(at<Path...>(std::declval<O&>()))>;
    return {[](const O& o) { return static_cast<int>(*at<Path...>(const_cast<O&>(o))); },
            [](O& o, int i) { *at<Path...>(o) = static_cast<E>(i); }};
}

/// A typed reference to a field of `Owner`: one alternative per C++ type a field may have. A list
/// of structs (Kind::records) is one alternative per struct type: std::vector<E>, whose elements
/// are read by E's own declaration, records_of<E>() (a record type is added here and declared
/// once, next to the contract that first uses it).
template <class Owner>
using Slot = std::variant<Money* (*)(Owner&), std::optional<Money>* (*)(Owner&), int* (*)(Owner&), std::optional<int>* (*)(Owner&),
                          bool* (*)(Owner&), std::optional<bool>* (*)(Owner&), std::string* (*)(Owner&),
                          std::optional<Rate>* (*)(Owner&), std::vector<WageMonth>* (*)(Owner&), EnumSlot<Owner>,
                          Date* (*)(Owner&), std::vector<Date>* (*)(Owner&), std::vector<Stay>* (*)(Owner&),
                          std::vector<Money>* (*)(Owner&), WorkingDays* (*)(Owner&), std::vector<AllowanceClaim>* (*)(Owner&),
                          std::vector<CountryForeignIncome>* (*)(Owner&), std::vector<CarriedForeignTax>* (*)(Owner&)>;

/// True for the std::vector<E> of a list of structs (Kind::records).
template <class V>
inline constexpr bool is_records = std::is_same_v<V, std::vector<AllowanceClaim>> || std::is_same_v<V, std::vector<CountryForeignIncome>> ||
                                   std::is_same_v<V, std::vector<CarriedForeignTax>>;

// ---- the descriptor ---------------------------------------------------------------------------

template <class Owner>
struct Field {
    const char* name;          ///< the contract's name (Python keyword, scenario key, column), e.g. "wages"
    Kind kind;
    Slot<Owner> slot;          ///< where it lives in the C++ struct
    const char* default_text;  ///< the default as written in Python: "0", "None", "False", "'separate'"
    bool required;             ///< must be given (no default)
    const char* doc;           ///< one line
    const char* label;         ///< message id of its label, e.g. "field.wages"
    const char* group = "";    ///< the part of the input it belongs to (person, income, deductions, zone, ...)
    const char* choices = "";  ///< enumeration: the names in the enum's order, comma-separated
    long long min = 0, max = 0;  ///< a whole number's range where min < max (else the surface's own bounds)
    const char* shortcut = "";   ///< records: "key:value", the mapping {key: value, ...} also taken for the list (one record each)

    /// The enumeration's names, in the enum's order.
    std::vector<std::string> choice_list() const {
        std::vector<std::string> out;
        std::string cur;
        for (const char* p = choices; *p; ++p) {
            if (*p == ',') out.push_back(cur), cur.clear();
            else if (*p != ' ') cur += *p;
        }
        if (!cur.empty()) out.push_back(cur);
        return out;
    }

    /// Leaving the field out (or None) keeps the struct's default; an optional member stays empty.
    bool optional() const {
        return std::holds_alternative<std::optional<Money>* (*)(Owner&)>(slot) || std::holds_alternative<std::optional<int>* (*)(Owner&)>(slot) ||
               std::holds_alternative<std::optional<bool>* (*)(Owner&)>(slot) || std::holds_alternative<std::optional<Rate>* (*)(Owner&)>(slot);
    }
};

/// The declared input of one calculator: its name and its fields, in the order documented.
template <class Owner>
struct Declaration {
    const char* name;  ///< e.g. "talent_case"
    std::vector<Field<Owner>> fields;

    const Field<Owner>* find(std::string_view n) const {
        for (const auto& f : fields)
            if (n == f.name) return &f;
        return nullptr;
    }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& f : fields) out.emplace_back(f.name);
        return out;
    }
};

/// The declaration of a record type E (the struct of one element of a Kind::records field); each
/// record type specialises it once, next to the contract that first uses it.
template <class E>
const Declaration<E>& records_of();

// ---- unknown names ----------------------------------------------------------------------------

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions).
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t sub = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + sub});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

/// The known name closest to `unknown` (ties: the first in declared order), or "" when none is
/// reasonably close (more edits than half the longer name). A name containing the other counts as
/// one edit away.
inline std::string closest_name(std::string_view unknown, const std::vector<std::string>& known) {
    std::string best;
    std::size_t best_d = static_cast<std::size_t>(-1);
    for (const auto& k : known) {
        std::size_t dist = edit_distance(unknown, k);
        if (k.find(unknown) != std::string::npos || (!k.empty() && std::string_view(unknown).find(k) != std::string_view::npos))
            dist = std::min<std::size_t>(dist, 1);  // a part of the name, or the name with a part added
        if (dist < best_d) best_d = dist, best = k;
    }
    if (best.empty() || best_d * 2 > std::max(best.size(), unknown.size())) return "";
    return best;
}

/// "unknown field; did you mean `wages`?" (or the list of known names when none is close).
inline std::string unknown_problem(std::string_view unknown, const std::vector<std::string>& known, const char* what = "field") {
    const std::string near = closest_name(unknown, known);
    if (!near.empty()) return std::string("unknown ") + what + "; did you mean `" + near + "`?";
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    return std::string("unknown ") + what + " (known: " + list + ")";
}

/// Throws the InputError every surface gives for a name that is not declared.
[[noreturn]] inline void refuse_unknown(const std::string& unknown, const std::string& value, const std::vector<std::string>& known) {
    throw InputError(unknown, value, unknown_problem(unknown, known));
}

}  // namespace libtax::contract
