// libFuzzer target: a what-if overlay as YAML text, through the same C++ check what_if() runs
// before Python parses it (detail::guard_document: size, nesting, anchors/aliases, one
// document). Whatever passes is loaded as yaml-cpp nodes, which must then hold no more nodes
// than the text has bytes: nothing was expanded (no "billion laughs").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <yaml-cpp/yaml.h>

#include "libtax/libtax.hpp"
#include "yaml_reader.hpp"

namespace {

std::size_t nodes(const YAML::Node& n, int depth) {
    if (depth > 40) std::abort();  // the guard allows 32 levels
    std::size_t count = 1;
    if (n.IsSequence())
        for (const auto& c : n) count += nodes(c, depth + 1);
    if (n.IsMap())
        for (const auto& kv : n) count += nodes(kv.first, depth + 1) + nodes(kv.second, depth + 1);
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        libtax::detail::guard_document("overlay", text);
    } catch (const libtax::TableError& e) {
        if (e.file() != "overlay") std::abort();
        return 0;
    }
    try {
        const YAML::Node root = YAML::Load(text);
        if (nodes(root, 0) > 2 * size + 2) std::abort();  // expanded: an alias got through
    } catch (const YAML::Exception&) {
        // a syntax error the event pass did not see: what_if would raise TableError from the loader
    }
    return 0;
}
