// Embedding libtax from C++: the 2024 tax of an engineer earning 1,000,000 yuan, computed on the
// built-in tables and again on the installed copy of the tables (share/libtax/tables).
#include <iostream>

#include <libtax/libtax.hpp>

int main() try {
    using namespace libtax;
    ComprehensiveIncome in;
    in.receipts.wages = Money::parse("1000000");
    in.social_insurance = Money::parse("30000");
    in.special_additional = Money::parse("24000");

    const AnnualTaxResult builtin = annual_tax(Tables::builtin().year(2024), in);
    const auto installed = Tables::load(LIBTAX_TABLES_DIR);
    const AnnualTaxResult from_files = annual_tax(installed->year(2024), in);

    std::cout << "tax " << builtin.tax.str() << "\n";
    std::cout << "tax from " << installed->origin() << " " << from_files.tax.str() << "\n";
    return builtin.tax == from_files.tax ? 0 : 1;
} catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
}
