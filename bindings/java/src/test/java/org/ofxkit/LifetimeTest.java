package org.ofxkit;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Handle lifetime: Cleaner safety net, userdata_free releasing callbacks, borrowed responses. */
class LifetimeTest {
    static boolean registered(Object handler) {
        return Callbacks.REGISTRY.containsValue(handler);
    }

    static void gcUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
            System.gc();
            Thread.sleep(10);
        }
    }

    @Test
    void replacingACallbackReleasesTheOldOneAndCloseReleasesTheRest() {
        TlsHandler first = e -> TlsDecision.REJECT;
        TlsHandler second = e -> TlsDecision.ACCEPT;
        ErrorListener errors = e -> { };
        OfxClient c = new OfxClient();
        c.onTls(first).onError(errors);
        assertTrue(registered(first));
        c.onTls(second);
        assertFalse(registered(first), "userdata_free ran for the replaced registration");
        assertTrue(registered(second));
        c.onTls(null);
        assertFalse(registered(second), "removing the callback releases it");
        assertTrue(registered(errors));
        c.close();
        assertFalse(registered(errors), "userdata_free ran when the client was freed");
    }

    @Test
    void aBatchKeepsTheClientsCallbacksAliveUntilItIsFreedToo() {
        ConnectionListener l = e -> { };
        OfxClient c = new OfxClient();
        c.onConnection(l);
        OfxBatch b = c.newBatch();
        c.close();
        assertTrue(registered(l), "the batch still holds the registration");
        b.close();
        assertFalse(registered(l));
    }

    @Test
    void theCleanerFreesAForgottenClient() throws InterruptedException {
        ErrorListener l = e -> { };
        forget(l);
        gcUntil(() -> !registered(l));
        assertFalse(registered(l), "the Cleaner freed the client, whose userdata_free released the listener");
    }

    private static void forget(ErrorListener l) {
        new OfxClient().onError(l); // never closed
    }

    @Test
    void theCleanerFreesForgottenResponses() throws InterruptedException {
        for (int i = 0; i < 200; i++) OfxResponse.readFile(ReadingTest.SAMPLE).statements(); // never closed
        System.gc();
        try (OfxResponse r = OfxResponse.readFile(ReadingTest.SAMPLE)) {
            assertEquals(2, r.statements().size());
        }
    }

    @Test
    void aBorrowedResponseDiesWithItsBatch() {
        Path file = ReadingTest.SAMPLE;
        try (OfxClient c = new OfxClient()) {
            OfxBatch b = c.readBatchFile(file);
            assertEquals(2, b.size());
            OfxResponse r = b.response(1);
            assertEquals("4000123412341234", r.statement(0).accountId());
            r.close(); // does not free what the batch owns
            assertThrows(IllegalStateException.class, r::statements);
            OfxResponse r0 = b.response(0);
            b.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, r0::statements);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            NotFoundException nf = assertThrows(NotFoundException.class, () -> {
                try (OfxBatch b2 = c.readBatchFile(file)) {
                    b2.response(5);
                }
            });
            assertEquals(5, nf.code());
        }
    }
}
