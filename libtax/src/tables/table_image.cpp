// The table image: loaded tables (yearly tables, regimes, Hong Kong and Macao tables, the cited
// documents) written as bytes and read back, so that the built-in tables are resolved when the
// library is built (libtax_table_image, a host program built from the same loader, writes the
// image of tables/; builtin_tables.cpp reads it at first use, without parsing YAML).
//
// Format: "LTXIMG" + format version + a fingerprint of the structures' sizes, then every value
// in the order io() below visits it: integers as 8 bytes little-endian, text as length + bytes,
// containers as count + elements, optional values as a flag + value. Derived state (bracket
// kernels, a year's resolved rules) is not stored: it is rebuilt by the same constructors the
// loader uses. The writer and the reader are the same io() functions, so they cannot disagree;
// a member added to a structure changes its size, which the static_asserts below turn into a
// compile error until io() visits it.
#include <cstring>
#include <type_traits>

#include "libtax/hk_macao/hong_kong_salaries_tax.hpp"
#include "libtax/hk_macao/macao_professional_tax.hpp"
#include "libtax/regimes/regime.hpp"
#include "libtax/tables/tables.hpp"

namespace libtax {

namespace detail {

// Sizes on the platform the project builds on (x86-64, libstdc++): a new member changes them.
#if defined(__x86_64__) && defined(__GLIBCXX__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(LegalSource) == 136, "LegalSource changed: update io() in table_image.cpp");
static_assert(sizeof(Period) == 12, "Period changed: update io() in table_image.cpp");
static_assert(sizeof(Provision) == 496, "Provision changed: update io() in table_image.cpp");
static_assert(sizeof(Bracket) == 56, "Bracket changed: update io() in table_image.cpp");
static_assert(sizeof(BracketSchedule) == 216, "BracketSchedule changed: update io() in table_image.cpp");
static_assert(sizeof(TaxYear) == 10216, "TaxYear changed: update io() in table_image.cpp");  // rules_ is resolved, not stored
static_assert(sizeof(EligibilityRule) == 368, "EligibilityRule changed: update io() in table_image.cpp");
static_assert(sizeof(ForeignBurdenRule) == 216, "ForeignBurdenRule changed: update io() in table_image.cpp");
static_assert(sizeof(RegimeVersion) == 1152, "RegimeVersion changed: update io() in table_image.cpp");
static_assert(sizeof(SeparateBonusRule) == 216, "SeparateBonusRule changed: update io() in table_image.cpp");
static_assert(sizeof(Regime) == 560, "Regime changed: update io() in table_image.cpp");
static_assert(sizeof(HongKongYear) == 1224, "HongKongYear changed: update io() in table_image.cpp");
static_assert(sizeof(MacaoYear) == 632, "MacaoYear changed: update io() in table_image.cpp");
static_assert(sizeof(CitedDocument) == 216, "CitedDocument changed: update io() in table_image.cpp");
static_assert(sizeof(Tables) == 264, "Tables changed: update io() in table_image.cpp");
#endif

namespace {

constexpr char kMagic[] = "LTXIMG";
constexpr std::uint64_t kFormat = 1;

class Writer {
public:
    static constexpr bool reading = false;
    std::string out;

    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
    template <class T>
    void operator()(const T& x);
};

class Reader {
public:
    static constexpr bool reading = true;
    Reader(const unsigned char* p, std::size_t n) : p_(p), end_(p + n) {}

