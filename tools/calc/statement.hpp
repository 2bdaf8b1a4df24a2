// libtax-calc: the annual tax statement of one person and year (个人所得税年度收入纳税情况说明), HTML
// and PDF, in Chinese, English or both, generated from the calculation's Report.
//
// What a bank asks for before a talent buys and remits foreign exchange with legal income (the 2021
// Beijing "Two Zones" announcement promises overseas talent can do so against proof of income and
// tax paid): identity and residence status, income by item and payer, tax withheld by month, the
// annual reconciliation (tax for the year - withheld - prepaid = balance payable or refunded), each
// talent regime's relief and how it reaches the person (a subsidy paid after the tax vs an exemption
// at the reconciliation; the regime tables' `mechanism` and `reaches`), the tax actually borne
// (total tax - the best enacted relief) and the net legal income after tax (income - tax borne).
//
// Every figure is the Report's own (the same text as `libtax-calc --json`), shown with its
// reference `section.figure`, which links to the appendix where each Report section is shown with
// the same id, its figures and its explanation; a figure the statement derives (a sum or
// difference) shows its formula in those references. What-if tables, what-if regimes (not law) and
// UNCONFIRMED readings are marked. Labels are message ids statement.* of libtax/messages/<lang>.yaml.
// It is computed from declared figures: not a tax payment certificate (完税证明) of the tax authority.
#pragma once

#include <string>

#include "report.hpp"
#include "scenario.hpp"

namespace libtax_calc {

/// The statement as a standalone HTML document (UTF-8, inline CSS). lang: "zh", "en" or "both"
/// (InputError otherwise). `tables` are those the report was computed on (the regimes' delivery).
std::string statement_html(const Report& r, const Scenario& s, const libtax::Tables& tables, const std::string& lang);

/// Writes the statement to `path`: HTML for *.html / *.htm, PDF for *.pdf (rendered from the HTML
/// by WeasyPrint, the `weasyprint` program of Debian's package of that name, with a CJK font such
/// as fonts-noto-cjk). Atomic: a temporary file in the same directory, renamed over `path` when
/// complete, so a failure leaves no partial file. InputError (field "statement") for another
/// extension or a directory that cannot be written; NotAvailableError when weasyprint is missing;
/// libtax::Error when it fails.
void write_statement(const std::string& html, const std::string& path);

}  // namespace libtax_calc
