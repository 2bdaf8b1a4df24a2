// libFuzzer target: the yearly tax-table loader (Tables::from_documents -> parse_tax_year and
// the guards of detail::guard_document). Any input must either load or throw libtax::Error;
// anything else (a crash, a sanitizer report, another exception type, a hang) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "libtax/libtax.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto tables = libtax::Tables::from_documents({{"tables/cn/2024.yaml", text}});
        // a table that loads must also compute
        const libtax::TaxYear& y = tables->year(2024);
        libtax::ComprehensiveIncome in;
        in.receipts.wages = libtax::Money::yuan(250000);
        (void)libtax::explained([&](libtax::Trace* tr) { return libtax::annual_tax(y, in, tr); });
        (void)libtax::explained([&](libtax::Trace* tr) { return libtax::resident_prepayment(y, libtax::PaymentKind::labour, libtax::Money::yuan(30000), tr); });
        (void)libtax::explained([&](libtax::Trace* tr) { return libtax::business_tax(y, libtax::Money::yuan(400000), tr); });
    } catch (const libtax::Error&) {
        // a clear, typed refusal: what a bad table must produce
    }
    return 0;
}
