package org.ofxkit;

/** The STATUS of one transaction wrapper (…TRNRS); {@code code} 0 success, -1 absent. */
public record TrnStatus(String type, String trnuid, int code, String severity, String message) {}
