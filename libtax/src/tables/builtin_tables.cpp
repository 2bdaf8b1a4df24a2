// The built-in tables of the library: read from the table image that the build wrote from tables/
// (libtax_table_image, src/tables/table_image.cpp), so no YAML is parsed at run time. The
// documents' text stays embedded too (Tables::documents(), for what-if copies).
#include "libtax/tables/embedded_documents.hpp"
#include "libtax/tables/tables.hpp"

namespace libtax {

// Generated at build time from tables/: the documents' image (the documents: embedded_documents.hpp).
const unsigned char* embedded_table_image(std::size_t& size);

namespace detail {

std::shared_ptr<const Tables> builtin_tables_from_image() {
    std::size_t size = 0;
    const unsigned char* data = embedded_table_image(size);
    auto t = read_table_image(data, size);
    t->set_origin("built-in");
    t->set_documents(embedded_table_documents());
    return t;
}

}  // namespace detail

std::shared_ptr<const Tables> Tables::builtin_shared() {
    static const std::shared_ptr<const Tables> tables = detail::builtin_tables_from_image();
    return tables;
}

}  // namespace libtax
