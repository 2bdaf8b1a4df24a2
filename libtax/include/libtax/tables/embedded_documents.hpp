// libtax/tables/embedded_documents.hpp - the YAML documents compiled into the library.
//
// cmake/embed_tables.cmake writes both functions at build time: the built-in tables (every
// tables/**/*.yaml, named "tables/cn/2024.yaml", ...) that Tables::builtin() loads, and the message
// catalogues (libtax/messages/*.yaml, named "messages/zh.yaml", ...) that the catalogue reads.
// The programs read the catalogues' own sections (libtax-calc's Chinese aliases, libtax-payroll's
// messages) from here rather than from a path. Both are sorted by name and live for the process.
// Not in libtax/libtax.hpp: a program wanting the tables' text asks Tables::builtin().documents().
#pragma once

#include <vector>

#include "libtax/tables/tables.hpp"  // TableDocument

namespace libtax {

/// The built-in tables, as the files of tables/ were when the library was built.
const std::vector<TableDocument>& embedded_table_documents();

/// The built-in message catalogues, as the files of libtax/messages/ were when the library was built.
const std::vector<TableDocument>& embedded_message_documents();

}  // namespace libtax
