package org.ofxkit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Conversions of the library's strings into Java types (package-private). */
final class Values {
    private Values() {}

    /** An exact decimal string as BigDecimal (null for null or empty). */
    static BigDecimal dec(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("ofxkit gave a malformed decimal: '" + s + "'", e);
        }
    }

    /**
     * An ISO 8601 date or date-time of the library ("2024-02-29", "2024-03-01T04:59:59Z", with or
     * without fractions) as an OffsetDateTime; a date alone is midnight UTC of that day (as the C API's
     * {@code date_posted_unix}). Null for null or empty.
     */
    static OffsetDateTime date(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("ofxkit gave a malformed date: '" + s + "'", e);
        }
    }

    /** The string of a decimal for the C API ("25.00"), null for null. */
    static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    static boolean bool(byte b) { return b != 0; }
}
