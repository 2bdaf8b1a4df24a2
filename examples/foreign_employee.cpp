// A foreign employee's year: residency, the China-sourced wages of each month and the tax.
//
//   foreign_employee [file.yaml]      (default: examples/data/foreign_employee.yaml)
//
// The file lists the stays in China and the monthly pay (see examples/data/foreign_employee.yaml).
// A non-resident is taxed month by month (MOF/STA 2019 No. 35 art. 3); a resident on the year's
// sourced wages at the annual reconciliation (formula 4).
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <string>
#include <vector>

#include "libtax/foreign/foreign.hpp"
#include "libtax/tables/tables.hpp"

using namespace libtax;

namespace {
Date parse_date(const YAML::Node& n) {
    const std::string s = n.as<std::string>();
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') throw InputError("date", s, "expected YYYY-MM-DD");
    return Date(static_cast<unsigned short>(std::stoi(s.substr(0, 4))), static_cast<unsigned short>(std::stoi(s.substr(5, 2))),
                static_cast<unsigned short>(std::stoi(s.substr(8, 2))));
}
}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : std::string(LIBTAX_EXAMPLE_DATA) + "/foreign_employee.yaml";
    try {
        const YAML::Node doc = YAML::LoadFile(path);
        const int y = doc["year"].as<int>();
        const TaxYear& t = Tables::builtin().year(y);
        const std::string emp = doc["employer"] ? doc["employer"].as<std::string>() : "foreign";
        const Employer employer = emp == "domestic" ? Employer::domestic_only : emp == "both" ? Employer::domestic_and_foreign : Employer::foreign_only;
        if (emp != "domestic" && emp != "both" && emp != "foreign") throw InputError("employer", emp, "expected domestic, foreign or both");
        const bool senior = doc["senior_manager"] && doc["senior_manager"].as<bool>();
        std::vector<Stay> stays;
        for (const auto& s : doc["stays"]) stays.push_back({parse_date(s[0]), parse_date(s[1])});

        std::cout << "Foreign employee: " << (doc["name"] ? doc["name"].as<std::string>() : std::string("(unnamed)")) << ", tax year " << y << "\n\n";
        const Residency res = explained([&](Trace* tr) { return residency(t, stays, tr); });
        std::cout << res.explanation.text() << "\n";
        const bool resident = res.resident;

        Exact year_wages;
        Money year_tax;
        for (const auto& m : doc["months"]) {
            const int month = m["month"].as<int>();
            const Date first(static_cast<unsigned short>(y), static_cast<unsigned short>(month), 1);
            const Date last = first.end_of_month();
            std::vector<Date> abroad;
            if (m["counted_abroad"])
                for (const auto& d : m["counted_abroad"]) abroad.push_back(parse_date(d));
            const WorkPeriodDays days = explained([&](Trace* tr) { return china_working_days(t, first, last, stays, employer, abroad, tr); });
            const MonthlyWages w{Money::parse(m["wage_total"].as<std::string>(), "wage_total"), Money::parse(m["wage_domestic"].as<std::string>(), "wage_domestic"),
                                 days.china, days.calendar_days};
            std::cout << "---- month " << month << " ----\n" << days.explanation.text();
            if (resident) {
                const SourcedWage s = explained([&](Trace* tr) { return sourced_wage(t, w, res.residence_days, senior, res.chain.complete, tr); });
                std::cout << s.explanation.text() << "\n";
                year_wages += s.income;
            } else {
                const NonresidentTax tax = explained([&](Trace* tr) { return nonresident_wage_tax(t, w, res.residence_days, senior, tr); });
                std::cout << tax.explanation.text() << "\n";
                year_tax += tax.tax;
            }
        }
        if (resident) {
            const AnnualTaxResult a = explained([&](Trace* tr) { return nondomiciled_annual_tax(t, year_wages, ComprehensiveIncome{}, tr); });
            std::cout << a.explanation.text() << "\nTax for the year (resident, annual computation): " << a.tax.str() << "\n";
        } else {
            std::cout << "Tax for the year (non-resident, sum of the months, withholding final): " << year_tax.str() << "\n";
        }
        return 0;
    } catch (const Error& e) {
        std::cerr << path << ": " << e.what() << "\n";
        return 1;
    } catch (const YAML::Exception& e) {
        std::cerr << path << ": " << e.what() << "\n";
        return 1;
    }
}
