package org.ofxkit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One statement (bank, credit card, investment or loan) with its transactions, positions, balances
 * and open orders, copied out of the response (valid after it is closed). Null where the document
 * lacks the value; dates in UTC; {@code statusCode} -1 when absent.
 */
public record Statement(int index, StatementKind kind, String accountId, String bankId, String branchId,
        String accountType, String brokerId, String currency, OffsetDateTime start, OffsetDateTime end,
        OffsetDateTime dateAsOf, BigDecimal ledgerBalance, OffsetDateTime ledgerBalanceDate,
        BigDecimal availableBalance, OffsetDateTime availableBalanceDate, String trnuid, int statusCode,
        String statusSeverity, String statusMessage, List<Transaction> transactions, List<Position> positions,
        List<Balance> balances, List<OpenOrder> openOrders, int element) {

    /** The sum of the transactions' amounts (those that have one). */
    public BigDecimal transactionTotal() {
        BigDecimal t = BigDecimal.ZERO;
        for (Transaction x : transactions) if (x.amount() != null) t = t.add(x.amount());
        return t;
    }
}
