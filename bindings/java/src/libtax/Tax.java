package libtax;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;

/** libtax from Java: typed calls of the C interface (library libtax_c, found on
 *  jna.library.path or the system's library path). Amounts are long fen (1 yuan = 100 fen);
 *  every failure is a {@link LibTaxException} naming the field. A Tax holds one immutable set of
 *  tables and may be shared by threads; close() releases it. */
public final class Tax implements AutoCloseable {
    static final Native.C C = com.sun.jna.Native.load("tax_c", Native.C.class);
    public static final int C_API_VERSION = 3;

    private Pointer tables;

    private Tax(Pointer tables) { this.tables = tables; }

    /** The tables built into the library. */
    public static Tax builtin() {
        if (C.libtax_c_api_version() != C_API_VERSION)
            throw new IllegalStateException("libtax_c has C API " + C.libtax_c_api_version() + ", this binding " + C_API_VERSION);
        PointerByReference out = new PointerByReference();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_tables_builtin(out, e), e);
        return new Tax(out.getValue());
    }

    /** Tables loaded from a directory laid out like the repository's tables/. */
    public static Tax load(String directory) {
        PointerByReference out = new PointerByReference();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_tables_load(directory, out, e), e);
        return new Tax(out.getValue());
    }

    @Override
    public void close() {
        if (tables != null) C.libtax_tables_free(tables);
        tables = null;
    }

    /** The annual tax on a resident's comprehensive income for a year (fen). */
    public Native.AnnualTaxResult annualTax(int year, Native.ComprehensiveIncome income) {
        Native.AnnualTaxResult r = new Native.AnnualTaxResult();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_annual_tax(tables, year, income, r, null, e), e);
        return r;
    }

    public enum Payment { LABOUR, AUTHOR, ROYALTIES }

    /** The prepayment withheld on one payment to a resident. */
    public Native.PrepaymentResult residentPrepayment(int year, Payment kind, long amountFen) {
        Native.PrepaymentResult r = new Native.PrepaymentResult();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_resident_prepayment(tables, year, kind.ordinal(), amountFen, r, null, e), e);
        return r;
    }

    public enum IncomeKind { WAGES, CONTINUOUS_LABOUR, COMMISSIONS }

    /** The state before the first month of an employee's run at one agent. */
    public Native.WithholdingCumulative startWithholding(int year, int firstMonth, IncomeKind kind, boolean firstWagesThisYear,
                                                         boolean priorYearLowIncome) {
        Native.WithholdingTerms t = new Native.WithholdingTerms();
        t.first_month = firstMonth;
        t.income = kind.ordinal();
        t.first_wages_this_year = firstWagesThisYear ? 1 : 0;
        t.prior_year_low_income = priorYearLowIncome ? 1 : 0;
        Native.WithholdingCumulative s = new Native.WithholdingCumulative();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_withholding_start(tables, year, t, s, e), e);
        return s;
    }

    /** One month of cumulative withholding; store result.after for the next month. */
    public Native.WithholdingMonthResult withholdMonth(int year, Native.WithholdingCumulative before, Native.WithholdingMonth month) {
        Native.WithholdingMonthResult r = new Native.WithholdingMonthResult();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_withhold_month(tables, year, before, month, r, null, e), e);
        return r;
    }

    /** A talent case with every optional field unset (as libtax_talent_case_init). */
    public static Native.TalentCase talentCase() {
        Native.TalentCase c = new Native.TalentCase();
        C.libtax_talent_case_init(c);
        c.read();
        return c;
    }

    /** Sets a text field (city, special_industry) of a talent case. */
    public static void setText(byte[] field, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length >= field.length) throw new IllegalArgumentException("at most " + (field.length - 1) + " bytes: " + text);
        java.util.Arrays.fill(field, (byte) 0);
        System.arraycopy(b, 0, field, 0, b.length);
    }

    /** The relief of one talent regime; not eligible is an answer (eligible 0), not an exception. */
    public Native.TalentReliefResult talentRelief(String regime, int year, Native.TalentCase person) {
        Native.TalentReliefResult r = new Native.TalentReliefResult();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_talent_relief(tables, regime, year, person, r, null, e), e);
        return r;
    }
}
