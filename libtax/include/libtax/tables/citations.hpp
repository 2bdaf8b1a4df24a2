// libtax/tables/citations.hpp - the documents the tables cite, in Chinese as issued and in English.
//
// A citation is the document and its article: 《中华人民共和国个人所得税法》第六条第一款第（一）项,
// 财税〔2019〕31号第一条至第四条, or in English "Presidential Order No. 9 (2018), art. 6(1)".
// The registry is tables/documents.yaml (its header describes the format): each document's Chinese
// number and title as issued, its English number and title, whether the form was verified, and
// the Chinese form of the articles the tables cite where the numbering rule below does not give it.
//
// The numbering rule (article_rule_zh): "art. 6" -> 第六条, "art. 3(2)" -> 第三条第（二）项,
// "art. 6(1)(2)" -> 第六条第一款第（二）项, "arts. 1-4" -> 第一条至第四条, "item 3" -> 第三条,
// "item 5(2)" -> 第五条第（二）项 (notices numbered 一、二、 and （一）（二） are cited by 条 and 项).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "libtax/core/legal_source.hpp"

namespace libtax {

struct TableDocument;
namespace detail {
struct TableImageAccess;
}

/// One document of tables/documents.yaml.
struct CitedDocument {
    std::string id;         ///< the key the tables use ("caishui-2019-31")
    std::string number_zh;  ///< "财税〔2019〕31号"
    std::string title_zh;   ///< "《财政部 税务总局关于粤港澳大湾区个人所得税优惠政策的通知》"
    std::string number_en;  ///< "Caishui [2019] No. 31"
    std::string title_en;
    bool cite_by_title = false;  ///< laws and regulations are cited by their title, notices by number
    bool verified = false;       ///< number and title seen in a stored copy (else unconfirmed)
    std::map<std::string, std::string> articles_zh;  ///< English article string -> Chinese
};

/// The registry of cited documents (tables/documents.yaml), immutable once read.
class Citations {
public:
    /// Reads tables/documents.yaml; TableError with file:line: key for a malformed entry.
    static Citations parse(const TableDocument& doc);

    /// The document with this key, or null.
    const CitedDocument* find(const std::string& id) const;
    const std::map<std::string, CitedDocument>& documents() const noexcept { return documents_; }
    bool empty() const noexcept { return documents_.empty(); }

    /// The Chinese form of an article cited for `doc`: its `articles` entry, else the numbering
    /// rule; empty when neither gives one.
    std::string article_zh(const CitedDocument& doc, const std::string& article) const;

    /// Document and article in `language` ("zh" or "en"), without the file position:
    /// "《中华人民共和国个人所得税法》第六条第一款第（一）项" / "Presidential Order No. 9 (2018), art. 6(1)".
    /// A document or article with no Chinese form is cited in English (never dropped).
    std::string cite(const LegalSource& source, const std::string& language) const;

    /// What keeps a table's citations from being rendered in Chinese: documents missing from the
    /// registry, English numbers that differ from the registry's, articles with no Chinese form.
    /// One "file:line: key: problem" line each; empty when all is citable.
    std::vector<std::string> problems(const TableDocument& table) const;

private:
    friend struct detail::TableImageAccess;  // the built-in table image (src/tables/table_image.cpp)
    std::map<std::string, CitedDocument> documents_;
};

/// "art. 6(1)(2)" -> "第六条第一款第（二）项" (see the header); empty when no rule applies.
std::string article_rule_zh(const std::string& article);

/// 1 -> 一, 10 -> 十, 21 -> 二十一, 107 -> 一百零七 (for 0 < n < 1000).
std::string chinese_numeral(int n);

/// `source` cited in `language` with the built-in registry, followed by its table position as
/// LegalSource::cite() gives it: "财税〔2019〕31号第一条至第四条 [tables/regimes/gba.yaml:27]".
/// "en" gives exactly LegalSource::cite().
std::string cite(const LegalSource& source, const std::string& language);

}  // namespace libtax
