package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One security of the SECLIST (STOCKINFO, MFINFO, OPTINFO, DEBTINFO, OTHERINFO). */
public record Security(String type, String id, String idType, String name, String ticker, String fiid,
        BigDecimal unitPrice, OffsetDateTime datePrice, String memo, int element) {}
