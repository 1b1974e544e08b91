package org.ofxkit;

import java.time.OffsetDateTime;

/** The signon response (SONRS); {@code statusCode} 0 success, e.g. 15500 refused, -1 absent. */
public record Signon(int statusCode, String severity, String message, OffsetDateTime dtServer, String language,
        String org, String fid, String userKey, String accessKey, String sessCookie) {}
