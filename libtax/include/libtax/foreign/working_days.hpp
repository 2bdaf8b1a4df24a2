// libtax/foreign/working_days.hpp - China working days of a work period, for sourcing wages
// (MOF/STA 2019 No. 35 art. 1(1)).
//
// China working days are the days working in China plus public holidays, personal leave and
// training days (in China or abroad) inside the China work period. Someone employed by a foreign
// entity (alone or together with a domestic one) who is in China for less than 24 hours of a day
// counts half a working day for it. Counts are kept in half days, so 12.5 days is exactly 25
// halves; overseas working days are the calendar days of the period minus China working days.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/foreign/presence.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// A number of working days that may end in a half day, held exactly as a count of half days.
class WorkingDays {
public:
    constexpr WorkingDays() noexcept = default;
    static constexpr WorkingDays halves(std::int64_t h) { return WorkingDays(h); }
    static constexpr WorkingDays days(std::int64_t d) { return WorkingDays(2 * d); }
    /// "14", "14.5", "14.0": whole or half days only; InputError naming `field` otherwise.
    static WorkingDays parse(const std::string& text, const std::string& field = "china_workdays") {
        std::size_t i = 0;
        std::int64_t whole = 0;
        bool digits = false;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (whole > 1'000'000) throw InputError(field, text, "too many days");
            whole = whole * 10 + (text[i++] - '0');
            digits = true;
        }
        std::int64_t half = 0;
        if (i < text.size() && text[i] == '.') {
            ++i;
            std::string frac;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9') frac += text[i++];
            while (!frac.empty() && frac.back() == '0') frac.pop_back();
            if (frac == "5") half = 1;
            else if (!frac.empty()) throw InputError(field, text, "working days must be whole or half days (e.g. 14 or 14.5)");
        }
        if (!digits || i != text.size()) throw InputError(field, text, "expected a non-negative number of whole or half days, e.g. 14.5");
        return WorkingDays(2 * whole + half);
    }

    constexpr std::int64_t halves() const noexcept { return halves_; }
    /// "12.5", "21"
    std::string str() const { return std::to_string(halves_ / 2) + (halves_ % 2 ? ".5" : ""); }
    friend constexpr bool operator==(WorkingDays a, WorkingDays b) noexcept { return a.halves_ == b.halves_; }
    friend constexpr bool operator!=(WorkingDays a, WorkingDays b) noexcept { return a.halves_ != b.halves_; }
    WorkingDays& operator+=(WorkingDays b) { halves_ += b.halves_; return *this; }

private:
    constexpr explicit WorkingDays(std::int64_t h) noexcept : halves_(h) {}
    std::int64_t halves_ = 0;
};

/// Who employs the individual; the half-day rule applies only with a foreign employer.
enum class Employer { domestic_only, foreign_only, domestic_and_foreign };

/// The days of one work period (usually a month) for the sourcing formulas.
struct WorkPeriodDays {
    WorkingDays china;       ///< China working days (Dcn)
    int calendar_days = 0;   ///< calendar days of the period (Dcal)
    int full_days = 0;       ///< days wholly in China
    int partial_days = 0;    ///< days partly in China (arrival, departure, day trips)
    int counted_abroad = 0;  ///< holidays, leave and training abroad inside the China work period
    WorkingDays overseas() const { return WorkingDays::halves(2 * static_cast<std::int64_t>(calendar_days) - china.halves()); }
    Explanation explanation;
};

/// China working days of the period [first, last] from the stays. `counted_abroad` are days
/// outside China that still count (public holidays, leave, training inside the China work
/// period); each must lie in the period and not be a day spent in China.
inline WorkPeriodDays china_working_days(const TaxYear& t, const Date& first, const Date& last, const std::vector<Stay>& stays,
                                         Employer employer, const std::vector<Date>& counted_abroad = {}, Trace* trace = nullptr) {
    if (first.is_special() || last.is_special() || last < first)
        throw InputError("period", iso(first) + " -> " + iso(last), "a work period needs a first day not after its last day");
    const std::vector<Stay> sorted = checked_stays(stays);
    const auto& share = t.rules().foreign.partial_day_share;  // 0, 1/2 or 1: checked when the table is loaded
    const std::int64_t partial_halves = employer == Employer::domestic_only ? 2 : share.value.num() * 2 / share.value.den();

    std::set<Date> full, partial;
    for (const auto& s : sorted) {
        for (Date d = std::max(s.arrival, first); d <= std::min(s.departure, last); d += boost::gregorian::days(1)) {
            if (d == s.arrival || d == s.departure) partial.insert(d);
            else full.insert(d);
        }
    }
    for (const auto& d : full) partial.erase(d);
    WorkPeriodDays r;
    r.calendar_days = static_cast<int>((last - first).days()) + 1;
    r.full_days = static_cast<int>(full.size());
    r.partial_days = static_cast<int>(partial.size());
    std::set<Date> abroad;
    for (std::size_t i = 0; i < counted_abroad.size(); ++i) {
        const Date& d = counted_abroad[i];
        const std::string field = "counted_abroad[" + std::to_string(i) + "]";
        if (d.is_special() || d < first || d > last) throw InputError(field, iso(d), "not a day of the work period " + iso(first) + " -> " + iso(last));
        if (full.count(d) || partial.count(d)) throw InputError(field, iso(d), "a day spent in China already counts; list only days abroad");
        if (!abroad.insert(d).second) throw InputError(field, iso(d), "listed twice");
    }
    r.counted_abroad = static_cast<int>(abroad.size());
    r.china = WorkingDays::halves(2 * r.full_days + partial_halves * r.partial_days + 2 * r.counted_abroad);
    if (trace) {
        trace->title("working_days.title", {{"first", iso(first)}, {"last", iso(last)}});
        trace->step("working_days.full", std::to_string(r.full_days));
        if (employer == Employer::domestic_only)
            trace->step("working_days.partial", std::to_string(r.partial_days), "working_days.partial.domestic", {}, share.source);
        else
            trace->step("working_days.partial", std::to_string(r.partial_days), "working_days.partial.foreign", {{"share", share.value.str()}},
                        share.source);
        trace->step("working_days.abroad", std::to_string(r.counted_abroad), "working_days.abroad.formula");
        trace->step("working_days.china", r.china.str());
        trace->step("working_days.calendar", std::to_string(r.calendar_days));
    }
    return r;
}

}  // namespace libtax
