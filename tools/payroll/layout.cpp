// tools/payroll/layout.cpp - see layout.hpp.
#include "layout.hpp"

#include <utility>

#include "input_text.hpp"

namespace payroll {

namespace {

struct Known {
    const char* name;
    Field field;
};

const Known english[] = {
    {"employee", Field::id}, {"year", Field::year}, {"month", Field::month}, {"wage", Field::wage},
    {"exempt_income", Field::exempt}, {"social_insurance", Field::social}, {"special_additional", Field::special_additional},
    {"other_deductions", Field::other}, {"tax_reductions", Field::tax_reductions}, {"bonus", Field::bonus},
    {"bonus_method", Field::bonus_method}, {"first_wages_this_year", Field::first_wages}, {"prior_year_low_income", Field::low_income},
};

const Known withholding_client[] = {
    {"工号", Field::ignored}, {"姓名", Field::ignored}, {"证件类型", Field::id_type}, {"证件号码", Field::id},
    {"本期收入", Field::wage}, {"本期免税收入", Field::exempt},
    {"基本养老保险费", Field::social}, {"基本医疗保险费", Field::social}, {"失业保险费", Field::social}, {"住房公积金", Field::social},
    {"累计子女教育", Field::cumulative_special_additional}, {"累计继续教育", Field::cumulative_special_additional},
    {"累计住房贷款利息", Field::cumulative_special_additional}, {"累计住房租金", Field::cumulative_special_additional},
    {"累计赡养老人", Field::cumulative_special_additional}, {"累计3岁以下婴幼儿照护", Field::cumulative_special_additional},
    {"累计个人养老金", Field::cumulative_private_pension},
    {"企业(职业)年金", Field::other}, {"商业健康保险", Field::other}, {"税延养老保险", Field::other}, {"其他", Field::other},
    {"准予扣除的捐赠额", Field::other}, {"减免税额", Field::tax_reductions},
    {"备注", Field::ignored}, {"所得期间起", Field::ignored}, {"所得期间止", Field::ignored},
    {"公务交通费用", Field::unsupported}, {"通讯费用", Field::unsupported}, {"律师办案费用", Field::unsupported},
    {"西藏附加减除费用", Field::unsupported}, {"协定减免", Field::unsupported},
};

/// A header as written, without the template's '*' and with full-width parentheses made ASCII.
std::string normalise(std::string_view h) {
    h = trim(h);
    while (!h.empty() && h[0] == '*') h = trim(h.substr(1));
    std::string s(h);
    for (const auto& [wide, ascii] : {std::pair<const char*, const char*>{"\xEF\xBC\x88", "("}, {"\xEF\xBC\x89", ")"}}) {
        for (std::size_t at; (at = s.find(wide)) != std::string::npos;) s.replace(at, 3, ascii);
    }
    return s;
}

template <std::size_t N>
const Known* lookup(const Known (&list)[N], const std::string& name) {
    for (const Known& k : list)
        if (name == k.name) return &k;
    return nullptr;
}

bool flag(std::string_view s, long line, const std::string& col) {
    if (s.empty() || s == "0" || s == "false") return false;
    if (s == "1" || s == "true") return true;
    throw InputProblem{line, col, "payroll.problem.flag", {{"value", std::string(s)}}};
}

/// The figure of a row an amount column adds to (read_plain()); nullptr for other columns.
std::int64_t PayRow::*sum_of(Field f) {
    switch (f) {
        case Field::wage: return &PayRow::wage;
        case Field::exempt: return &PayRow::exempt;
        case Field::social: return &PayRow::social;
        case Field::special_additional: return &PayRow::special_additional;
        case Field::other: return &PayRow::other;
        case Field::tax_reductions: return &PayRow::tax_reductions;
        case Field::bonus: return &PayRow::bonus;
        case Field::cumulative_special_additional: return &PayRow::cumulative_special_additional;
        case Field::cumulative_private_pension: return &PayRow::cumulative_private_pension;
        default: return nullptr;
    }
}

}  // namespace

Layout Layout::from_header(const std::vector<std::string_view>& header, std::vector<std::string>& unknown) {
    Layout l;
    for (std::string_view h : header)
        if (normalise(h) == "本期收入") l.template_ = true;
    for (std::string_view raw : header) {
        const std::string name = normalise(raw);
        const Known* k = l.template_ ? lookup(withholding_client, name) : lookup(english, name);
        Field f = Field::ignored;
        if (k) {
            f = k->field;
            for (std::size_t i = 0; i < l.names_.size(); ++i)
                if (l.names_[i] == name) throw InputProblem{1, name, "payroll.problem.column_twice"};
        } else {
            unknown.push_back(name.empty() ? "(empty header)" : name);
        }
        l.fields_.push_back(f);
        l.names_.push_back(name);
        l.sums_.push_back(sum_of(f));
    }
    auto require = [&](Field f, const char* name) {
        for (Field g : l.fields_)
            if (g == f) return;
        throw InputProblem{1, name, l.template_ ? "payroll.problem.missing_template" : "payroll.problem.missing_english"};
    };
    if (l.template_) {
        require(Field::id_type, "证件类型");
        require(Field::id, "证件号码");
    } else {
        require(Field::id, "employee");
        require(Field::year, "year");
        require(Field::month, "month");
        require(Field::wage, "wage");
    }
    return l;
}

void Layout::read_cell(std::size_t i, std::string_view c, long line, PayRow& r) const {
    const std::string& name = names_[i];
    switch (fields_[i]) {
        case Field::ignored: break;
        case Field::unsupported:
            if (amount_fen_fast(c, line, name) != 0)
                throw InputProblem{line, name, "payroll.problem.unsupported", {{"value", std::string(c)}}};
            break;
        case Field::id: r.id = c; break;
        case Field::id_type:
            if (c.empty()) throw InputProblem{line, name, "payroll.problem.empty"};
            break;
        case Field::year: r.year = whole_number(c, line, name, 0, 9999); break;
        case Field::month: r.month = whole_number(c, line, name, 1, 12); break;
        case Field::wage: r.wage += amount_fen_fast(c, line, name); break;
        case Field::exempt: r.exempt += amount_fen_fast(c, line, name); break;
        case Field::social: r.social += amount_fen_fast(c, line, name); break;
        case Field::special_additional: r.special_additional += amount_fen_fast(c, line, name); break;
        case Field::other: r.other += amount_fen_fast(c, line, name); break;
        case Field::tax_reductions: r.tax_reductions += amount_fen_fast(c, line, name); break;
        case Field::bonus: r.bonus += amount_fen_fast(c, line, name); break;
        case Field::bonus_method:
            if (c == "merged") r.bonus_merged = true;
            else if (!c.empty() && c != "separate")
                throw InputProblem{line, name, "payroll.problem.bonus_method", {{"value", std::string(c)}}};
            break;
        case Field::first_wages:
            if (!c.empty()) r.first_wages = flag(c, line, name);
            break;
        case Field::low_income:
            if (!c.empty()) r.low_income = flag(c, line, name);
            break;
        case Field::cumulative_special_additional: r.cumulative_special_additional += amount_fen_fast(c, line, name); break;
        case Field::cumulative_private_pension: r.cumulative_private_pension += amount_fen_fast(c, line, name); break;
    }
}

namespace {

/// The bytes a cell of a plain row ends at: a comma, the line's end (CR, LF), and a quote (the
/// row is then not plain).
struct CellEnds {
    bool at[256] = {};
    constexpr CellEnds() { at[','] = at['"'] = at['\r'] = at['\n'] = true; }
};
constexpr CellEnds kCellEnds;

}  // namespace

bool Layout::read_plain(std::string_view line_text, bool terminated, long line, int period_year, int period_month, PayRow& r) const {
    r = PayRow{};
    r.year = period_year;
    r.month = period_month;
    const char* p = line_text.data();
    const char* const end = p + line_text.size();
    std::size_t i = 0;
    const std::size_t n = fields_.size();
    while (true) {
        const char* c = p;
        if (terminated) {  // the byte at `end` is CR or LF: no need to compare with `end` on the way
            while (!kCellEnds.at[static_cast<unsigned char>(*c)]) ++c;
            if (c != end && *c != ',') return false;  // a quote, or a CR inside the line
        } else {
            while (c != end && *c != ',' && *c != '"') ++c;
            if (c != end && *c == '"') return false;
        }
        if (i == n) return false;
        // most cells are ignored or amounts added to a figure of the row: no call, no switch
        if (const Field f = fields_[i]; f != Field::ignored) {
            const std::string_view cell = trim(std::string_view(p, static_cast<std::size_t>(c - p)));
            if (std::int64_t PayRow::*const sum = sums_[i]) r.*sum += amount_fen_fast(cell, line, names_[i]);
            else read_cell(i, cell, line, r);
        }
        ++i;
        if (c == end) break;
        p = c + 1;
    }
    return i == n && !r.id.empty();
}

void Layout::read(const std::vector<std::string_view>& cells, long line, int period_year, int period_month, PayRow& r) const {
    if (cells.size() != fields_.size())
        throw InputProblem{line, "(row)", "payroll.problem.cells", {{"cells", std::to_string(cells.size())}, {"header", std::to_string(fields_.size())}}};
    r = PayRow{};
    r.year = period_year;
    r.month = period_month;
    for (std::size_t i = 0; i < cells.size(); ++i) read_cell(i, cells[i], line, r);
    if (r.id.empty()) throw InputProblem{line, template_ ? "证件号码" : "employee", "payroll.problem.empty"};
}

}  // namespace payroll
