package org.ofxkit;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An OFX client ({@code ofx_client}): one FI, one user, kept connections. Configure it, register
 * callbacks, run operations; close it when done (credentials are wiped then).
 *
 * <p>Calls on one client are serialized (the C API allows one thread at a time). Callbacks run on
 * the calling thread during the operation; they must not call this client (doing so throws
 * IllegalStateException). An exception thrown by a callback is caught before it reaches C, the
 * library gets a safe answer (TLS: reject; sync: stop), and the exception is rethrown by the
 * operation once the native call returned (the operation's own OfxException, if any, is attached as
 * suppressed).
 *
 * <p>Failures throw {@link OfxException} subclasses carrying the code and the client's message.
 */
public final class OfxClient extends NativeHandle {

    public OfxClient() { super("OfxClient", create(), q -> Lib.get().ofx_client_free(q)); }

    private static Pointer create() {
        PointerByReference out = new PointerByReference();
        Err.check(Lib.get().ofx_client_new(out));
        return out.getValue();
    }

    /** Throws for a non-zero code with the client's message (and HTTP details for OFX_RESULT_HTTP_STATUS). */
    static void check(Pointer p, int rc) {
        if (rc == 0) return;
        String m = Lib.str(Lib.get().ofx_client_errmsg(p));
        if (m == null || m.isEmpty()) m = Err.last();
        if (rc == OfxResult.HTTP_STATUS.code()) {
            Lib.ErrorInfoS info = new Lib.ErrorInfoS();
            if (Lib.get().ofx_client_error_info(p, info) == 0)
                throw new HttpStatusException(rc, m, info.http_status & 0xffff, Lib.str(info.body_start));
        }
        throw OfxException.of(rc, m);
    }

    private void simple(Function<Pointer, Integer> f) {
        op(p -> { check(p, f.apply(p)); return null; });
    }

    // ---------------------------------------------------------------- configuration
    /** Sets one configuration key ("url", "org", "fid", "version", "ca_file", "timeout_ms", ...); "" clears it. */
    public OfxClient set(String key, String value) {
        simple(p -> Lib.get().ofx_client_set(p, key, value));
        return this;
    }

    /** Reads a non-secret setting or what the server gave ("access_key", "url", "version", ...). */
    public Optional<String> get(String key) {
        return op(p -> {
            PointerByReference out = new PointerByReference();
            int rc = Lib.get().ofx_client_get(p, key, out);
            if (rc == OfxResult.NOT_FOUND.code()) return Optional.<String>empty();
            check(p, rc);
            return Optional.of(Lib.takeString(out.getValue()));
        });
    }

    /** Applies a quirk profile given as {@code key=value} lines (all or nothing). */
    public OfxClient loadProfile(String text) {
        simple(p -> Lib.get().ofx_client_load_profile(p, text));
        return this;
    }

    /** The FI's URL, ORG and FID ({@code fid} may be null). */
    public OfxClient setFi(String url, String org, String fid) {
        simple(p -> Lib.get().ofx_client_set_fi(p, url, org, fid));
        return this;
    }

    /** USERID and USERPASS (wiped from native memory when replaced or when the client is closed). */
    public OfxClient setCredentials(String userId, String password) {
        simple(p -> Lib.get().ofx_client_set_credentials(p, userId, password));
        return this;
    }

    /** Also trusts these PEM CA certificates. */
    public OfxClient addCaPem(String pem) {
        byte[] b = pem.getBytes(StandardCharsets.UTF_8);
        simple(p -> Lib.get().ofx_client_add_ca_pem(p, b, Lib.size(b.length)));
        return this;
    }

    /** The client certificate as a PKCS#12 archive (null to remove it). */
    public OfxClient setClientCert(byte[] p12, String password) {
        simple(p -> Lib.get().ofx_client_set_client_cert(p, p12, Lib.size(p12 == null ? 0 : p12.length), password));
        return this;
    }

    /** The message of the last failed call ("" after a success). */
    public String errorMessage() { return op(p -> Lib.str(Lib.get().ofx_client_errmsg(p))); }

