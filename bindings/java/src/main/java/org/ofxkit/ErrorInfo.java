package org.ofxkit;

/** Details of a client's last failure ({@code ofx_error_info}); code 0 after a success. */
public record ErrorInfo(int code, int httpStatus, String bodyStart) {}
