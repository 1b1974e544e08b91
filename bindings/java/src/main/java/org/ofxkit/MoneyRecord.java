package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A transfer, payment or payee of an answer ({@code ofx_money_record}); null where the answer lacks
 * the value. {@code statusCode} is -1 when absent.
 */
public record MoneyRecord(int kind, String change, String trnuid, int statusCode, String severity, String message,
        String id, boolean interbank, BigDecimal amount, String currency, String fromAccount, String toAccount,
        OffsetDateTime dueDate, OffsetDateTime projectedDate, OffsetDateTime postedDate, String processCode,
        OffsetDateTime processDate, String payeeListId, String payeeName, String payAccount, String checkNumber,
        String memo, boolean inSync) {
    public static final int TRANSFER = 1, PAYMENT = 2, PAYEE = 3;

    static MoneyRecord from(Lib.MoneyRecordS s) {
        return new MoneyRecord(s.kind, Lib.str(s.change), Lib.str(s.trnuid), s.status_code, Lib.str(s.severity),
                Lib.str(s.message), Lib.str(s.id), s.interbank != 0, Values.dec(Lib.str(s.amount)),
                Lib.str(s.currency), Lib.str(s.from_account), Lib.str(s.to_account),
                Values.date(Lib.str(s.due_date)), Values.date(Lib.str(s.projected_date)),
                Values.date(Lib.str(s.posted_date)), Lib.str(s.process_code), Values.date(Lib.str(s.process_date)),
                Lib.str(s.payee_list_id), Lib.str(s.payee_name), Lib.str(s.pay_account), Lib.str(s.check_number),
                Lib.str(s.memo), s.in_sync != 0);
    }
}
