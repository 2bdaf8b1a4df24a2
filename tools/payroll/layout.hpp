// tools/payroll/layout.hpp - the two column layouts libtax-payroll reads, mapped onto one row.
//
// 1. The import template of the withholding client (自然人电子税务局扣缴客户端) for 正常工资薪金所得,
//    one file per period (the period is given on the command line). Its headers, with or without
//    the template's leading '*' on required ones and with ASCII or full-width parentheses:
//      工号, 姓名                                   carried for people, not computed on
//      证件类型, 证件号码 (required)               证件号码 is the employee's key
//      本期收入 (required), 本期免税收入            this period's wages and their exempt part
//      基本养老保险费, 基本医疗保险费, 失业保险费, 住房公积金
//                                                   special deductions of the period (summed)
//      累计子女教育, 累计继续教育, 累计住房贷款利息, 累计住房租金, 累计赡养老人,
//      累计3岁以下婴幼儿照护                        special additional deductions, CUMULATIVE for
//                                                   the year (the period's claim is the increase
//                                                   over the state of the previous period)
//      累计个人养老金                               private pension, cumulative (an other deduction,
//                                                   MOF/STA Announcement 2022 No. 34)
//      企业(职业)年金, 商业健康保险, 税延养老保险, 其他, 准予扣除的捐赠额
//                                                   other deductions of the period (summed)
//      减免税额                                     tax reductions of the period
//      备注, 所得期间起, 所得期间止                 not computed on
//      公务交通费用, 通讯费用, 律师办案费用, 西藏附加减除费用, 协定减免
//                                                   known but not computed: a non-zero amount is refused
// 2. The English layout of examples/payroll/payroll_csv (employee, year, month, wage, ...; many
//    months in one file, special additional deductions per month).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace payroll {

enum class Field : std::uint8_t {
    ignored, unsupported, id, id_type, year, month, wage, exempt, social, special_additional, other, tax_reductions,
    bonus, bonus_method, first_wages, low_income, cumulative_special_additional, cumulative_private_pension
};

/// One row, whatever its layout. Amounts in fen.
struct PayRow {
    std::string_view id;
    int year = 0, month = 0;
    std::int64_t wage = 0, exempt = 0, social = 0, special_additional = 0, other = 0, tax_reductions = 0, bonus = 0;
    std::int64_t cumulative_special_additional = 0, cumulative_private_pension = 0;  ///< template only
    bool bonus_merged = false;
    int first_wages = -1, low_income = -1;  ///< -1: not given on this row
};

class Layout {
public:
    /// Maps the header row. Unknown columns are collected in `unknown` (the caller warns or,
    /// with --strict, refuses); a required column missing or a column given twice is an InputProblem.
    static Layout from_header(const std::vector<std::string_view>& header, std::vector<std::string>& unknown);

    bool is_template() const { return template_; }
    std::size_t columns() const { return fields_.size(); }
    /// Reads one data row. `period_year/month` fill year and month for the template.
    void read(const std::vector<std::string_view>& cells, long line_no, int period_year, int period_month, PayRow& row) const;
    /// The common row read in one pass over the line: no quote, as many cells as the header, an
    /// id. False otherwise, and it may throw where read() would name another problem first: the
    /// caller then splits the line and read()s it, which names the problem. `terminated`: the
    /// byte after the line (in the same buffer) is its CR or LF.
    bool read_plain(std::string_view line, bool terminated, long line_no, int period_year, int period_month, PayRow& row) const;

private:
    void read_cell(std::size_t i, std::string_view cell, long line_no, PayRow& row) const;
    bool template_ = false;
    std::vector<Field> fields_;
    std::vector<std::string> names_;
    std::vector<std::int64_t PayRow::*> sums_;  ///< per column: the figure an amount adds to, or nullptr
};

}  // namespace payroll
