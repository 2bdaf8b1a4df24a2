// libFuzzer target: the strict decimal parsers every amount and rate goes through
// (Money::parse, Rate::parse), with a round trip of what they accept.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "libtax/libtax.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const libtax::Money m = libtax::Money::parse(text, "amount");
        if (libtax::Money::parse(m.str()) != m) std::abort();  // str() must read back exactly
        (void)libtax::round_half_up(libtax::Exact(m) * libtax::Rate::fraction(45, 100));
    } catch (const libtax::Error&) {
    }
    try {
        const libtax::Rate r = libtax::Rate::parse(text, "rate");
        (void)r.str();
        if (r <= libtax::Rate::fraction(1, 1)) (void)r.percent();
    } catch (const libtax::Error&) {
    }
    return 0;
}
