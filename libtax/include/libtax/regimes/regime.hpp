// libtax/regimes/regime.hpp - a preferential IIT regime for high-end and shortage talent, as
// loaded from tables/regimes/<id>.yaml: versions by period, each with its legal basis, area,
// mechanism (subsidy or exemption), eligibility rules, covered income items, formula variant,
// pro-ration rule, cap and exclusions. A new zone is a new YAML file, not new code.
#pragma once

#include <memory>
#include <optional>
#include <map>
#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/legal_source.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/tables/provision.hpp"

namespace libtax {

/// Who the taxpayer is, for the identity rules of the regimes.
enum class Identity { foreign, hk, macao, taiwan, mainland };

inline const char* identity_name(Identity i) {
    switch (i) {
        case Identity::foreign: return "foreign";
        case Identity::hk: return "hk";
        case Identity::macao: return "macao";
        case Identity::taiwan: return "taiwan";
        case Identity::mainland: return "mainland";
    }
    return "?";
}

/// Parses "foreign", "hk", "macao", "taiwan", "mainland"; InputError naming `field` otherwise.
inline Identity parse_identity(const std::string& s, const char* field = "identity") {
    if (s == "foreign") return Identity::foreign;
    if (s == "hk") return Identity::hk;
    if (s == "macao") return Identity::macao;
    if (s == "taiwan") return Identity::taiwan;
    if (s == "mainland") return Identity::mainland;
    throw InputError(field, "'" + s + "'", "expected one of foreign, hk, macao, taiwan, mainland");
}

/// How the relief reaches the person.
enum class Mechanism {
    subsidy,    ///< tax paid in full; a government pays the excess back later; the subsidy is IIT-exempt
    exemption,  ///< the excess is exempt, claimed in the annual reconciliation (refund by the tax bureau)
};
inline const char* mechanism_name(Mechanism m) { return m == Mechanism::subsidy ? "subsidy" : "exemption"; }

/// What the tax is compared with.
enum class Formula {
    above_rate,          ///< tax above `rate` (15%) of taxable income
    above_hong_kong,     ///< tax above the Hong Kong salaries-tax burden on the same income
    above_macao,         ///< tax above the Macao professional-tax burden on the same income
    share_of_tax,        ///< a share (`share`) of the tax paid in the zone (Pingtan 20%)
};
inline const char* formula_name(Formula f) {
    switch (f) {
        case Formula::above_rate: return "above_rate";
        case Formula::above_hong_kong: return "above_hong_kong";
        case Formula::above_macao: return "above_macao";
        case Formula::share_of_tax: return "share_of_tax";
    }
    return "?";
}

/// How the relief on an item is scaled to the zone's part when only part of it is from the zone.
enum class Proration {
    income_amount,   ///< zone income amount (收入额) / total income amount (Hainan formula 1)
    taxable_income,  ///< zone taxable income / total taxable income (Hainan formula 2, business)
    tax_paid,        ///< tax paid in the zone / tax paid in all of China (Guangzhou GBA handbook)
};
inline const char* proration_name(Proration p) {
    switch (p) {
        case Proration::income_amount: return "income_amount";
        case Proration::taxable_income: return "taxable_income";
        case Proration::tax_paid: return "tax_paid";
    }
    return "?";
}

/// Income items a regime may cover.
enum class Item { wages, labour, author, royalties, business, talent_subsidy };
inline const char* item_name(Item i) {
    switch (i) {
        case Item::wages: return "wages";
        case Item::labour: return "labour";
        case Item::author: return "author";
        case Item::royalties: return "royalties";
        case Item::business: return "business";
        case Item::talent_subsidy: return "talent_subsidy";
    }
    return "?";
}

/// Measures of income an income threshold can be read against.
enum class IncomeMeasure {
    zone_gross_income,  ///< gross receipts of the zone's comprehensive income + zone business taxable income
    taxable_income,     ///< comprehensive taxable income + business taxable income (whole year)
};

/// One eligibility rule of a version. Which members matter depends on `kind`.
struct EligibilityRule {
    enum class Kind {
        identity,            ///< identities allowed
        talent_recognition,  ///< recognised by the zone's/city's talent department (or catalogue)
        income_threshold,    ///< income >= (or >) min_income, optionally "or recognised"
        presence,            ///< days in the zone (and an actual-presence floor), or a special-industry route
        social_insurance,    ///< months of basic pension etc. paid in the zone
        contract,            ///< labour contract with a zone unit of at least min_years
        encouraged_industry, ///< works in an industry of the zone's encouraged catalogue
    };
    Kind kind = Kind::identity;
    LegalSource source;
    bool unconfirmed = false;
    std::string note;
    std::string note_zh;               ///< the note in Chinese (note_zh:, required beside note:)
    std::string city;                  ///< non-empty: only under this city's rules (GBA)
    std::optional<Period> period;      ///< the rule applies only to tax years inside this period
    std::vector<Identity> identities;  ///< identity: allowed; other kinds: applies only to these (empty = all)
    // income_threshold
    Money min_income;
    bool strict = false;  ///< true: income must exceed min_income; false: at least min_income
    IncomeMeasure measure = IncomeMeasure::zone_gross_income;
    bool or_recognised = false;
    // presence
    int min_days = 0;
    int min_actual_days = 0;
    std::vector<std::string> alt_industries;  ///< special-industry route when days fall short
    int alt_social_insurance_months = 0;
    int alt_contract_years = 0;
    // social_insurance / contract
    int min_months = 0;
    bool waivable = false;  ///< social insurance: waived for talent who cannot join (social_insurance_exempt)
    int min_years = 0;

