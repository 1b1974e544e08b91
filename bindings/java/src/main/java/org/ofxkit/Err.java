package org.ofxkit;

/** Error checks (package-private). */
final class Err {
    private Err() {}

    /** The calling thread's last error message (read right after the failing call, on its thread). */
    static String last() { return Lib.str(Lib.get().ofx_last_error_message()); }

    /** Throws for a non-zero code, with the thread's last error message. */
    static void check(int rc) {
        if (rc != 0) throw OfxException.of(rc, last());
    }

    /** Throws for a non-zero code, with the handle's message (or the thread's when the handle has none). */
    static void check(int rc, String handleMessage) {
        if (rc != 0) {
            String m = handleMessage == null || handleMessage.isEmpty() ? last() : handleMessage;
            throw OfxException.of(rc, m);
        }
    }
}
