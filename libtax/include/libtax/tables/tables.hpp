// libtax/tables/tables.hpp - the set of loaded tables every calculator takes.
//
// Tables::builtin() are the files of tables/ compiled into the library (no path needed);
// Tables::load(dir) reads a directory laid out like tables/ instead, for what-if tables.
// A Tables object is immutable: share one between threads without locking.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/tables/citations.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// One table document: its name for messages (e.g. "tables/cn/2024.yaml") and its text.
struct TableDocument {
    std::string name;
    std::string text;
};

// Talent regimes and foreign benchmarks (libtax/regimes/, libtax/hk_macao/).
class Regime;
struct HongKongYear;
struct MacaoYear;

namespace detail {
struct TableImageAccess;
}

class Tables {
public:
    /// The tables built into the library (loaded once, on first use; thread-safe).
    static const Tables& builtin();
    static std::shared_ptr<const Tables> builtin_shared();
    /// Loads a directory laid out like the repository's tables/ (cn/<year>.yaml, ...).
    static std::shared_ptr<const Tables> load(const std::string& directory);
    /// Loads from in-memory documents named like files under tables/ ("cn/2024.yaml").
    static std::shared_ptr<const Tables> from_documents(const std::vector<TableDocument>& docs);

    /// The table of a tax year; CoverageError when no table covers it.
    const TaxYear& year(int y) const {
        auto it = years_.find(y);
        if (it == years_.end()) throw_uncovered(y);
        return *it->second;
    }
    bool covers(int y) const { return years_.count(y) != 0; }
    std::vector<int> years() const {
        std::vector<int> v;
        for (const auto& kv : years_) v.push_back(kv.first);
        return v;
    }
    /// Where these tables came from ("built-in" or a directory).
    const std::string& origin() const noexcept { return origin_; }
    /// The documents these tables were read from (name and text), for what-if copies.
    const std::vector<TableDocument>& documents() const noexcept { return documents_; }

    // Talent regimes (tables/regimes/<id>.yaml) and foreign benchmarks (tables/hk_macao/);
    // defined in src/regimes/tables_regimes.cpp.
    /// The regime with this id; InputError naming the id (and the known ones) otherwise.
    const Regime& regime(const std::string& id) const;
    /// Ids of the loaded regimes, sorted.
    std::vector<std::string> regimes() const;
    /// Hong Kong salaries tax for the year of assessment starting in April of `start_year`
    /// (2024 = 2024/25); CoverageError when no table covers it.
    const HongKongYear& hong_kong(int start_year) const;
    /// Macao professional tax for calendar year `year`; CoverageError when no table covers it.
    const MacaoYear& macao(int year) const;
    void add_regime(std::shared_ptr<const Regime> r);
    void add_hong_kong(int start_year, std::shared_ptr<const HongKongYear> y);
    void add_macao(int year, std::shared_ptr<const MacaoYear> y);

    /// The cited documents in Chinese and English (tables/documents.yaml); tables loaded from a
    /// directory without that file cite with the built-in registry.
    const Citations& citations() const { return citations_ ? *citations_ : builtin().citations(); }

    // used by the loader
    void set_citations(std::shared_ptr<const Citations> c) { citations_ = std::move(c); }
    void add_year(std::shared_ptr<const TaxYear> y) { years_[y->year] = std::move(y); }
    void set_origin(std::string o) { origin_ = std::move(o); }
    void set_documents(std::vector<TableDocument> d) { documents_ = std::move(d); }

private:
    friend struct detail::TableImageAccess;  // the built-in table image (src/tables/table_image.cpp)
    [[noreturn]] void throw_uncovered(int y) const;
    std::map<int, std::shared_ptr<const TaxYear>> years_;
    std::string origin_;
    std::vector<TableDocument> documents_;
    std::shared_ptr<const Citations> citations_;
    std::map<std::string, std::shared_ptr<const Regime>> regimes_;
    std::map<int, std::shared_ptr<const HongKongYear>> hong_kong_;
    std::map<int, std::shared_ptr<const MacaoYear>> macao_;
};

/// Parses one yearly table document; throws TableError with file:line and key.
std::shared_ptr<const TaxYear> parse_tax_year(const TableDocument& doc);

namespace detail {
/// The table image (src/tables/table_image.cpp): loaded tables as bytes, every value with its
/// source, file and line. The build writes the image of tables/ into the library, so that the
/// built-in tables are ready without parsing YAML; equal images are equal tables.
std::string write_table_image(const Tables& tables);
/// Reads an image back (TableError when it is damaged or from another build); no documents.
std::shared_ptr<Tables> read_table_image(const unsigned char* data, std::size_t size);
/// A new copy of the built-in tables read from the library's image: what the first use of
/// Tables::builtin() does (for the benchmark and the tests that compare it with tables/).
std::shared_ptr<const Tables> builtin_tables_from_image();
}  // namespace detail

}  // namespace libtax
