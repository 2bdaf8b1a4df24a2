// libtax-calc: Chinese names in scenario files (年度, 身份: 外籍, 工资薪金, 专项附加扣除, ...) as aliases of
// the scenario's keys and values, read from the `scenario:` section of libtax/messages/glossary.yaml
// (compiled into the library with the catalogues). The reader calls resolve_aliases once, on the
// parsed document, before it reads any key; an error is then reported with the names the user
// wrote (written_key).
#pragma once

#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

namespace libtax_calc {

/// Canonical dotted key ("person.identity", "monthly_pay[2].wage") -> the key as written
/// ("纳税人.身份"), for every key that was written with an alias.
using WrittenKeys = std::map<std::string, std::string>;

/// Renames aliased keys to the scenario's own names and aliased values of enumerated fields
/// (identity, payment kind, flags, regime ids) to theirs, in place; records what was written.
/// A key given both as an alias and by its own name (年度 and year) is a TableError naming both.
void resolve_aliases(YAML::Node& root, const std::string& file, WrittenKeys& written);

/// `key` as the user wrote it: each part of the dotted path that was an alias, in the alias.
std::string written_key(const std::string& key, const WrittenKeys& written);

}  // namespace libtax_calc
