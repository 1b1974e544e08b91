package org.ofxkit;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.List;

/** Helpers for the input structs (package-private). */
final class Spec {
    private Spec() {}

    /** A C string kept alive in {@code keep}; NULL for null. */
    static Pointer c(String s, List<Memory> keep) {
        if (s == null) return null;
        Memory m = Lib.cstr(s);
        keep.add(m);
        return m;
    }
}
