package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One transaction of a statement (STMTTRN, LOANSTMTTRN or an INVTRANLIST entry). {@code datePosted}
 * carries the UTC offset the document gave (so {@code toLocalDate()} is the institution's day); the
 * other dates are UTC. Amounts are exact.
 */
public record Transaction(String fitid, String type, OffsetDateTime datePosted, OffsetDateTime dateUser,
        OffsetDateTime dateAvail, OffsetDateTime dateSettle, BigDecimal amount, String name, String memo,
        String checkNumber, String refNumber, String payeeId, String sic, String serverTid, String correctFitid,
        String correctAction, String currency, String securityId, String securityIdType, BigDecimal units,
        BigDecimal unitPrice, int element) {}