    /** Details of the last failure. */
    public ErrorInfo errorInfo() {
        return op(p -> {
            Lib.ErrorInfoS s = new Lib.ErrorInfoS();
            Err.check(Lib.get().ofx_client_error_info(p, s));
            return new ErrorInfo(s.code, s.http_status & 0xffff, Lib.str(s.body_start));
        });
    }

    // ---------------------------------------------------------------- callbacks
    /** The connection callback (null removes it). */
    public OfxClient onConnection(ConnectionListener l) {
        simple(p -> Lib.get().ofx_client_set_connection_callback(p, l == null ? null : Callbacks.CONNECTION,
                l == null ? null : Callbacks.register(l), l == null ? null : Callbacks.FREE));
        return this;
    }

    /** The TLS callback (null removes it): status events and the server-certificate decision. */
    public OfxClient onTls(TlsHandler h) {
        simple(p -> Lib.get().ofx_client_set_tls_callback(p, h == null ? null : Callbacks.TLS,
                h == null ? null : Callbacks.register(h), h == null ? null : Callbacks.FREE));
        return this;
    }

    /** The error callback (null removes it): once per failed exchange. */
    public OfxClient onError(ErrorListener l) {
        simple(p -> Lib.get().ofx_client_set_error_callback(p, l == null ? null : Callbacks.ERROR,
                l == null ? null : Callbacks.register(l), l == null ? null : Callbacks.FREE));
        return this;
    }

    // ---------------------------------------------------------------- operations
    private OfxResponse exchange(BiFunction<Pointer, PointerByReference, Integer> f) {
        return op(p -> Callbacks.call(() -> {
            PointerByReference out = new PointerByReference();
            check(p, f.apply(p, out));
            return new OfxResponse(out.getValue());
        }));
    }

    /** Downloads the account list (all accounts). */
    public OfxResponse accountInfo() { return accountInfo(null); }

    /** Downloads the accounts changed since {@code since} (null: all). */
    public OfxResponse accountInfo(String since) {
        return exchange((p, out) -> Lib.get().ofx_client_account_info(p, since, out));
    }

    /** Downloads a statement. */
    public OfxResponse statement(StatementRequest rq) {
        List<Memory> keep = new ArrayList<>();
        try {
            return exchange((p, out) -> Lib.get().ofx_client_statement(p, rq.toNative(keep), out));
        } finally {
            Reference.reachabilityFence(keep);
        }
    }

    /** Downloads closing information. */
    public OfxResponse closing(StatementRequest rq) {
        List<Memory> keep = new ArrayList<>();
        try {
            return exchange((p, out) -> Lib.get().ofx_client_closing(p, rq.toNative(keep), out));
        } finally {
            Reference.reachabilityFence(keep);
        }
    }

    /** Downloads the FI profile. */
    public OfxResponse profile() { return profile(null); }

    /** Downloads the FI profile if newer than {@code since} (null: the whole profile). */
    public OfxResponse profile(String since) {
        return exchange((p, out) -> Lib.get().ofx_client_profile(p, since, out));
    }

    /** Asks for the MFA questions (read them with {@link OfxResponse#mfaQuestions}). */
    public OfxResponse mfaChallenge() { return exchange((p, out) -> Lib.get().ofx_client_mfa_challenge(p, out)); }

    /** Answers one MFA question; the answers go with the next signon. */
    public OfxClient setMfaAnswer(String phraseId, String answer) {
        simple(p -> Lib.get().ofx_client_set_mfa_answer(p, phraseId, answer));
        return this;
    }

    /** Downloads an image by IMAGEREF and IMAGEREFTYPE ({@link Image#OPAQUE}, {@link Image#URL}, {@link Image#FORMURL}). */
    public Image image(int refType, String imageRef) {
        return op(p -> Callbacks.call(() -> {
            PointerByReference out = new PointerByReference();
            check(p, Lib.get().ofx_client_get_image(p, refType, imageRef, out));
            Pointer img = out.getValue();
            try {
                PointerByReference data = new PointerByReference();
                Lib.SizeTByReference len = new Lib.SizeTByReference();
                Err.check(Lib.get().ofx_image_data(img, data, len));
                byte[] bytes = len.value() == 0 ? new byte[0] : data.getValue().getByteArray(0, (int) len.value());
                return new Image(Lib.str(Lib.get().ofx_image_content_type(img)), bytes);
            } finally {
                Lib.get().ofx_image_free(img);
            }
        }));
    }

