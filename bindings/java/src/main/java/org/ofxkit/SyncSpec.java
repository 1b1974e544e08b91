package org.ofxkit;

import com.sun.jna.Memory;
import java.util.List;

/**
 * What to synchronize ({@code ofx_sync_spec}): an account for transfer and payment syncs
 * ({@link #account}), none for payee syncs ({@link #payees}); the token defaults to "0" (the full
 * history); "REFRESH" asks for the current state only.
 */
public final class SyncSpec {
    private final String accountType, account, bankId;
    private String token = "0";
    private boolean rejectIfMissing, interbank;

    private SyncSpec(String accountType, String account, String bankId) {
        this.accountType = accountType; this.account = account; this.bankId = bankId;
    }

    public static SyncSpec account(String accountType, String account, String bankId) {
        return new SyncSpec(accountType, account, bankId);
    }

    public static SyncSpec payees() { return new SyncSpec(null, null, null); }

    public SyncSpec token(String t) { token = t == null ? "0" : t; return this; }
    public SyncSpec rejectIfMissing(boolean v) { rejectIfMissing = v; return this; }
    /** Transfer syncs: interbank transfers (INTERSYNCRQ) instead of intrabank. */
    public SyncSpec interbank(boolean v) { interbank = v; return this; }

    Lib.SyncSpecS toNative(List<Memory> keep) {
        Lib.SyncSpecS s = new Lib.SyncSpecS();
        Err.check(Lib.get().ofx_sync_spec_init(s));
        s.account_type = Spec.c(accountType, keep);
        s.account = Spec.c(account, keep);
        s.bank_id = Spec.c(bankId, keep);
        s.token = Spec.c(token, keep);
        s.reject_if_missing = rejectIfMissing ? 1 : 0;
        s.interbank = interbank ? 1 : 0;
        return s;
    }
}
