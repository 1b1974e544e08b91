package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One open order of an investment statement. */
public record OpenOrder(String type, String fitid, String securityId, String securityIdType,
        OffsetDateTime datePlaced, BigDecimal units, String duration, String restriction, BigDecimal limitPrice,
        BigDecimal stopPrice, String memo, int element) {}
