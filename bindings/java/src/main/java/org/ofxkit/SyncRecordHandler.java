package org.ofxkit;

/**
 * Per-record callback of a sync: return true to go on, false to stop (the sync then fails with
 * {@link CallbackStoppedException} and hands out no token). An exception stops the sync too and is
 * rethrown from the sync call.
 */
@FunctionalInterface
public interface SyncRecordHandler {
    boolean onRecord(MoneyRecord record);
}
