package org.ofxkit;

import com.sun.jna.Memory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A payment, or a payee to add or change ({@code ofx_payment_spec}). For payees only the payee
 * fields and {@link #payAccount} are used.
 */
public final class PaymentSpec {
    private String fromType, fromAccount, fromBankId, amount, payeeId, payeeListId, payeeName, addr1, addr2, addr3,
            city, state, postalCode, country, phone, payAccount, due, memo;

    public PaymentSpec() {}

    /** The bank account paid from. */
    public PaymentSpec from(String accountType, String account, String bankId) {
        fromType = accountType; fromAccount = account; fromBankId = bankId; return this;
    }
    public PaymentSpec amount(BigDecimal v) { amount = Values.plain(v); return this; }
    public PaymentSpec amount(String exact) { amount = exact; return this; }
    /** A standard payee id (PAYEEID). */
    public PaymentSpec payeeId(String v) { payeeId = v; return this; }
    /** The entry of the user's payee list. */
    public PaymentSpec payeeListId(String v) { payeeListId = v; return this; }
    /** A payee by full address. */
    public PaymentSpec payee(String name, String addr1, String city, String state, String postalCode) {
        payeeName = name; this.addr1 = addr1; this.city = city; this.state = state; this.postalCode = postalCode;
        return this;
    }
    public PaymentSpec payeeName(String v) { payeeName = v; return this; }
    public PaymentSpec payeeAddress2(String v) { addr2 = v; return this; }
    public PaymentSpec payeeAddress3(String v) { addr3 = v; return this; }
    public PaymentSpec payeeCountry(String v) { country = v; return this; }
    public PaymentSpec payeePhone(String v) { phone = v; return this; }
    /** The user's account at the payee (PAYACCT). */
    public PaymentSpec payAccount(String v) { payAccount = v; return this; }
    /** Due date (payments: required). */
    public PaymentSpec due(LocalDate d) { due = d == null ? null : d.toString(); return this; }
    public PaymentSpec memo(String v) { memo = v; return this; }

    Lib.PaymentSpecS toNative(List<Memory> keep) {
        Lib.PaymentSpecS s = new Lib.PaymentSpecS();
        Err.check(Lib.get().ofx_payment_spec_init(s));
        s.from_account_type = Spec.c(fromType, keep);
        s.from_account = Spec.c(fromAccount, keep);
        s.from_bank_id = Spec.c(fromBankId, keep);
        s.amount = Spec.c(amount, keep);
        s.payee_id = Spec.c(payeeId, keep);
        s.payee_list_id = Spec.c(payeeListId, keep);
        s.payee_name = Spec.c(payeeName, keep);
        s.payee_addr1 = Spec.c(addr1, keep);
        s.payee_addr2 = Spec.c(addr2, keep);
        s.payee_addr3 = Spec.c(addr3, keep);
        s.payee_city = Spec.c(city, keep);
        s.payee_state = Spec.c(state, keep);
        s.payee_postal_code = Spec.c(postalCode, keep);
        s.payee_country = Spec.c(country, keep);
        s.payee_phone = Spec.c(phone, keep);
        s.pay_account = Spec.c(payAccount, keep);
        s.due = Spec.c(due, keep);
        s.memo = Spec.c(memo, keep);
        return s;
    }
}
