// libtax/foreign/presence.hpp - stays in China and the residence days they give.
//
// A stay is an arrival date and a departure date. For the residence tests (183 days, 90 days,
// the six-year rule) a calendar day counts only when the person is in China for the whole
// 24 hours of it, so the arrival and departure days of a stay never count (MOF/STA 2019 No. 34
// art. 2). Stays must not be reversed or overlap; the error names the stay (its 0-based index
// in the list as given, and its dates).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/tables/provision.hpp"

namespace libtax {

/// One stay in China: the day of arrival and the day of departure (both days spent partly abroad).
struct Stay {
    Date arrival;
    Date departure;
};

/// "stays[2]" and "2024-03-01 -> 2024-03-05", for errors and explanations.
inline std::string stay_field(std::size_t index) { return "stays[" + std::to_string(index) + "]"; }
inline std::string stay_text(const Stay& s) { return iso(s.arrival) + " -> " + iso(s.departure); }

inline Date first_day(int year) { return Date(static_cast<unsigned short>(year), 1, 1); }
inline Date last_day(int year) { return Date(static_cast<unsigned short>(year), 12, 31); }
inline int days_in_year(int year) { return static_cast<int>((last_day(year) - first_day(year)).days()) + 1; }

/// The stays checked and sorted by arrival. Throws InputError naming the stay when a date is
/// missing, a departure precedes its arrival, or two stays overlap (a stay may begin on the day
/// the previous one ended: the person left and came back the same day).
inline std::vector<Stay> checked_stays(const std::vector<Stay>& stays) {
    std::vector<std::size_t> order(stays.size());
    for (std::size_t i = 0; i < stays.size(); ++i) {
        const Stay& s = stays[i];
        if (s.arrival.is_special() || s.departure.is_special())
            throw InputError(stay_field(i), stay_text(s), "a stay needs a valid arrival and departure date");
        if (s.departure < s.arrival)
            throw InputError(stay_field(i), stay_text(s), "reversed stay: departure before arrival");
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return stays[a].arrival < stays[b].arrival; });
    std::vector<Stay> out;
    out.reserve(stays.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (k > 0) {
            const Stay& prev = stays[order[k - 1]];
            const Stay& cur = stays[order[k]];
            if (cur.arrival < prev.departure)
                throw InputError(stay_field(order[k]), stay_text(cur),
                                 "overlaps " + stay_field(order[k - 1]) + " (" + stay_text(prev) + "): stays must not overlap");
        }
        out.push_back(stays[order[k]]);
    }
    return out;
}

/// Full days of a stay (strictly between arrival and departure) inside [first, last].
inline int full_days_within(const Stay& s, const Date& first, const Date& last) {
    const Date a = std::max(s.arrival + boost::gregorian::days(1), first);
    const Date b = std::min(s.departure - boost::gregorian::days(1), last);
    return b < a ? 0 : static_cast<int>((b - a).days()) + 1;
}

/// Residence days of a tax year from checked (sorted, non-overlapping) stays.
inline int residence_days_checked(const std::vector<Stay>& sorted, int year) {
    int n = 0;
    for (const auto& s : sorted) n += full_days_within(s, first_day(year), last_day(year));
    return n;
}

/// Residence days in `year`: whole days in China (arrival and departure days excluded).
inline int residence_days(const std::vector<Stay>& stays, int year) {
    return residence_days_checked(checked_stays(stays), year);
}

/// A time outside China between two stays: the whole days abroad (departure and return days
/// are not counted, being partly spent in China). `from`/`to` are the first and last whole day
/// abroad; an absence before the first or after the last stay is cut at the window asked about.
struct Absence {
    Date from;
    Date to;
    int days = 0;
};

/// The absences of checked stays that have at least one day in `year`; the part before the
/// first stay and after the last one counts from/to the edges of the year.
inline std::vector<Absence> absences_touching(const std::vector<Stay>& sorted, int year) {
    std::vector<Absence> out;
    const Date y0 = first_day(year), y1 = last_day(year);
    auto add = [&](Date a, Date b) {
        if (b < a) return;
        if (b < y0 || a > y1) return;
        out.push_back({a, b, static_cast<int>((b - a).days()) + 1});
    };
    if (sorted.empty()) {
        add(y0, y1);
        return out;
    }
    if (sorted.front().arrival > y0) add(y0, sorted.front().arrival - boost::gregorian::days(1));
    for (std::size_t i = 1; i < sorted.size(); ++i)
        add(sorted[i - 1].departure + boost::gregorian::days(1), sorted[i].arrival - boost::gregorian::days(1));
    if (sorted.back().departure < y1) add(sorted.back().departure + boost::gregorian::days(1), y1);
    return out;
}

}  // namespace libtax
