package org.ofxkit;

/** Connection callback; runs on the calling thread during an operation; must not use the same client. */
@FunctionalInterface
public interface ConnectionListener {
    void onConnection(ConnectionEvent event);
}
