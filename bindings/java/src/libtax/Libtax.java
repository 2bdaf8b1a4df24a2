package libtax;

/** The process language of libtax (C API 3: libtax_set_language / libtax_get_language): every
 *  call's error message ({@link LibTaxException#getMessage()}) and every explanation asked for
 *  without a language are written in it. "zh" (Chinese), "en" (English, the default) or "both"
 *  (the Chinese line, then the English one); field names, values and file:line stay verbatim. */
public final class Libtax {
    private Libtax() {}

    /** Sets the process language; null or "" is "en". Another value is a
     *  {@link LibTaxException.Input} naming "language" (the setting is then unchanged). */
    public static void setLanguage(String language) {
        Native.Error e = new Native.Error();
        LibTaxException.check(Tax.C.libtax_set_language(language, e), e);
    }

    /** The process language: "zh", "en" or "both". */
    public static String getLanguage() {
        return Tax.C.libtax_get_language();
    }
}
