package libtax;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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

    /** A talent case from named fields, as libtax.h names them (amounts in fen, flags 0/1,
     *  fx_rate "NUM/DEN", months "WAGE[:ZONE_WAGE],..."); an unknown name is refused, naming it. */
    public static Native.TalentCase talentCase(Map<String, String> fields) {
        Native.TalentCase c = talentCase();
        for (Map.Entry<String, String> kv : fields.entrySet()) {
            final String k = kv.getKey(), v = kv.getValue();
            try {
                if (k.equals("fx_rate")) {
                    String[] nd = v.split("/");
                    c.fx_rate_num = Long.parseLong(nd[0]);
                    c.fx_rate_den = nd.length > 1 ? Long.parseLong(nd[1]) : 1;
                } else if (k.equals("months")) {
                    String[] ms = v.isEmpty() ? new String[0] : v.split(",");
                    long[] wages = new long[ms.length];
                    Long[] zone = new Long[ms.length];
                    for (int i = 0; i < ms.length; ++i) {
                        String[] wz = ms[i].split(":");
                        wages[i] = Long.parseLong(wz[0]);
                        zone[i] = wz.length > 1 ? Long.valueOf(wz[1]) : null;
                    }
                    setMonths(c, wages, zone);
                } else if (k.equals("size") || k.equals("reserved") || k.equals("month_count")) {
                    throw new NoSuchFieldException(k);
                } else {
                    java.lang.reflect.Field f = Native.TalentCase.class.getField(k);
                    if (f.getType() == int.class) f.setInt(c, Integer.parseInt(v));
                    else if (f.getType() == long.class) f.setLong(c, Long.parseLong(v));
                    else if (f.getType() == byte[].class) setText((byte[]) f.get(c), v);
                    else throw new NoSuchFieldException(k);
                }
            } catch (NoSuchFieldException | IllegalAccessException x) {
                throw new LibTaxException.Input(1, k, v, k + " = " + v + ": unknown field of the talent case");
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException x) {
                throw new LibTaxException.Input(1, k, v, k + " = " + v + ": not a number of the field's kind");
            }
        }
        return c;
    }

    /** A non-resident's wages month by month (fen); zoneWages[i] null (or zoneWages null): all from the zone. */
    public static void setMonths(Native.TalentCase c, long[] wages, Long[] zoneWages) {
        if (wages.length > c.months.length)
            throw new LibTaxException.Input(1, "months", wages.length + " months", "a tax year has at most 12 months of wages");
        for (int i = 0; i < c.months.length; ++i) {
            c.months[i].wage = i < wages.length ? wages[i] : 0;
            c.months[i].zone_wage = i < wages.length && zoneWages != null && zoneWages[i] != null ? zoneWages[i] : -1;
        }
        c.month_count = wages.length;
    }

    /** Options of the comparison and of one regime's relief (as libtax_relief_options_init). */
    public static Native.ReliefOptions reliefOptions() {
        Native.ReliefOptions o = new Native.ReliefOptions();
        C.libtax_relief_options_init(o);
        o.read();
        return o;
    }

    /** A result with its explanation (null when none was asked for). */
    public static final class Explained<R> {
        public final R result;
        public final String explanation;
        Explained(R result, String explanation) { this.result = result; this.explanation = explanation; }
    }

    /** A comparison: the summary, the ranked options, the explanation (null when none was asked for). */
    public static final class Comparison {
        public final Native.RegimeComparison summary;
        public final List<Native.RegimeOption> options;
        public final String explanation;
        Comparison(Native.RegimeComparison summary, List<Native.RegimeOption> options, String explanation) {
            this.summary = summary;
            this.options = options;
            this.explanation = explanation;
        }
        /** The best legal choice, or null. */
        public Native.RegimeOption best() { return summary.best < 0 ? null : options.get(summary.best); }
    }

    /** Text out of a C string field. */
    public static String text(byte[] field) { return LibTaxException.text(field); }

    private interface Call { int run(Native.Text text, Native.Error e); }

    /** Runs `call` with an explanation in `language` ("zh", "en", "both"), growing the buffer
     *  until the text fits; language null: no explanation. */
    private static String explained(String language, Call call) {
        Native.Error e = new Native.Error();
        if (language == null) {
            LibTaxException.check(call.run(null, e), e);
            return null;
        }
        long capacity = 1 << 16;
        while (true) {
            com.sun.jna.Memory buffer = new com.sun.jna.Memory(capacity);
            Native.Text t = new Native.Text();
            t.buffer = buffer;
            t.capacity = capacity;
            t.language = language;
            LibTaxException.check(call.run(t, e), e);
            t.read();
            if (t.length < capacity) return buffer.getString(0, "UTF-8");
            capacity = t.length + 1;
        }
    }

    /** One regime's relief with options (projection) and, when `language` is not null, its
     *  explanation in that language; the result carries the tax before and after the relief. */
    public Explained<Native.RegimeOption> talentRelief(String regime, int year, Native.TalentCase person, Native.ReliefOptions options,
                                                       String language) {
        Native.RegimeOption r = new Native.RegimeOption();
        String text = explained(language, (t, e) -> C.libtax_talent_relief_ex(tables, regime, year, person, options, r, t, e));
        r.read();
        return new Explained<>(r, text);
    }

    /** Every regime compared, ranked, with the bonus weighed after each relief (options: bonus,
     *  zone_bonus, place, projection, flags; null: defaults); explanation in `language` (null: none). */
    public Comparison compareRegimes(int year, Native.TalentCase person, Native.ReliefOptions options, String language) {
        int capacity = 32;
        while (true) {
            Native.RegimeOption first = new Native.RegimeOption();
            Native.RegimeOption[] array = (Native.RegimeOption[]) first.toArray(capacity);
            for (Native.RegimeOption o : array) {
                o.size = first.size();
                o.write();
            }
            Native.RegimeComparison summary = new Native.RegimeComparison();
            final long cap = capacity;
            String text = explained(language, (t, e) -> C.libtax_compare_regimes_ex(tables, year, person, options, array[0], cap, summary, t, e));
            summary.read();
            if (summary.count <= capacity) {
                List<Native.RegimeOption> list = new ArrayList<>();
                for (int i = 0; i < summary.count; ++i) {
                    array[i].read();
                    list.add(array[i]);
                }
                return new Comparison(summary, Collections.unmodifiableList(list), text);
            }
            capacity = (int) summary.count;
        }
    }

    /** The relief of one talent regime; not eligible is an answer (eligible 0), not an exception. */
    public Native.TalentReliefResult talentRelief(String regime, int year, Native.TalentCase person) {
        Native.TalentReliefResult r = new Native.TalentReliefResult();
        Native.Error e = new Native.Error();
        LibTaxException.check(C.libtax_talent_relief(tables, regime, year, person, r, null, e), e);
        return r;
    }
}
