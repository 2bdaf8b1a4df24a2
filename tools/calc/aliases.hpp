// libtax-calc: Chinese names in scenario files (年度, 纳税人.身份: 外籍, 工资薪金, 专项附加扣除,
// 优惠政策: [粤港澳大湾区] ...) as aliases of the scenario's own keys and values, which are the names
// of the declared talent case (libtax/contract/talent_case.hpp) and of the calculator's own keys.
// The aliases are data: the `scenario:` section of libtax/messages/glossary.yaml, compiled into
// the library with the message catalogues. load_scenario calls resolve_aliases once, on the parsed
// document, before it reads any key; each node keeps its place in the file, so errors still give
// file:line, and written_key turns a key back into the names the user wrote.
#pragma once

#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

namespace libtax_calc {

/// Canonical dotted key ("person.identity", "monthly_pay[2].wage") -> the same key as written
/// ("纳税人.身份", "按月工资薪金[2].工资薪金"), for every key written with an alias.
using WrittenKeys = std::map<std::string, std::string>;

/// Renames, in place, aliased keys to the scenario's own names and aliased values of enumerated
/// fields (identity, payment kind, flags, regime ids, cities) to theirs; records what was written.
/// A key given both under an alias and under its own name (年度 and year) is a ScenarioError naming
/// both, at the alias's line.
void resolve_aliases(YAML::Node& root, const std::string& file, WrittenKeys& written);

/// `key` as the user wrote it: each part of the dotted path that was written as an alias, in the
/// alias ("monthly_pay[2].wage" -> "按月工资薪金[2].工资薪金"); other parts as they are.
std::string written_key(const std::string& key, const WrittenKeys& written);

}  // namespace libtax_calc
