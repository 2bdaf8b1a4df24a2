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
                    else CHECK(f.kind == Kind::rate);
                }
            },
            f.slot);
        if (f.optional() || f.kind == Kind::text) CHECK(std::string(f.default_text) == "None");  // None: left out
    }
}

}  // namespace

TEST_CASE("declared contracts: names unique, kinds match the members, labels and docs present") {
    check(comprehensive_income());
    check(talent_case());
    check(month_input());
    check(reconciliation_input());
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
