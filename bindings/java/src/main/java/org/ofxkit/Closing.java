package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One closing record (CLOSING, CCCLOSING, LOANCLOSING). */
public record Closing(StatementKind kind, String accountId, String fitid, OffsetDateTime dateOpen,
        OffsetDateTime dateClose, OffsetDateTime dateNext, BigDecimal balanceOpen, BigDecimal balanceClose,
        OffsetDateTime datePostStart, OffsetDateTime datePostEnd, int element) {}
