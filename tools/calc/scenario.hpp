// libtax-calc: the scenario file (one person, one tax year) and its loader.
//
// The loader follows the table loader's rules (libtax/src/tables/yaml_reader.hpp): every error
// names file:line and the dotted field, unknown keys are rejected, amounts are plain decimals of
// yuan with at most two decimals, never negative. See README "Embedding" for the format.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"

namespace libtax_calc {

using libtax::Money;

/// One month of pay at the employer (for the cumulative withholding).
struct MonthlyPay {
    int month = 0;  ///< 1..12
    int line = 0;   ///< where it is in the file, for messages
    Money wage, exempt_income, social_insurance, special_additional, other_deductions;
    Money bonus;  ///< the annual one-time bonus, if paid this month
};

/// One payment of labour remuneration, author's remuneration or royalties (prepayment).
struct Payment {
    libtax::PaymentKind kind = libtax::PaymentKind::labour;
    Money amount;
    int line = 0;
};

/// Income from the preferential zone, where only part of the income is from it.
struct ZoneIncome {
    std::optional<Money> wages, labour, author, royalties, business_taxable_income;
};

struct Scenario {
    std::string file;
    std::string title;
    int year = 0;
    int year_line = 0;

    // person
    std::string identity = "mainland";  ///< foreign | hk | macao | taiwan | mainland
    std::optional<int> days_in_china;
    int days_in_china_line = 0;
    std::optional<int> days_in_zone;
    bool talent_recognised = false;

    // income (whole year)
    Money wages, bonus, labour, author, royalties, business_taxable_income;
    // deductions (whole year)
    Money social_insurance, special_additional, other_deductions;

    // zone and regimes
    std::vector<std::string> regimes;  ///< regime ids to compare; empty = none asked
    std::vector<int> regime_lines;     ///< where each id is in the file, for messages
    std::string zone_name;
    std::string city;
    ZoneIncome zone_income;
    Money talent_subsidy;                        ///< talent-programme subsidy received in the year
    std::optional<Money> tax_paid_in_zone;       ///< comprehensive-income tax actually paid in the zone
    std::optional<int> actual_days;              ///< days actually present in the zone (default: days_in_zone)
    std::optional<int> social_insurance_months;  ///< months of social insurance paid in the zone
    std::optional<int> contract_years;           ///< term of the labour contract with a zone unit
    std::optional<libtax::Rate> fx_rate;         ///< HKD or MOP per CNY, for the Hong Kong / Macao burden
    int fx_rate_line = 0;
    Money mpf_contributions;                     ///< Hong Kong MPF mandatory contributions, HKD

    std::vector<MonthlyPay> monthly_pay;
    std::vector<Payment> payments;
};

/// Reads and checks a scenario file. Throws libtax::TableError (file:line: field: problem) for a
/// malformed file, an unknown or missing key, or a bad value.
Scenario load_scenario(const std::string& path);

}  // namespace libtax_calc
