package org.ofxkit;

import com.sun.jna.Memory;
import java.time.LocalDate;
import java.util.List;

/**
 * What a statement or closing request asks for ({@code ofx_statement_request}). Start from a factory
 * ({@link #bank}, {@link #checking}, {@link #creditCard}, {@link #investment}, {@link #loan}) and chain
 * setters. Defaults: transactions, positions, open orders and balances included; no dates; optional
 * flags unset.
 */
public final class StatementRequest {
    private final String accountType;
    private final String accountId;
    private String bankId, branchId, brokerId, loanType, start, end, positionsAsOf;
    private boolean includeTransactions = true, includePositions = true, includeOpenOrders = true,
            includeBalance = true;
    private Boolean includePending, includeImages;

    private StatementRequest(String accountType, String accountId) {
        this.accountType = accountType;
        this.accountId = accountId;
    }

    /** A bank account: type "checking", "savings", "moneymrkt", "creditline" or "cd". */
    public static StatementRequest bank(String accountType, String bankId, String accountId) {
        StatementRequest r = new StatementRequest(accountType, accountId);
        r.bankId = bankId;
        return r;
    }

    public static StatementRequest checking(String bankId, String accountId) { return bank("checking", bankId, accountId); }

    public static StatementRequest savings(String bankId, String accountId) { return bank("savings", bankId, accountId); }

    public static StatementRequest creditCard(String accountId) { return new StatementRequest("creditcard", accountId); }

    public static StatementRequest investment(String brokerId, String accountId) {
        StatementRequest r = new StatementRequest("investment", accountId);
        r.brokerId = brokerId;
        return r;
    }

    /** A loan; {@code loanType} (MORTGAGE, AUTO, ...) null for the default (MORTGAGE). */
    public static StatementRequest loan(String accountId, String loanType) {
        StatementRequest r = new StatementRequest("loan", accountId);
        r.loanType = loanType;
        return r;
    }

    public StatementRequest branchId(String v) { branchId = v; return this; }
    public StatementRequest start(LocalDate d) { start = d == null ? null : d.toString(); return this; }
    public StatementRequest end(LocalDate d) { end = d == null ? null : d.toString(); return this; }
    /** Start as text: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or an OFX date-time. */
    public StatementRequest start(String s) { start = s; return this; }
    public StatementRequest end(String s) { end = s; return this; }
    public StatementRequest includeTransactions(boolean v) { includeTransactions = v; return this; }
    /** 2.x: pending transactions; null leaves it unset (not sent). */
    public StatementRequest includePending(Boolean v) { includePending = v; return this; }
    /** 2.1.1: image references; null leaves it unset. */
    public StatementRequest includeImages(Boolean v) { includeImages = v; return this; }
    public StatementRequest includePositions(boolean v) { includePositions = v; return this; }
    public StatementRequest positionsAsOf(LocalDate d) { positionsAsOf = d == null ? null : d.toString(); return this; }
    public StatementRequest includeOpenOrders(boolean v) { includeOpenOrders = v; return this; }
    public StatementRequest includeBalance(boolean v) { includeBalance = v; return this; }

    public String accountType() { return accountType; }
    public String accountId() { return accountId; }

    /** The C struct; the strings live in {@code keep}, which the caller holds until the call returned. */
    Lib.StatementRequestS toNative(List<Memory> keep) {
        Lib.StatementRequestS s = new Lib.StatementRequestS();
        Err.check(Lib.get().ofx_statement_request_init(s));
        s.account_type = Spec.c(accountType, keep);
        s.account_id = Spec.c(accountId, keep);
        s.bank_id = Spec.c(bankId, keep);
        s.branch_id = Spec.c(branchId, keep);
        s.broker_id = Spec.c(brokerId, keep);
        s.loan_type = Spec.c(loanType, keep);
        s.start = Spec.c(start, keep);
        s.end = Spec.c(end, keep);
        s.include_transactions = includeTransactions ? 1 : 0;
        s.include_pending = includePending == null ? -1 : includePending ? 1 : 0;
        s.include_images = includeImages == null ? -1 : includeImages ? 1 : 0;
        s.include_positions = includePositions ? 1 : 0;
        s.positions_as_of = Spec.c(positionsAsOf, keep);
        s.include_open_orders = includeOpenOrders ? 1 : 0;
        s.include_balance = includeBalance ? 1 : 0;
        return s;
    }
}