    bool applies_to(Identity who) const {
        if (kind == Kind::identity || identities.empty()) return true;
        for (auto i : identities)
            if (i == who) return true;
        return false;
    }
};

/// How the foreign burden is computed (formula above_hong_kong / above_macao).
struct ForeignBurdenRule {
    bool one_off_reduction = false;  ///< deduct the HK one-off reduction of that year of assessment
    bool budget_reduction = true;    ///< apply Macao's budget-law reduction of professional tax
    LegalSource source;
    bool unconfirmed = false;
    std::string note;
    std::string note_zh;
};

/// One version of a regime: the rules in force for the tax years inside `period`.
struct RegimeVersion {
    Period period;
    LegalSource source;
    std::vector<std::string> basis;  ///< document numbers (resolved from the registry)
    std::vector<std::string> basis_ids;  ///< the same documents' keys (cited in Chinese by them)
    std::string area;
    std::string area_zh;  ///< the area in Chinese (area_zh:)
    Mechanism mechanism = Mechanism::subsidy;
    std::string reaches;  ///< when and how the relief reaches the person
    std::string reaches_zh;
    Formula formula = Formula::above_rate;
    Sourced<Rate> rate;    ///< above_rate: the comparison rate (15%)
    Sourced<Rate> share;   ///< share_of_tax: the share of tax paid (Pingtan 20%)
    Proration comprehensive_proration = Proration::income_amount;
    Proration business_proration = Proration::taxable_income;
    std::vector<Item> items;
    std::optional<Sourced<Money>> cap;  ///< per taxpayer per year
    ForeignBurdenRule foreign_burden;
    std::vector<EligibilityRule> eligibility;
    bool unconfirmed = false;
    std::string note;
    std::string note_zh;
    int line = 0;

    bool covers(Item i) const {
        for (auto x : items)
            if (x == i) return true;
        return false;
    }
};

/// Whether the regime relieves an annual one-time bonus the person has taxed separately
/// (Caishui [2018] 164 art. 1(1); MOF/STA Announcement 2023 No. 30 art. 1): such a bonus is not
/// part of comprehensive income, and the regimes' formulas name comprehensive income, business
/// income and talent subsidies. Stated per regime table (`separate_bonus:`), with its source.
struct SeparateBonusRule {
    bool stated = false;    ///< the table states it (false: not relieved, and the table is silent)
    bool relieved = false;  ///< the separately taxed bonus enters the relief formula as an item
    LegalSource source;
    bool unconfirmed = false;
    std::string note;
    std::string note_zh;
};

class Regime {
public:
    std::string id;     ///< "gba"
    std::string name;   ///< "Guangdong-Hong Kong-Macao Greater Bay Area ..."
    std::string name_zh;  ///< the name in Chinese (name_zh:)
    std::string file;   ///< "tables/regimes/gba.yaml"
    bool enacted = true;
    std::string status_note;  ///< for regimes not enacted: what they are
    std::string status_note_zh;
    std::vector<std::string> cities;          ///< selectable city rules (GBA)
    std::vector<std::string> exclusive_with;  ///< regimes that cannot be claimed in the same year
    std::vector<std::string> places;          ///< the cities and zones its area covers (place ids)
    std::map<std::string, std::string> zones; ///< zones its area defines, with the city each lies in
    std::vector<RegimeVersion> versions;      ///< ascending, not overlapping
    SeparateBonusRule separate_bonus;         ///< a separately taxed annual bonus: relieved or not

    /// The version whose period covers the whole tax year; null when none does.
    const RegimeVersion* version_for(int year) const {
        for (const auto& v : versions)
            if (v.period.covers_year(year)) return &v;
        return nullptr;
    }
    /// The version in force in the tax year, else the latest one before it, else the first.
    const RegimeVersion& nearest_version(int year) const {
        const RegimeVersion* best = &versions.front();
        for (const auto& v : versions)
            if (static_cast<int>(v.period.from.year()) <= year) best = &v;
        return *best;
    }
    /// First day of the first version to the last day of the last (open when the last is open).
    Period span() const {
        Period p{versions.front().period.from, versions.back().period.to};
        return p;
    }
    bool has_place(const std::string& p) const {
        for (const auto& x : places)
            if (x == p) return true;
        return false;
    }
    bool has_city(const std::string& c) const {
        for (const auto& x : cities)
            if (x == c) return true;
        return false;
    }
};

struct TableDocument;
/// Parses one tables/regimes/<id>.yaml; throws TableError with file:line and key.
std::shared_ptr<const Regime> parse_regime(const TableDocument& doc);

}  // namespace libtax
