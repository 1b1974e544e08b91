package org.ofxkit;

import java.time.OffsetDateTime;
import java.util.List;

/** The institution's profile (PROFRS) with its message sets and signon realms. */
public record Profile(String fiName, String url, OffsetDateTime dateProfileUp, String address1, String city,
        String state, String postalCode, String country, String csPhone, String email,
        List<MessageSet> messageSets, List<SignonRealm> signonRealms, int element) {

    /** One message set of MSGSETLIST: its tag (e.g. "BANKMSGSET") and URL (null when none). */
    public record MessageSet(String name, String url) {}

    /** One signon realm (SIGNONINFO); lengths -1 when absent. */
    public record SignonRealm(String name, boolean clientUidRequired, boolean mfaChallengeSupported,
            boolean mfaChallengeFirst, boolean authTokenFirst, boolean caseSensitive, int minLength, int maxLength,
            String charType) {}
}
