package org.ofxkit;

import com.sun.jna.Pointer;

/**
 * A request item ({@code ofx_request}) made by one of {@link OfxClient}'s {@code request...} methods:
 * post it with {@link OfxClient#post} or add it to an {@link OfxBatch}. Close it when done.
 */
public final class OfxRequest extends NativeHandle {
    public static final int ACCOUNT_INFO = 1, BANK_STATEMENT = 2, BANK_CLOSING = 3, CREDITCARD_STATEMENT = 4,
            CREDITCARD_CLOSING = 5, INVESTMENT_STATEMENT = 6, LOAN_STATEMENT = 7, LOAN_CLOSING = 8, PROFILE = 9,
            MFA_CHALLENGE = 10, IMAGE = 11;

    OfxRequest(Pointer p) { super("OfxRequest", p, q -> Lib.get().ofx_request_free(q)); }

    /** The TRNUID. */
    public String uid() { return op(p -> Lib.str(Lib.get().ofx_request_uid(p))); }

    /** Sets the TRNUID (1-36 characters): to ask again with the TRNUID of a first attempt whose answer was lost. */
    public OfxRequest setUid(String uid) {
        op(p -> { Err.check(Lib.get().ofx_request_set_uid(p, uid)); return null; });
        return this;
    }

    /** The kind (one of the constants; values beyond them for money requests). */
    public int kind() { return op(p -> Lib.get().ofx_request_kind(p)); }

    /** The kind's name, e.g. "bank_statement". */
    public String kindName() { return kindName(kind()); }

    /** The name of a kind ("" for unknown kinds). */
    public static String kindName(int kind) { return Lib.str(Lib.get().ofx_request_kind_name(kind)); }
}
