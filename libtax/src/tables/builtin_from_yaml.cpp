// The built-in tables of the image writer (libtax_table_image): tables/ parsed from its embedded
// YAML, as Tables::from_documents reads any table set. The library itself reads the image
// instead (builtin_tables.cpp).
#include "libtax/tables/embedded_documents.hpp"
#include "libtax/tables/tables.hpp"

namespace libtax {

std::shared_ptr<const Tables> Tables::builtin_shared() {
    static const std::shared_ptr<const Tables> tables = [] {
        auto t = std::const_pointer_cast<Tables>(from_documents(embedded_table_documents()));
        t->set_origin("built-in");
        return std::shared_ptr<const Tables>(t);
    }();
    return tables;
}

}  // namespace libtax
