package org.ofxkit;

/** A repair or tolerated deviation found while reading (code: 1 header ... 15 suppressed). */
public record Warning(int code, String message, int line, int offset) {}
