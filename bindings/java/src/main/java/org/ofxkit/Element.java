package org.ofxkit;

import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An element of a response's tree (an id inside its response; valid while the response is open). */
public final class Element {
    private final OfxResponse response;
    private final int id;

    Element(OfxResponse response, int id) { this.response = response; this.id = id; }

    /** The element id (as in the views' {@code element} fields). */
    public int id() { return id; }

    /** The element's name, e.g. "STMTTRN". */
    public String name() { return response.read(p -> Lib.str(Lib.get().ofx_element_name(p, id))); }

    /** The value of a leaf (trimmed, entities decoded); null for an aggregate. */
    public String text() { return response.read(p -> Lib.str(Lib.get().ofx_element_text(p, id))); }

    /** The byte offset of its start tag in the decoded document (0 when unknown). */
    public long offset() { return response.read(p -> Lib.get().ofx_element_offset(p, id).longValue()); }

    /** The child elements in document order. */
    public List<Element> children() {
        return response.read(p -> {
            long n = Lib.get().ofx_element_child_count(p, id).longValue();
            List<Element> out = new ArrayList<>();
            IntByReference r = new IntByReference();
            for (long i = 0; i < n; i++) {
                Err.check(Lib.get().ofx_element_child(p, id, Lib.size(i), r));
                out.add(new Element(response, r.getValue()));
            }
            return out;
        });
    }

    /** The element at {@code path} below this one (e.g. "LEDGERBAL/BALAMT", "STMTTRN[2]"), if any. */
    public Optional<Element> find(String path) {
        return response.read(p -> {
            IntByReference r = new IntByReference();
            int rc = Lib.get().ofx_element_find(p, id, path, r);
            if (rc == OfxResult.NOT_FOUND.code()) return Optional.<Element>empty();
            Err.check(rc);
            return Optional.of(new Element(response, r.getValue()));
        });
    }

    @Override public String toString() { return "Element(" + id + ")"; }
}
