// libtax/tables/provision.hpp - one legal provision of a table: its values, validity and source.
//
// A provision is a leaf of the table tree (like an OpenFisca parameter node): for example
// `basic_deduction` {annual: 60000, monthly: 5000} set by the IIT Law art. 6(1), or
// `annual_bonus.separate_taxation` {from: 2024-01-01, to: 2027-12-31, divisor: 12}. Which keys a
// provision has, and their types, is declared once in tables/schema.hpp; the loader checks every
// file against it.
#pragma once

#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include "libtax/core/error.hpp"
#include "libtax/core/legal_source.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/core/catalogue.hpp"
#include "libtax/core/trace.hpp"

namespace libtax {

using Date = boost::gregorian::date;

/// "2024-01-01"
inline std::string iso(const Date& d) {
    if (d.is_special()) return "(not a date)";
    const auto ymd = d.year_month_day();
    char buf[32];  // room for any int, so no truncation warning
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(ymd.year), static_cast<int>(ymd.month), static_cast<int>(ymd.day));
    return buf;
}

/// A validity period; `to` empty means open-ended.
struct Period {
    Date from;
    std::optional<Date> to;
    bool covers(const Date& d) const { return d >= from && (!to || d <= *to); }
    /// True when the whole calendar year lies inside the period.
    bool covers_year(int year) const {
        return covers(Date(static_cast<unsigned short>(year), 1, 1)) &&
               covers(Date(static_cast<unsigned short>(year), 12, 31));
    }
    bool overlaps_year(int year) const {
        const Date a(static_cast<unsigned short>(year), 1, 1), b(static_cast<unsigned short>(year), 12, 31);
        return from <= b && (!to || *to >= a);
    }
    /// "2024-01-01 to 2027-12-31" (English; errors and logs).
    std::string str() const { return iso(from) + " to " + (to ? iso(*to) : std::string("(open)")); }
    /// The period in the reader's language, from the catalogues' common.period ("{from} to {to}",
    /// 2024-01-01至2027-12-31) and common.period_open: rendered in Chinese by a Chinese catalogue.
    TraceText text() const {
        const auto in = [&](const char* lang) {
            const Catalogue& c = Catalogue::builtin(lang);
            return to ? c.format("common.period", {{"from", iso(from)}, {"to", iso(*to)}})
                      : c.format("common.period_open", {{"from", iso(from)}});
        };
        return bilingual(in("en"), in("zh"));
    }
};

class Provision {
public:
    std::string path;    ///< "annual_bonus.separate_taxation"
    LegalSource source;  ///< document and article; file:line of the provision
    std::optional<Period> period;  ///< from/to when the provision states them
    bool unconfirmed = false;      ///< the table marks this reading as not confirmed
    std::string note;              ///< free text from the table (assumptions, scope), in English
    std::string note_zh;           ///< the same note in Chinese (note_zh:, required beside note:)

    std::map<std::string, Sourced<Money>> money;
    std::map<std::string, Sourced<Rate>> rates;
    std::map<std::string, Sourced<std::int64_t>> counts;
    std::map<std::string, Sourced<std::string>> texts;
    std::map<std::string, Sourced<Date>> dates;

    /// The note as trace text: rendered in Chinese by a Chinese catalogue, else in English.
    TraceText note_text() const { return bilingual(note, note_zh); }

    const Sourced<Money>& amount(const std::string& key) const { return get(money, key); }
    const Sourced<Rate>& rate(const std::string& key) const { return get(rates, key); }
    const Sourced<std::int64_t>& count(const std::string& key) const { return get(counts, key); }
    const Sourced<std::string>& text(const std::string& key) const { return get(texts, key); }
    const Sourced<Date>& date(const std::string& key) const { return get(dates, key); }
    bool has(const std::string& key) const {
        return money.count(key) || rates.count(key) || counts.count(key) || texts.count(key) || dates.count(key);
    }

private:
    template <class M>
    const typename M::mapped_type& get(const M& m, const std::string& key) const {
        auto it = m.find(key);
        if (it == m.end())
            throw TableError(source.file, source.line, path + "." + key, "the calculation needs this value; the table does not set it");
        return it->second;
    }
};

}  // namespace libtax
