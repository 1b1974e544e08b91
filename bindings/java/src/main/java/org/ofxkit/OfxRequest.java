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
    /**
     * Money request kinds. ofx.h documents only 1-11 for {@code ofx_request_kind}; these are the values
     * the library returns (and names with {@code ofx_request_kind_name}) for the money requests.
     */
    public static final int TRANSFER = 12, TRANSFER_MODIFY = 13, TRANSFER_CANCEL = 14, INTERBANK_TRANSFER = 15,
            INTERBANK_MODIFY = 16, INTERBANK_CANCEL = 17, TRANSFER_SYNC = 18, INTERBANK_SYNC = 19, PAYMENT = 20,
            PAYMENT_MODIFY = 21, PAYMENT_CANCEL = 22, PAYMENT_STATUS = 23, PAYEE_ADD = 24, PAYEE_MODIFY = 25,
            PAYEE_DELETE = 26, PAYEE_SYNC = 27, PAYMENT_SYNC = 28;

    OfxRequest(Pointer p) { super("OfxRequest", p, q -> Lib.get().ofx_request_free(q)); }

    /** The TRNUID. */
    public String uid() { return op(p -> Lib.str(Lib.get().ofx_request_uid(p))); }

    /** Sets the TRNUID (1-36 characters): to ask again with the TRNUID of a first attempt whose answer was lost. */
    public OfxRequest setUid(String uid) {
        op(p -> { Err.check(Lib.get().ofx_request_set_uid(p, uid)); return null; });
        return this;
    }

    /** The kind (one of the constants). */
    public int kind() { return op(p -> Lib.get().ofx_request_kind(p)); }

    /** The kind's name, e.g. "bank_statement". */
    public String kindName() { return kindName(kind()); }

    /** The name of a kind ("" for unknown kinds). */
    public static String kindName(int kind) { return Lib.str(Lib.get().ofx_request_kind_name(kind)); }
}
