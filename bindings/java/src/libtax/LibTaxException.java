package libtax;

import java.nio.charset.StandardCharsets;

/** A calculation refused by libtax: the status of the C interface, the field and value at fault
 *  and the message ("wages = -1.00: must not be negative"). Subclasses name the kind. */
public class LibTaxException extends RuntimeException {
    public final int status;
    public final String field;
    public final String value;

    LibTaxException(int status, String field, String value, String message) {
        super(message);
        this.status = status;
        this.field = field;
        this.value = value;
    }

    /** Bad input (LIBTAX_ERR_INPUT). */
    public static class Input extends LibTaxException {
        Input(int s, String f, String v, String m) { super(s, f, v, m); }
    }
    /** An amount beyond +/-10^15 yuan (LIBTAX_ERR_RANGE). */
    public static final class Range extends Input {
        Range(int s, String f, String v, String m) { super(s, f, v, m); }
    }
    /** A year no table covers (LIBTAX_ERR_COVERAGE). */
    public static final class Coverage extends Input {
        Coverage(int s, String f, String v, String m) { super(s, f, v, m); }
    }
    /** A legal option that does not exist then (LIBTAX_ERR_NOT_AVAILABLE). */
    public static final class NotAvailable extends Input {
        NotAvailable(int s, String f, String v, String m) { super(s, f, v, m); }
    }
    /** A malformed table file (LIBTAX_ERR_TABLE); field is "file:line: key". */
    public static final class Table extends LibTaxException {
        Table(int s, String f, String v, String m) { super(s, f, v, m); }
    }

    static String text(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) ++n;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** Throws the exception for a failed status (nothing for 0). */
    static void check(int status, Native.Error e) {
        if (status == 0) return;
        e.read();
        final String f = text(e.field), v = text(e.value), m = text(e.message);
        switch (status) {
            case 1: throw new Input(status, f, v, m);
            case 2: throw new Range(status, f, v, m);
            case 3: throw new Coverage(status, f, v, m);
            case 4: throw new NotAvailable(status, f, v, m);
            case 5: throw new Table(status, f, v, m);
            default: throw new LibTaxException(status, f, v, m);
        }
    }
}
