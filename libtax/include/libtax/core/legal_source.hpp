// libtax/core/legal_source.hpp - where a table value comes from, in law and in the file.
#pragma once

#include <string>

namespace libtax {

/// The document and article that set a value, and where the value was read.
struct LegalSource {
    std::string document;  ///< e.g. "MOF/STA Announcement 2023 No. 30"
    std::string doc_id;    ///< the document's key in the table's `documents:` registry, e.g.
                           ///< "mof-sta-2023-30" (a renderer cites it in another language by it)
    std::string article;   ///< e.g. "art. 1"; may be empty when the document has no finer unit
    std::string file;      ///< table file the value was read from
    int line = 0;          ///< 1-based line in that file

    /// "MOF/STA Announcement 2023 No. 30, art. 1 [tables/cn/2024.yaml:41]"
    std::string cite() const {
        std::string s = document;
        if (!article.empty()) s += ", " + article;
        if (!file.empty()) s += " [" + file + ":" + std::to_string(line) + "]";
        return s;
    }
};

/// A table value together with its legal source.
template <class T>
struct Sourced {
    T value{};
    LegalSource source;
};

}  // namespace libtax
