package org.ofxkit;

/** One MFA question; {@code label} null for the spec's built-in ids (MFA101-MFA107). */
public record MfaQuestion(String phraseId, String label) {}
