// Runs tests/cases/regimes.yaml (the same file tests/python/test_regimes_cases.py reads).
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <type_traits>
#include <variant>

#include "libtax/contract/talent_case.hpp"
#include "libtax/regimes/relief.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

/// The case's keywords read by the declared talent case (libtax/contract/talent_case.hpp): every
/// declared field is a key, by its kind; an undeclared key fails the case, naming the closest.
TalentCase case_of(const YAML::Node& a) {
    TalentCase c;
    const auto& decl = contract::talent_case();
    for (auto it = a.begin(); it != a.end(); ++it) {
        const std::string key = it->first.Scalar(), text = it->second.Scalar();
        const contract::Field<TalentCase>* f = decl.find(key);
        INFO(key << ": " << contract::unknown_problem(key, decl.names()));
        REQUIRE(f);
        std::visit(
            [&](auto slot) {
                using S = decltype(slot);
                if constexpr (std::is_same_v<S, contract::EnumSlot<TalentCase>>) {
                    const auto names = f->choice_list();
                    const auto at = std::find(names.begin(), names.end(), text);
                    REQUIRE(at != names.end());
                    slot.set(c, static_cast<int>(at - names.begin()));
                } else {
                    using V = std::remove_pointer_t<decltype(slot(c))>;
                    if constexpr (std::is_same_v<V, Money> || std::is_same_v<V, std::optional<Money>>) *slot(c) = Money::parse(text, key);
                    else if constexpr (std::is_same_v<V, int> || std::is_same_v<V, std::optional<int>>) *slot(c) = it->second.as<int>();
                    else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::optional<bool>>) *slot(c) = it->second.as<bool>();
                    else if constexpr (std::is_same_v<V, std::string>) *slot(c) = text;
                    else if constexpr (std::is_same_v<V, std::optional<Rate>>) *slot(c) = Rate::parse(text, key);
                }
            },
            f->slot);
    }
    return c;
}

}  // namespace

TEST_CASE("tests/cases/regimes.yaml") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/regimes.yaml"));
    REQUIRE(doc["cases"].size() >= 20);
    for (const auto& k : doc["cases"]) {
        const std::string id = k["id"].Scalar();
        SECTION(id) {
            INFO(id << ": " << k["source"].Scalar());
            const auto r = talent_relief(Tables::builtin(), k["regime"].Scalar(), k["year"].as<int>(), case_of(k["args"]), true);
            const YAML::Node e = k["expect"];
            CHECK(r.eligible == e["eligible"].as<bool>());
            CHECK(r.amount == Money::parse(e["amount"].Scalar()));
            if (e["tax"]) CHECK(r.tax == Money::parse(e["tax"].Scalar()));
            if (e["kind"]) CHECK(std::string(mechanism_name(r.kind)) == e["kind"].Scalar());
            if (!r.eligible) CHECK_FALSE(r.reasons.empty());
        }
    }
}
