package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One position of an investment statement (POSSTOCK, POSMF, POSOPT, POSDEBT, POSOTHER). */
public record Position(String type, String securityId, String securityIdType, String heldIn, String posType,
        BigDecimal units, BigDecimal unitPrice, BigDecimal marketValue, OffsetDateTime datePrice, String memo,
        int element) {}