    std::uint64_t u64() {
        need(8);
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p_[i]) << (8 * i);
        p_ += 8;
        return v;
    }
    std::string text(std::size_t n) {
        need(n);
        std::string s(reinterpret_cast<const char*>(p_), n);
        p_ += n;
        return s;
    }
    bool at_end() const { return p_ == end_; }
    template <class T>
    void operator()(T& x);

private:
    void need(std::size_t n) const {
        if (static_cast<std::size_t>(end_ - p_) < n) throw TableError("(built-in table image)", 0, "(image)", "truncated; rebuild the library");
    }
    const unsigned char* p_;
    const unsigned char* end_;
};

// Scalars.
template <class A> void io(A& a, std::int64_t& v) {
    if constexpr (A::reading) v = static_cast<std::int64_t>(a.u64());
    else a.u64(static_cast<std::uint64_t>(v));
}
template <class A> void io(A& a, int& v) {
    std::int64_t w = v;
    io(a, w);
    if constexpr (A::reading) v = static_cast<int>(w);
}
template <class A> void io(A& a, bool& v) {
    std::int64_t w = v ? 1 : 0;
    io(a, w);
    if constexpr (A::reading) v = w != 0;
}
template <class A, class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void io(A& a, E& v) {
    std::int64_t w = static_cast<std::int64_t>(v);
    io(a, w);
    if constexpr (A::reading) v = static_cast<E>(w);
}
template <class A> void io(A& a, std::string& s) {
    if constexpr (A::reading) {
        s = a.text(static_cast<std::size_t>(a.u64()));
    } else {
        a.u64(s.size());
        a.out.append(s);
    }
}
template <class A> void io(A& a, Money& m) {
    std::int64_t f = m.fen();
    io(a, f);
    if constexpr (A::reading) m = Money::fen(f);
}
template <class A> void io(A& a, Rate& r) {
    std::int64_t n = r.num(), d = r.den();
    io(a, n);
    io(a, d);
    if constexpr (A::reading) r = Rate::fraction(n, d);
}
// A date as year, month, day; a special value (never in a loaded table) as year 0 and its kind.
template <class A> void io(A& a, Date& d) {
    std::int64_t y = 0, m = 0, day = 0;
    if constexpr (!A::reading) {
        if (d.is_special()) {
            m = d.is_not_a_date() ? 0 : d.is_pos_infinity() ? 1 : 2;
        } else {
            const auto ymd = d.year_month_day();
            y = ymd.year, m = ymd.month, day = ymd.day;
        }
    }
    io(a, y), io(a, m), io(a, day);
    if constexpr (A::reading) {
        if (y == 0) d = Date(m == 0 ? boost::date_time::not_a_date_time : m == 1 ? boost::date_time::pos_infin : boost::date_time::neg_infin);
        else d = Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(day));
    }
}

// Containers.
template <class A, class T> void io(A& a, std::vector<T>& v) {
    std::int64_t n = static_cast<std::int64_t>(v.size());
    io(a, n);
    if constexpr (A::reading) v.resize(static_cast<std::size_t>(n));
    for (auto& x : v) a(x);
}
template <class A, class T> void io(A& a, std::optional<T>& o) {
    bool has = o.has_value();
    io(a, has);
    if constexpr (A::reading) o.reset();
    if (!has) return;
    if constexpr (A::reading) o.emplace();
    a(*o);
}
template <class A, class K, class V> void io(A& a, std::map<K, V>& m) {
    std::int64_t n = static_cast<std::int64_t>(m.size());
    io(a, n);
    if constexpr (A::reading) {
        m.clear();
        for (std::int64_t i = 0; i < n; ++i) {
            K k{};
            a(k);
            auto it = m.emplace_hint(m.end(), std::move(k), V{});
            a(it->second);
        }
    } else {
        for (auto& kv : m) {
            a(const_cast<K&>(kv.first));
            a(kv.second);
        }
    }
}
template <class A, class T> void io(A& a, std::shared_ptr<const T>& p) {
    bool has = p != nullptr;
    io(a, has);
    if constexpr (A::reading) {
        if (!has) return p.reset();
        auto q = std::make_shared<T>();
        a(*q);
        p = std::move(q);
    } else {
        if (has) a(const_cast<T&>(*p));
    }
}

// Table structures, member by member.
template <class A> void io(A& a, LegalSource& s) { a(s.document), a(s.doc_id), a(s.article), a(s.file), a(s.line); }
template <class A, class T> void io(A& a, Sourced<T>& s) { a(s.value), a(s.source); }
template <class A> void io(A& a, Period& p) { a(p.from), a(p.to); }
template <class A> void io(A& a, Provision& p) {
    a(p.path), a(p.source), a(p.period), a(p.unconfirmed), a(p.note), a(p.note_zh);
    a(p.money), a(p.rates), a(p.counts), a(p.texts), a(p.dates);
}
template <class A> void io(A& a, Bracket& b) { a(b.over), a(b.upto), a(b.rate), a(b.quick), a(b.line); }
template <class A> void io(A& a, BracketSchedule& s) {
    std::string name = s.name();
    std::vector<Bracket> brackets = s.brackets();
    LegalSource source = s.source();
    a(name), a(brackets), a(source);
    if constexpr (A::reading) s = BracketSchedule(std::move(name), std::move(brackets), std::move(source));  // rebuilds the kernel
}
template <class A> void io(A& a, TaxYear& y) {
    a(y.year), a(y.file), a(y.schedules), a(y.provisions);
    if constexpr (A::reading) y.resolve();  // the typed rules, as the loader resolves them
}
template <class A> void io(A& a, EligibilityRule& r) {
    a(r.kind), a(r.source), a(r.unconfirmed), a(r.note), a(r.note_zh), a(r.city), a(r.period), a(r.identities);
    a(r.min_income), a(r.strict), a(r.measure), a(r.or_recognised);
    a(r.min_days), a(r.min_actual_days), a(r.alt_industries), a(r.alt_social_insurance_months), a(r.alt_contract_years);
    a(r.min_months), a(r.waivable), a(r.min_years);
}
template <class A> void io(A& a, ForeignBurdenRule& r) { a(r.one_off_reduction), a(r.budget_reduction), a(r.source), a(r.unconfirmed), a(r.note), a(r.note_zh); }
template <class A> void io(A& a, RegimeVersion& v) {
    a(v.period), a(v.source), a(v.basis), a(v.basis_ids), a(v.area), a(v.area_zh), a(v.mechanism), a(v.reaches), a(v.reaches_zh), a(v.formula), a(v.rate), a(v.share);
    a(v.comprehensive_proration), a(v.business_proration), a(v.items), a(v.cap), a(v.foreign_burden), a(v.eligibility);
    a(v.unconfirmed), a(v.note), a(v.note_zh), a(v.line);
}
template <class A> void io(A& a, SeparateBonusRule& b) { a(b.stated), a(b.relieved), a(b.source), a(b.unconfirmed), a(b.note), a(b.note_zh); }
template <class A> void io(A& a, Regime& r) {
    a(r.id), a(r.name), a(r.name_zh), a(r.file), a(r.enacted), a(r.status_note), a(r.status_note_zh), a(r.cities), a(r.exclusive_with), a(r.places), a(r.zones), a(r.versions);
    a(r.separate_bonus);
}
template <class A> void io(A& a, HongKongYear& y) {
    a(y.start_year), a(y.file), a(y.progressive), a(y.standard_rate), a(y.standard_tier_threshold), a(y.standard_rate_upper);
    a(y.basic_allowance), a(y.mpf_cap), a(y.one_off_reduction_cap), a(y.unconfirmed), a(y.note), a(y.note_zh);
}
template <class A> void io(A& a, MacaoYear& y) {
    a(y.year), a(y.file), a(y.bands), a(y.fixed_deduction), a(y.budget_reduction), a(y.unconfirmed), a(y.note), a(y.note_zh);
}
template <class A> void io(A& a, CitedDocument& d) {
    a(d.id), a(d.number_zh), a(d.title_zh), a(d.number_en), a(d.title_en), a(d.cite_by_title), a(d.verified), a(d.articles_zh);
}

template <class T>
void Writer::operator()(const T& x) { io(*this, const_cast<T&>(x)); }
template <class T>
void Reader::operator()(T& x) { io(*this, x); }

// Sizes of the structures: an image written by another build of the structures is refused.
std::uint64_t fingerprint() {
    const std::uint64_t sizes[] = {sizeof(LegalSource), sizeof(Provision), sizeof(BracketSchedule), sizeof(TaxYear), sizeof(RegimeVersion),
                                   sizeof(EligibilityRule), sizeof(Regime), sizeof(HongKongYear), sizeof(MacaoYear), sizeof(CitedDocument)};
    std::uint64_t h = 1469598103934665603ull;
    for (auto s : sizes) h = (h ^ s) * 1099511628211ull;
    return h;
}

}  // namespace

