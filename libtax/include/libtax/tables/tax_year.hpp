// libtax/tables/tax_year.hpp - everything the law sets for one tax year, as loaded from
// tables/cn/<year>.yaml. Immutable once loaded; shared between threads freely.
#pragma once

#include <map>
#include <string>

#include "libtax/core/legal_source.hpp"
#include "libtax/tables/bracket_schedule.hpp"
#include "libtax/tables/provision.hpp"
#include "libtax/tables/year_rules.hpp"

namespace libtax {

class TaxYear {
public:
    int year = 0;
    std::string file;  ///< where it was read from ("tables/cn/2024.yaml" for built-in tables)
    std::map<std::string, BracketSchedule> schedules;
    std::map<std::string, Provision> provisions;

    const BracketSchedule& schedule(const std::string& name) const {
        auto it = schedules.find(name);
        if (it == schedules.end()) throw TableError(file, 1, "schedules." + name, "no such schedule in this year's table");
        return it->second;
    }
    const Provision& provision(const std::string& path) const {
        auto it = provisions.find(path);
        if (it == provisions.end()) throw TableError(file, 1, path, "no such provision in this year's table");
        return it->second;
    }
    const Provision* find(const std::string& path) const {
        auto it = provisions.find(path);
        return it == provisions.end() ? nullptr : &it->second;
    }

    // The schedules every calculator uses, resolved once at load time.
    const BracketSchedule& comprehensive_annual() const { return *comprehensive_annual_; }
    const BracketSchedule& comprehensive_monthly() const { return *comprehensive_monthly_; }
    const BracketSchedule& business_annual() const { return *business_annual_; }
    const BracketSchedule& labour_prepayment() const { return *labour_prepayment_; }
    const BracketSchedule& nonresident_monthly() const { return *nonresident_monthly_; }
    /// The typed values the calculators read (tables/year_rules.hpp), resolved at load time.
    const YearRules& rules() const noexcept { return rules_; }

    /// Called by the loader after filling the maps.
    void resolve() {
        comprehensive_annual_ = &schedule("comprehensive_annual");
        comprehensive_monthly_ = &schedule("comprehensive_monthly");
        business_annual_ = &schedule("business_annual");
        labour_prepayment_ = &schedule("labour_prepayment");
        nonresident_monthly_ = &schedule("nonresident_monthly");
        rules_ = resolve_year_rules(provisions, file, year);
    }

private:
    const BracketSchedule* comprehensive_annual_ = nullptr;
    const BracketSchedule* comprehensive_monthly_ = nullptr;
    const BracketSchedule* business_annual_ = nullptr;
    const BracketSchedule* labour_prepayment_ = nullptr;
    const BracketSchedule* nonresident_monthly_ = nullptr;
    YearRules rules_;
};

}  // namespace libtax
