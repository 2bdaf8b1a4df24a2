// The declared contracts (libtax/contract/): names unique, each field's kind matching the C++ type
// it points at, enumerations in the enum's order, and every field reaching its member.
#include <catch2/catch.hpp>

#include <set>
#include <type_traits>
#include <variant>

#include "libtax/contract/all.hpp"
#include "libtax/regimes/regime.hpp"

using namespace libtax;
using namespace libtax::contract;

namespace {

template <class T>
void check(const Declaration<T>& d) {
    INFO(d.name);
    std::set<std::string> names;
    for (const auto& f : d.fields) {
        INFO(f.name);
        CHECK(names.insert(f.name).second);
        CHECK(std::string(f.label) == std::string("field.") + f.name);
        CHECK_FALSE(std::string(f.doc).empty());
        CHECK(f.required == std::string(f.default_text).empty());
        std::visit(
            [&](auto slot) {
                using S = decltype(slot);
                if constexpr (std::is_same_v<S, EnumSlot<T>>) {
                    CHECK(f.kind == Kind::enumeration);
                    CHECK(f.choice_list().size() >= 2);
                } else {
                    using V = std::remove_pointer_t<decltype(slot(std::declval<T&>()))>;
                    if constexpr (std::is_same_v<V, Money> || std::is_same_v<V, std::optional<Money>>) CHECK(f.kind == Kind::money);
                    else if constexpr (std::is_same_v<V, int> || std::is_same_v<V, std::optional<int>>)
                        CHECK((f.kind == Kind::days || f.kind == Kind::count));
                    else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::optional<bool>>) CHECK(f.kind == Kind::flag);
                    else if constexpr (std::is_same_v<V, std::string>) CHECK(f.kind == Kind::text);
                    else if constexpr (std::is_same_v<V, std::vector<WageMonth>>) CHECK(f.kind == Kind::months);
                    else if constexpr (std::is_same_v<V, Date>) CHECK(f.kind == Kind::date);
                    else if constexpr (std::is_same_v<V, std::vector<Date>>) CHECK(f.kind == Kind::dates);
                    else if constexpr (std::is_same_v<V, std::vector<Stay>>) CHECK(f.kind == Kind::stays);
                    else if constexpr (std::is_same_v<V, std::vector<Money>>) CHECK(f.kind == Kind::amounts);
                    else if constexpr (std::is_same_v<V, WorkingDays>) CHECK(f.kind == Kind::workdays);
                    else if constexpr (is_records<V>) {
                        CHECK(f.kind == Kind::records);
                        check(records_of<typename V::value_type>());  // the record's own declaration
                        const std::string shortcut = f.shortcut;
                        if (!shortcut.empty()) {  // "key:value" names two declared fields of the record
                            CHECK(records_of<typename V::value_type>().find(shortcut.substr(0, shortcut.find(':'))));
                            CHECK(records_of<typename V::value_type>().find(shortcut.substr(shortcut.find(':') + 1)));
                        }
                    } else CHECK(f.kind == Kind::rate);
                }
            },
            f.slot);
        if (f.optional() || (f.kind == Kind::text && !f.required)) CHECK(std::string(f.default_text) == "None");  // None: left out
        if (f.min < f.max) CHECK((f.kind == Kind::days || f.kind == Kind::count));
    }
}

}  // namespace

TEST_CASE("declared contracts: names unique, kinds match the members, labels and docs present") {
    check(comprehensive_income());
    check(talent_case());
    check(month_input());
    check(reconciliation_input());
    check(stays_input());
    check(work_period_input());
    check(sourced_wage_input());
    check(nonresident_wage_input());
    check(payment_input());
    check(bonus_input());
    check(nondomiciled_input());
    check(allowance_comparison_input());
    check(grants_input());
    check(severance_input());
    check(early_retirement_input());
    check(internal_retirement_input());
    check(annuity_input());
    check(foreign_tax_credit_input());
}

TEST_CASE("declared contracts: the foreign inputs' enumerations in the enum's order, fields reach their members") {
    const auto employers = work_period_input().find("employer")->choice_list();
    REQUIRE(employers.size() == 3);
    WorkPeriodInput w;
    std::get<EnumSlot<WorkPeriodInput>>(work_period_input().find("employer")->slot).set(w, 2);
    CHECK(w.employer == Employer::domestic_and_foreign);
    const auto payouts = annuity_input().find("payout")->choice_list();
    for (int i = 0; i < static_cast<int>(payouts.size()); ++i)
        CHECK(payouts[static_cast<std::size_t>(i)] == annuity_payout_name(static_cast<AnnuityPayoutKind>(i)));
    const auto kinds = records_of<AllowanceClaim>().find("kind")->choice_list();
    for (int i = 0; i < static_cast<int>(kinds.size()); ++i)
        CHECK(kinds[static_cast<std::size_t>(i)] == allowance_name(static_cast<AllowanceKind>(i)));
    MonthWageInput m;
    *std::get<WorkingDays* (*)(MonthWageInput&)>(sourced_wage_input().find("china_workdays")->slot)(m) = WorkingDays::halves(29);
    CHECK(m.wages.china_days.halves() == 29);
    AllowanceComparisonInput a;
    *std::get<Money* (*)(AllowanceComparisonInput&)>(allowance_comparison_input().find("royalties")->slot)(a) = Money::yuan(3);
    CHECK(a.income.receipts.royalties == Money::yuan(3));
}

TEST_CASE("declared contracts: enumerations in the enum's order") {
    const auto ids = talent_case().find("identity")->choice_list();
    for (int i = 0; i < static_cast<int>(ids.size()); ++i) CHECK(ids[static_cast<std::size_t>(i)] == identity_name(static_cast<Identity>(i)));
    const auto methods = month_input().find("bonus_method")->choice_list();
    REQUIRE(methods.size() == 2);
    MonthInput m;
    std::get<EnumSlot<MonthInput>>(month_input().find("bonus_method")->slot).set(m, 1);
    CHECK(m.bonus_method == BonusMethod::merged);
}

TEST_CASE("declared contracts: a field reaches its member through the member-pointer path") {
    ReconciliationInput r;
    *std::get<Money* (*)(ReconciliationInput&)>(reconciliation_input().find("commissions")->slot)(r) = Money::yuan(7);
    CHECK(r.income.receipts.commissions == Money::yuan(7));
    TalentCase c;
    *std::get<std::optional<bool>* (*)(TalentCase&)>(talent_case().find("encouraged_industry")->slot)(c) = true;
    CHECK(c.encouraged_industry == std::optional<bool>(true));
}

TEST_CASE("declared contracts: an unknown name suggests the closest declared one") {
    CHECK(unknown_problem("wage", talent_case().names()) == "unknown field; did you mean `wages`?");
    CHECK(unknown_problem("encouraged", talent_case().names()) == "unknown field; did you mean `encouraged_industry`?");
    CHECK(unknown_problem("prepay", reconciliation_input().names()) == "unknown field; did you mean `prepaid`?");
    CHECK(unknown_problem("favourite_number", talent_case().names()).rfind("unknown field (known: identity, wages", 0) == 0);
    CHECK_THROWS_AS(refuse_unknown("wage", "1", talent_case().names()), InputError);
}
