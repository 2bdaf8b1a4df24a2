// libFuzzer target: the talent-regime table loader (tables/regimes/*.yaml, read by
// Tables::from_documents for documents under regimes/). Any input must load or throw
// libtax::Error. Seeds: the real tables/regimes/*.yaml (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <string>

#include "libtax/libtax.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    // the loader wants the file named after the regime id: take it from an "id:" line if any
    std::string id = "fuzzed";
    const auto at = text.find("\nid: ");
    if (at != std::string::npos) {
        const auto end = text.find_first_of("\r\n #", at + 5);
        const std::string found = text.substr(at + 5, end == std::string::npos ? std::string::npos : end - at - 5);
        if (!found.empty() && found.size() < 64 && found.find('/') == std::string::npos) id = found;
    }
    try {
        (void)libtax::Tables::from_documents({{"tables/regimes/" + id + ".yaml", text}});
    } catch (const libtax::Error&) {
    }
    return 0;
}