    /** Posts one request under the client's signon (also when the server refused: read its statuses). */
    public OfxResponse post(OfxRequest request) {
        return op(p -> request.op(rq -> Callbacks.call(() -> {
            PointerByReference out = new PointerByReference();
            check(p, Lib.get().ofx_client_post(p, rq, out));
            return new OfxResponse(out.getValue());
        })));
    }

    /** The whole request document this client would post for {@code request}; {@code masked} hides secrets. */
    public String requestText(OfxRequest request, boolean masked) {
        return op(p -> request.op(rq -> {
            PointerByReference out = new PointerByReference();
            check(p, Lib.get().ofx_request_text(p, rq, masked ? 1 : 0, out));
            return Lib.takeString(out.getValue());
        }));
    }

    // ---------------------------------------------------------------- request items
    private OfxRequest make(BiFunction<Pointer, PointerByReference, Integer> f) {
        return op(p -> {
            PointerByReference out = new PointerByReference();
            Err.check(f.apply(p, out));
            return new OfxRequest(out.getValue());
        });
    }

    private interface Filler<S> { S fill(List<Memory> keep); }

    private <S> OfxRequest makeWith(Filler<S> spec, Make<S> f) {
        List<Memory> keep = new ArrayList<>();
        try {
            S s = spec.fill(keep);
            return make((p, out) -> f.run(p, s, out));
        } finally {
            Reference.reachabilityFence(keep);
        }
    }

    private interface Make<S> { int run(Pointer client, S spec, PointerByReference out); }

    public OfxRequest requestStatement(StatementRequest rq) {
        return makeWith(rq::toNative, (p, s, out) -> Lib.get().ofx_request_statement(p, s, out));
    }

    public OfxRequest requestClosing(StatementRequest rq) {
        return makeWith(rq::toNative, (p, s, out) -> Lib.get().ofx_request_closing(p, s, out));
    }

    public OfxRequest requestAccountInfo(String since) {
        return make((p, out) -> Lib.get().ofx_request_account_info(p, since, out));
    }

    public OfxRequest requestProfile(String since) {
        return make((p, out) -> Lib.get().ofx_request_profile(p, since, out));
    }

    public OfxRequest requestMfaChallenge() { return make((p, out) -> Lib.get().ofx_request_mfa_challenge(p, out)); }

    /** A new transfer (INTRARQ, or INTERRQ when the destination names another bank). */
    public OfxRequest requestTransfer(TransferSpec spec) {
        return makeWith(spec::toNative, (p, s, out) -> Lib.get().ofx_request_transfer(p, s, out));
    }

    public OfxRequest requestTransferModify(String transferId, TransferSpec spec) {
        return makeWith(spec::toNative, (p, s, out) -> Lib.get().ofx_request_transfer_modify(p, transferId, s, out));
    }

    public OfxRequest requestTransferCancel(String transferId, boolean interbank) {
        return make((p, out) -> Lib.get().ofx_request_transfer_cancel(p, transferId, interbank ? 1 : 0, out));
    }

    /** A transfer sync as a request item (for batches); {@link #syncTransfers} runs one with a callback. */
    public OfxRequest requestTransferSync(SyncSpec spec) {
        return makeWith(spec::toNative, (p, s, out) -> Lib.get().ofx_request_transfer_sync(p, s, out));
    }

    public OfxRequest requestPayment(PaymentSpec spec) {
        return makeWith(spec::toNative, (p, s, out) -> Lib.get().ofx_request_payment(p, s, out));
    }

    public OfxRequest requestPaymentModify(String paymentId, PaymentSpec spec) {
        return makeWith(spec::toNative, (p, s, out) -> Lib.get().ofx_request_payment_modify(p, paymentId, s, out));
    }

    public OfxRequest requestPaymentCancel(String paymentId) {
        return make((p, out) -> Lib.get().ofx_request_payment_cancel(p, paymentId, out));
    }

