package org.ofxkit;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * A batch ({@code ofx_batch}, OFXBatch): requests of one client sent under one signon in one post,
 * the answer split per item. Made by {@link OfxClient#newBatch}; close it when done. Responses of
 * items ({@link #response}) are borrowed from the batch: they become invalid (IllegalStateException)
 * when the batch is posted again, cleared, an item added or set, or the batch closed.
 */
public final class OfxBatch extends NativeHandle {
    private long generation; // guarded by this

    OfxBatch(Pointer p) { super("OfxBatch", p, q -> Lib.get().ofx_batch_free(q)); }

    synchronized void checkBorrowed(long gen) {
        if (isClosed()) throw new IllegalStateException("the OfxBatch this response was borrowed from is closed");
        if (gen != generation)
            throw new IllegalStateException(
                    "this batch response is no longer valid: the batch was posted again, cleared or changed");
    }

    private void check(Pointer p, int rc) {
        if (rc != 0) Err.check(rc, Lib.str(Lib.get().ofx_batch_errmsg(p)));
    }

    private synchronized <T> T change(Function<Pointer, T> f) {
        return op(p -> {
            generation++;
            return f.apply(p);
        });
    }

    /** Appends a copy of {@code request} (made for this batch's client); returns its index. */
    public int add(OfxRequest request) {
        return change(p -> request.op(rq -> {
            Lib.SizeTByReference idx = new Lib.SizeTByReference();
            check(p, Lib.get().ofx_batch_add_item(p, rq, idx));
            return (int) idx.value();
        }));
    }

    /** Replaces item {@code index} (or appends when it equals {@link #size()}). */
    public void set(int index, OfxRequest request) {
        change(p -> request.op(rq -> { check(p, Lib.get().ofx_batch_set_item(p, Lib.size(index), rq)); return null; }));
    }

    /** The number of items. */
    public int size() { return op(p -> (int) Lib.get().ofx_batch_item_count(p).longValue()); }

    /** Removes every item. */
    public void clear() { change(p -> { check(p, Lib.get().ofx_batch_clear(p)); return null; }); }

    /**
     * Posts every item in one request. Returns normally when the server answered (each item then has
     * its response or its own error); throws for a transport or request error.
     */
    public void post() {
        change(p -> Callbacks.call(() -> { check(p, Lib.get().ofx_batch_post(p)); return null; }));
    }

    /** The whole document the batch would post ({@code masked} hides secrets). */
    public String requestText(boolean masked) {
        return op(p -> {
            PointerByReference out = new PointerByReference();
            check(p, Lib.get().ofx_batch_request_text(p, masked ? 1 : 0, out));
            return Lib.takeString(out.getValue());
        });
    }

    /** Item {@code index}'s request kind (as {@link OfxRequest#kind}); 0 when out of range. */
    public int requestType(int index) { return op(p -> Lib.get().ofx_batch_item_request_type(p, Lib.size(index))); }

    /** Item {@code index}'s TRNUID (NotFoundException out of range). */
    public String uid(int index) {
        return op(p -> {
            String s = Lib.str(Lib.get().ofx_batch_item_uid(p, Lib.size(index)));
            if (s == null) throw new NotFoundException(OfxResult.NOT_FOUND.code(), "no batch item " + index);
            return s;
        });
    }

    /** The text of item {@code index}'s own transaction request (its …TRNRQ). */
    public String itemRequestText(int index) {
        return op(p -> {
            PointerByReference out = new PointerByReference();
            check(p, Lib.get().ofx_batch_item_request_text(p, Lib.size(index), out));
            return Lib.takeString(out.getValue());
        });
    }

    /**
     * Item {@code index}'s answer, borrowed from the batch (do not keep it past the next post). Throws
     * the item's own error when it has no answer (e.g. OFX_RESULT_NOT_ANSWERED, OFX_RESULT_SIGNON_FAILED).
     */
    public synchronized OfxResponse response(int index) {
        long gen = generation;
        return op(p -> {
            PointerByReference out = new PointerByReference();
            int rc = Lib.get().ofx_batch_item_response(p, Lib.size(index), out);
            if (rc != 0) {
                int item = Lib.get().ofx_batch_item_error(p, Lib.size(index));
                String msg = Lib.str(Lib.get().ofx_batch_item_error_message(p, Lib.size(index)));
                if (item != 0 && item != OfxResult.NOT_FOUND.code() && msg != null) throw OfxException.of(item, msg);
                check(p, rc);
            }
            return new OfxResponse(out.getValue(), this, gen);
        });
    }

    /** Item {@code index}'s outcome code (0 when answered; see {@link OfxResult}). */
    public int itemResult(int index) { return op(p -> Lib.get().ofx_batch_item_error(p, Lib.size(index))); }

    /** Item {@code index}'s error message ("" when answered). */
    public String itemErrorMessage(int index) {
        return op(p -> {
            String s = Lib.str(Lib.get().ofx_batch_item_error_message(p, Lib.size(index)));
            return s == null ? "" : s;
        });
    }

    /** Item {@code index}'s error as an exception, empty when the server answered it. */
    public Optional<OfxException> itemError(int index) {
        return op(p -> {
            int rc = Lib.get().ofx_batch_item_error(p, Lib.size(index));
            if (rc == 0) return Optional.<OfxException>empty();
            String s = Lib.str(Lib.get().ofx_batch_item_error_message(p, Lib.size(index)));
            return Optional.of(OfxException.of(rc, s == null ? "" : s));
        });
    }

    /** Writes the last post's whole answer to {@code path} as OFX. */
    public void writeFile(Path path) {
        op(p -> { check(p, Lib.get().ofx_batch_write_file(p, path.toString())); return null; });
    }

    /** The message of the batch's last failed call ("" after a success). */
    public String errorMessage() { return op(p -> Lib.str(Lib.get().ofx_batch_errmsg(p))); }

    /** This batch's connection callback (replacing the one copied from the client; null removes it). */
    public OfxBatch onConnection(ConnectionListener l) {
        op(p -> { check(p, Lib.get().ofx_batch_set_connection_callback(p, l == null ? null : Callbacks.CONNECTION,
                l == null ? null : Callbacks.register(l), l == null ? null : Callbacks.FREE)); return null; });
        return this;
    }

    /** This batch's TLS callback (null removes it). */
    public OfxBatch onTls(TlsHandler h) {
        op(p -> { check(p, Lib.get().ofx_batch_set_tls_callback(p, h == null ? null : Callbacks.TLS,
                h == null ? null : Callbacks.register(h), h == null ? null : Callbacks.FREE)); return null; });
        return this;
    }

    /** This batch's error callback (null removes it). */
    public OfxBatch onError(ErrorListener l) {
        op(p -> { check(p, Lib.get().ofx_batch_set_error_callback(p, l == null ? null : Callbacks.ERROR,
                l == null ? null : Callbacks.register(l), l == null ? null : Callbacks.FREE)); return null; });
        return this;
    }

    /** Closes the batch; every response borrowed from it becomes invalid. */
    @Override public synchronized void close() {
        super.close();
        generation++;
    }
}
