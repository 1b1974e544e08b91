package org.ofxkit;

/** The kind of a statement or closing ({@code OFX_STATEMENT_*}). */
public enum StatementKind {
    BANK(1), CREDIT_CARD(2), INVESTMENT(3), LOAN(4);

    private final int value;

    StatementKind(int value) { this.value = value; }

    public int value() { return value; }

    static StatementKind of(int v) {
        for (StatementKind k : values()) if (k.value == v) return k;
        throw new IllegalStateException("ofxkit gave an unknown statement kind " + v);
    }
}
