package org.ofxkit;

import com.sun.jna.Memory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A transfer to make or change ({@code ofx_transfer_spec}):
 * {@code TransferSpec.from("checking", "1000123456", "077700077").to("savings", "1000654321").amount(new BigDecimal("25.00"))}.
 * A destination without {@link #toBankId} is at the source's bank (intrabank); another bank id makes
 * an interbank transfer.
 */
public final class TransferSpec {
    private final String fromType, fromAccount, fromBankId;
    private String toType, toAccount, toBankId, amount, due;

    private TransferSpec(String type, String account, String bankId) {
        fromType = type; fromAccount = account; fromBankId = bankId;
    }

    /** The source: type ("checking", "savings", ..., "creditcard", "loan"), number, bank id (bank accounts). */
    public static TransferSpec from(String accountType, String account, String bankId) {
        return new TransferSpec(accountType, account, bankId);
    }

    public TransferSpec to(String accountType, String account) { toType = accountType; toAccount = account; return this; }
    public TransferSpec toBankId(String bankId) { toBankId = bankId; return this; }
    /** More than zero; sent exactly as {@link BigDecimal#toPlainString()}. */
    public TransferSpec amount(BigDecimal v) { amount = Values.plain(v); return this; }
    public TransferSpec amount(String exact) { amount = exact; return this; }
    /** The due date; not set means as soon as possible. */
    public TransferSpec due(LocalDate d) { due = d == null ? null : d.toString(); return this; }

    Lib.TransferSpecS toNative(List<Memory> keep) {
        Lib.TransferSpecS s = new Lib.TransferSpecS();
        Err.check(Lib.get().ofx_transfer_spec_init(s));
        s.from_account_type = Spec.c(fromType, keep);
        s.from_account = Spec.c(fromAccount, keep);
        s.from_bank_id = Spec.c(fromBankId, keep);
        s.to_account_type = Spec.c(toType, keep);
        s.to_account = Spec.c(toAccount, keep);
        s.to_bank_id = Spec.c(toBankId, keep);
        s.amount = Spec.c(amount, keep);
        s.due = Spec.c(due, keep);
        return s;
    }
}
