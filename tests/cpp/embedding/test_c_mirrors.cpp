// The C interface's structs carry every field the declared contracts (libtax/contract/) list for
// the C++ input each mirrors: the names listed in libtax/src/c_api/c_mirrors.hpp (whose field
// counts are checked at compile time there) equal the declared names, so a field added to a
// contract and not to the C struct fails here.
#include <catch2/catch.hpp>

#include <iterator>
#include <set>
#include <string>

#include "c_mirrors.hpp"
#include "libtax/contract/all.hpp"

namespace {

template <std::size_t N>
std::set<std::string> mirrored(const char* const (&names)[N]) {
    return std::set<std::string>(std::begin(names), std::end(names));
}

template <class D>
std::set<std::string> declared(const D& d) {
    const auto v = d.names();
    return std::set<std::string>(v.begin(), v.end());
}

}  // namespace

TEST_CASE("C interface: every declared field has its place in the C structs", "[embedding][c]") {
    using namespace libtax;
    CHECK(mirrored(c_mirror::comprehensive_income) == declared(contract::comprehensive_income()));
    CHECK(mirrored(c_mirror::month_input) == declared(contract::month_input()));
    // TalentCase's receipts include commissions, which the regimes refuse and the contract leaves
    // out; the C struct carries the C++ field (a non-zero value is refused, naming it)
    std::set<std::string> talent = declared(contract::talent_case());
    talent.insert("commissions");
    CHECK(mirrored(c_mirror::talent_case) == talent);
    // libtax_reconciliation_input nests libtax_comprehensive_income for the income part
    std::set<std::string> reconciliation = mirrored(c_mirror::reconciliation_input);
    for (const char* n : c_mirror::comprehensive_income) reconciliation.insert(n);
    CHECK(reconciliation == declared(contract::reconciliation_input()));
}
