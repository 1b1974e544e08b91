package org.ofxkit;

/** Library-wide functions. */
public final class Ofx {
    private Ofx() {}

    /** The native library's version, "MAJOR.MINOR.PATCH". */
    public static String version() { return Lib.str(Lib.get().ofx_version()); }

    /** The library's description of a result code ("unknown result code" for unknown ones). */
    public static String describe(int code) { return Lib.str(Lib.get().ofx_result_str(code)); }
}
