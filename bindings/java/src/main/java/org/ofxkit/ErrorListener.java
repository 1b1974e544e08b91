package org.ofxkit;

/** Error callback: once per failed exchange; must not use the same client. */
@FunctionalInterface
public interface ErrorListener {
    void onError(ErrorEvent event);
}