    public OfxRequest requestPaymentStatus(String paymentId) {
        return make((p, out) -> Lib.get().ofx_request_payment_status(p, paymentId, out));
    }

    public OfxRequest requestPayeeAdd(PaymentSpec spec) {
        return makeWith(spec::toNative, (p, s, out) -> Lib.get().ofx_request_payee_add(p, s, out));
    }

    public OfxRequest requestPayeeModify(String payeeListId, PaymentSpec spec) {
        return makeWith(spec::toNative, (p, s, out) -> Lib.get().ofx_request_payee_modify(p, payeeListId, s, out));
    }

    public OfxRequest requestPayeeDelete(String payeeListId) {
        return make((p, out) -> Lib.get().ofx_request_payee_delete(p, payeeListId, out));
    }

    // ---------------------------------------------------------------- money shortcuts and syncs
    /** Makes and posts a transfer; throws {@link RefusedException} when the server refused it. */
    public OfxResponse transfer(TransferSpec spec) {
        try (OfxRequest rq = requestTransfer(spec)) {
            OfxResponse r = post(rq);
            try {
                return r.check();
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }
    }

    private interface SyncCall {
        int run(Pointer client, Lib.SyncSpecS spec, Lib.SyncRecordCallback cb, Pointer ud, PointerByReference token,
                IntByReference lost, PointerByReference out);
    }

    private SyncResult sync(SyncSpec spec, SyncRecordHandler handler, SyncCall call) {
        List<Memory> keep = new ArrayList<>();
        Lib.SyncSpecS s = spec.toNative(keep);
        try {
            return op(p -> Callbacks.call(() -> {
                Pointer ud = handler == null ? null : Callbacks.register(handler);
                try {
                    PointerByReference token = new PointerByReference();
                    PointerByReference out = new PointerByReference();
                    IntByReference lost = new IntByReference();
                    check(p, call.run(p, s, handler == null ? null : Callbacks.SYNC, ud, token, lost, out));
                    OfxResponse r = new OfxResponse(out.getValue());
                    return new SyncResult(Lib.takeString(token.getValue()), lost.getValue() != 0, r);
                } finally {
                    Callbacks.unregister(ud);
                }
            }));
        } finally {
            Reference.reachabilityFence(keep);
        }
    }

    /**
     * Synchronizes an account's transfers from {@code spec}'s token; {@code handler} (may be null) sees
     * every record. The new token is handed out only when every record was read and every handler call
     * returned true.
     */
    public SyncResult syncTransfers(SyncSpec spec, SyncRecordHandler handler) {
        return sync(spec, handler, (p, s, cb, ud, t, l, o) -> Lib.get().ofx_client_sync_transfers(p, s, cb, ud, t, l, o));
    }

    /** Synchronizes a bank account's payments (as {@link #syncTransfers}). */
    public SyncResult syncPayments(SyncSpec spec, SyncRecordHandler handler) {
        return sync(spec, handler, (p, s, cb, ud, t, l, o) -> Lib.get().ofx_client_sync_payments(p, s, cb, ud, t, l, o));
    }

    /** Synchronizes the payee list (as {@link #syncTransfers}; the spec's account is not used). */
    public SyncResult syncPayees(SyncSpec spec, SyncRecordHandler handler) {
        return sync(spec, handler, (p, s, cb, ud, t, l, o) -> Lib.get().ofx_client_sync_payees(p, s, cb, ud, t, l, o));
    }

    // ---------------------------------------------------------------- batches
    /** A new, empty batch of this client (a copy of its FI, credentials, settings and callbacks). */
    public OfxBatch newBatch() {
        return op(p -> {
            PointerByReference out = new PointerByReference();
            check(p, Lib.get().ofx_batch_new(p, out));
            return new OfxBatch(out.getValue());
        });
    }

    /** Reads a batch's answer from a data file (as {@link OfxBatch#writeFile} writes it), for this client. */
    public OfxBatch readBatchFile(Path path) {
        return op(p -> {
            PointerByReference out = new PointerByReference();
            Err.check(Lib.get().ofx_batch_read_file(p, path.toString(), out));
            return new OfxBatch(out.getValue());
        });
    }
}