struct TableImageAccess {
    template <class A>
    static void tables(A& a, Tables& t) {
        a(t.years_), a(t.regimes_), a(t.hong_kong_), a(t.macao_);
        bool has_citations = t.citations_ != nullptr;
        a(has_citations);
        if constexpr (A::reading) {
            if (!has_citations) return t.citations_.reset();
            auto c = std::make_shared<Citations>();
            a(c->documents_);
            t.citations_ = std::move(c);
        } else {
            if (has_citations) a(t.citations_->documents_);
        }
    }
};

std::string write_table_image(const Tables& tables) {
    Writer w;
    w.out.append(kMagic, sizeof kMagic - 1);
    w.u64(kFormat);
    w.u64(fingerprint());
    TableImageAccess::tables(w, const_cast<Tables&>(tables));
    return std::move(w.out);
}

std::shared_ptr<Tables> read_table_image(const unsigned char* data, std::size_t size) {
    Reader r(data, size);
    const auto refuse = [](const char* problem) {
        return TableError("(built-in table image)", 0, "(image)", std::string(problem) + "; rebuild the library");
    };
    if (r.text(sizeof kMagic - 1) != kMagic) throw refuse("not a table image");
    if (r.u64() != kFormat || r.u64() != fingerprint()) throw refuse("written by another version of the table structures");
    auto t = std::make_shared<Tables>();
    TableImageAccess::tables(r, *t);
    if (!r.at_end()) throw refuse("has bytes after its end");
    return t;
}

}  // namespace detail

}  // namespace libtax
