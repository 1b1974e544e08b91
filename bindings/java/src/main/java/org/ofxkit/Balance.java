package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One BALLIST entry; {@code value} as written (DOLLAR, PERCENT or NUMBER per {@code type}). */
public record Balance(String name, String desc, String type, String value, OffsetDateTime date) {
    /** The value as a decimal (throws NumberFormatException when the document wrote something else). */
    public BigDecimal decimalValue() { return value == null ? null : new BigDecimal(value); }
}
