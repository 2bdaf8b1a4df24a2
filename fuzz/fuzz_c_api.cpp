// libFuzzer target: the C interface's structs and strings (libtax/c/libtax.h), filled from the
// input bytes: every status must be one of the documented ones, and a non-OK status must leave
// NUL-terminated error texts; nothing may crash or report through a sanitizer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "libtax/c/libtax.h"

namespace {

template <class T>
void fill(T& out, const std::uint8_t*& p, const std::uint8_t* end) {
    std::memset(&out, 0, sizeof out);
    const std::size_t n = std::min<std::size_t>(sizeof out, static_cast<std::size_t>(end - p));
    std::memcpy(&out, p, n);
    p += n;
}

void check(libtax_status s, const libtax_error& err) {
    switch (s) {
        case LIBTAX_OK: return;
        case LIBTAX_ERR_INPUT: case LIBTAX_ERR_RANGE: case LIBTAX_ERR_COVERAGE: case LIBTAX_ERR_NOT_AVAILABLE: case LIBTAX_ERR_TABLE: break;
        default: std::abort();  // LIBTAX_ERR_INTERNAL or an unknown code: bad input must never be an internal fault
    }
    if (!std::memchr(err.field, 0, sizeof err.field) || !std::memchr(err.value, 0, sizeof err.value) ||
        !std::memchr(err.message, 0, sizeof err.message) || err.code != s)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static libtax_tables* tables = [] {
        libtax_tables* t = nullptr;
        libtax_error e;
        LIBTAX_INIT(e);
        if (libtax_tables_builtin(&t, &e) != LIBTAX_OK) std::abort();
        return t;
    }();
    const std::uint8_t* p = data;
    const std::uint8_t* end = data + size;
    std::int32_t year = 0;
    fill(year, p, end);
    year = 2015 + static_cast<std::int32_t>(static_cast<std::uint32_t>(year) % 16);
    char text[4096];
    libtax_text explanation;
    LIBTAX_INIT(explanation);
    explanation.buffer = text;
    explanation.capacity = sizeof text;
    libtax_error err;
    LIBTAX_INIT(err);

    libtax_comprehensive_income income;
    fill(income, p, end);
    income.size = sizeof income;  // the fuzzed bytes are the fields; a wrong size is its own, simple refusal
    libtax_annual_tax_result annual;
    LIBTAX_INIT(annual);
    check(libtax_annual_tax(tables, year, &income, &annual, &explanation, &err), err);

    std::int64_t amount = 0;
    fill(amount, p, end);
    libtax_bonus_result bonus;
    LIBTAX_INIT(bonus);
    check(libtax_bonus_tax(tables, year, amount, &bonus, nullptr, &err), err);
    libtax_business_result business;
    LIBTAX_INIT(business);
    check(libtax_business_tax(tables, year, amount, &business, nullptr, &err), err);

    libtax_withholding_cumulative before;
    fill(before, p, end);
    before.size = sizeof before;
    before.terms.size = sizeof before.terms;
    libtax_withholding_month month;
    fill(month, p, end);
    month.size = sizeof month;
    libtax_withholding_month_result withheld;
    LIBTAX_INIT(withheld);
    check(libtax_withhold_month(tables, year, &before, &month, &withheld, nullptr, &err), err);

    libtax_talent_case person;
    fill(person, p, end);
    person.size = sizeof person;
    const std::string regime(reinterpret_cast<const char*>(p), static_cast<std::size_t>(end - p));  // may hold NULs: C sees a prefix
    libtax_talent_relief_result relief;
    LIBTAX_INIT(relief);
    check(libtax_talent_relief(tables, regime.c_str(), year, &person, &relief, &explanation, &err), err);
    return 0;
}
