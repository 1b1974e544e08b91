package org.ofxkit;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The client against the sandbox FI over real HTTPS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxTest {
    Sandbox sandbox;

    @BeforeAll
    void start() throws Exception { sandbox = Sandbox.start(); }

    @AfterAll
    void stop() throws Exception { if (sandbox != null) sandbox.close(); }

    static StatementRequest checkingQ1() {
        return StatementRequest.checking(Sandbox.BANK_ID, Sandbox.CHECKING)
                .start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 3, 31));
    }

    @Test
    void statementWithTheTlsCallbackAcceptingTheCertificate() {
        List<TlsEvent> tls = new ArrayList<>();
        List<ConnectionEvent> conn = new ArrayList<>();
        try (OfxClient c = sandbox.client(false)) { // no CA: only the callback can make it trusted
            c.onTls(e -> {
                tls.add(e);
                return e.isServerCertificate() ? TlsDecision.ACCEPT : TlsDecision.LIBRARY_VERDICT;
            });
            c.onConnection(conn::add);
            try (OfxResponse r = c.statement(checkingQ1())) {
                TlsEvent cert = tls.stream().filter(TlsEvent::isServerCertificate).findFirst().orElseThrow();
                assertTrue(cert.subject().contains("ofxkit sandbox"), cert.subject());
                assertTrue(cert.issuer().contains("ofxkit sandbox"), cert.issuer());
                assertFalse(cert.trusted(), "the system store does not trust the sandbox");
                assertFalse(cert.reason().isEmpty());
                assertEquals("localhost", cert.host());
                assertEquals(sandbox.port, cert.port());
                assertTrue(cert.certDer().length > 100);
                assertTrue(cert.certPem().startsWith("-----BEGIN CERTIFICATE-----"));
                assertTrue(tls.stream().anyMatch(e -> e.kind() == TlsEvent.ACCEPTED_BY_CALLBACK));
                assertTrue(conn.stream().anyMatch(e -> e.state() == ConnectionEvent.RESPONSE_RECEIVED));

                assertEquals(0, r.signon().orElseThrow().statusCode());
                Statement s = r.statement(0);
                assertEquals(StatementKind.BANK, s.kind());
                assertEquals(Sandbox.CHECKING, s.accountId());
                assertEquals(Sandbox.BANK_ID, s.bankId());
                assertTrue(s.transactions().size() > 0);
                assertNotNull(s.ledgerBalance());
                for (Transaction t : s.transactions()) {
                    assertNotNull(t.fitid());
                    assertNotNull(t.amount());
                    LocalDate d = t.datePosted().toLocalDate();
                    assertFalse(d.isBefore(LocalDate.of(2023, 12, 31)) || d.isAfter(LocalDate.of(2024, 4, 1)), d.toString());
                }
            }
        }
    }

    @Test
    void untrustedCertificateWithoutCallbackIsTheCertificateError() {
        List<ErrorEvent> errors = new ArrayList<>();
        try (OfxClient c = sandbox.client(false)) {
            c.onError(errors::add);
            CertificateException e = assertThrows(CertificateException.class, () -> c.statement(checkingQ1()));
            assertEquals(207, e.code());
            assertEquals("OFX_RESULT_CERTIFICATE", e.codeName());
            assertFalse(e.detail().isEmpty());
            assertEquals(e.detail(), c.errorMessage());
            assertEquals(207, c.errorInfo().code());
            assertEquals(1, errors.size());
            assertEquals(207, errors.get(0).code());
        }
    }

    @Test
    void batchOfStatementsAndProfile() {
        try (OfxClient c = sandbox.client(true);
                OfxRequest bank = c.requestStatement(checkingQ1());
                OfxRequest card = c.requestStatement(StatementRequest.creditCard(Sandbox.CARD)
                        .start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 6, 30)));
                OfxRequest prof = c.requestProfile(null);
                OfxBatch b = c.newBatch()) {
            assertEquals(0, b.add(bank));
            assertEquals(1, b.add(card));
            assertEquals(2, b.add(prof));
            assertEquals(3, b.size());
            assertEquals(bank.uid(), b.uid(0));
            assertEquals(OfxRequest.PROFILE, b.requestType(2));
            assertTrue(b.requestText(true).contains("<PROFRQ>"));
            assertEquals(OfxResult.NOT_POSTED.code(), b.itemResult(0));

            b.post();
            for (int i = 0; i < 3; i++) assertTrue(b.itemError(i).isEmpty(), "item " + i + ": " + b.itemErrorMessage(i));

            OfxResponse r0 = b.response(0);
            Statement s0 = r0.statement(0);
            assertEquals(Sandbox.CHECKING, s0.accountId());
            assertTrue(s0.transactions().size() > 0);
            assertEquals(bank.uid(), s0.trnuid());

            Statement s1 = b.response(1).statement(0);
            assertEquals(StatementKind.CREDIT_CARD, s1.kind());
            assertEquals(Sandbox.CARD, s1.accountId());
            assertTrue(s1.transactions().size() > 0);

            Profile p = b.response(2).profile().orElseThrow();
            assertNotNull(p.fiName());
            assertFalse(p.messageSets().isEmpty());
            assertTrue(p.messageSets().stream().anyMatch(m -> m.name().equals("BANKMSGSET")));

            b.post(); // a new post invalidates the responses borrowed before
            IllegalStateException e = assertThrows(IllegalStateException.class, r0::statements);
            assertTrue(e.getMessage().contains("no longer valid"), e.getMessage());
            assertEquals(Sandbox.CHECKING, b.response(0).statement(0).accountId());
        }
    }

    @Test
    void transferThenTransferSyncFromZero() {
        try (OfxClient c = sandbox.client(true)) {
            c.set("version", "220");
            String transferId;
            try (OfxResponse r = c.transfer(TransferSpec.from("checking", Sandbox.CHECKING, Sandbox.BANK_ID)
                    .to("savings", Sandbox.SAVINGS).amount(new BigDecimal("25.00")))) {
                List<MoneyRecord> recs = r.moneyRecords();
                assertEquals(1, recs.size());
                MoneyRecord t = recs.get(0);
                assertEquals(MoneyRecord.TRANSFER, t.kind());
                assertEquals(0, t.statusCode());
                assertNotNull(t.id());
                assertFalse(t.id().isEmpty());
                assertEquals(new BigDecimal("25.00"), t.amount());
                transferId = t.id();
            }
            List<MoneyRecord> seen = new ArrayList<>();
            try (SyncResult s = c.syncTransfers(
                    SyncSpec.account("checking", Sandbox.CHECKING, Sandbox.BANK_ID).token("0"), rec -> {
                        seen.add(rec);
                        return true;
                    })) {
                assertNotNull(s.newToken());
                assertFalse(s.newToken().isEmpty());
                assertFalse(seen.isEmpty());
                assertTrue(seen.stream().anyMatch(m -> transferId.equals(m.id())), "the sync saw transfer " + transferId);
                assertTrue(seen.stream().allMatch(MoneyRecord::inSync));
                assertEquals(seen.size(), s.response().moneyRecords().size());
            }
        }
    }

    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;
        Boom(String m) { super(m); }
    }

    @Test
    void exceptionInACallbackSurfacesAfterTheNativeCall() {
        try (OfxClient c = sandbox.client(false)) {
            Boom boom = new Boom("the TLS handler failed");
            c.onTls(e -> {
                if (e.isServerCertificate()) throw boom;
                return TlsDecision.LIBRARY_VERDICT;
            });
            Boom thrown = assertThrows(Boom.class, () -> c.statement(checkingQ1()));
            assertSame(boom, thrown);
            // the trampoline rejected the certificate: the call's own error rides along
            assertEquals(1, thrown.getSuppressed().length);
            assertEquals(207, ((OfxException) thrown.getSuppressed()[0]).code());
        }
        try (OfxClient c = sandbox.client(true)) {
            // a listener that throws while the operation itself succeeds: still rethrown (the answer is freed)
            c.onConnection(e -> { throw new Boom("connection listener " + e.stateName()); });
            Boom thrown = assertThrows(Boom.class, () -> c.statement(checkingQ1()));
            assertEquals("connection listener resolving", thrown.getMessage());
            // the client stays usable once the listener is removed
            c.onConnection(null);
            try (OfxResponse r = c.statement(checkingQ1())) {
                assertEquals(Sandbox.CHECKING, r.statement(0).accountId());
            }
        }
    }

    @Test
    void callingTheClientFromItsOwnCallbackIsRefused() {
        try (OfxClient c = sandbox.client(true)) {
            List<RuntimeException> inner = new ArrayList<>();
            c.onConnection(e -> {
                try {
                    c.get("url");
                } catch (RuntimeException x) {
                    inner.add(x);
                }
                try {
                    c.close();
                } catch (RuntimeException x) {
                    inner.add(x);
                }
            });
            try (OfxResponse r = c.accountInfo()) {
                assertTrue(r.accounts().stream().anyMatch(a -> Sandbox.CHECKING.equals(a.accountId())));
            }
            assertFalse(inner.isEmpty());
            assertInstanceOf(IllegalStateException.class, inner.get(0));
            assertTrue(inner.get(0).getMessage().contains("own callbacks"), inner.get(0).getMessage());
            assertInstanceOf(IllegalStateException.class, inner.get(1));
            assertTrue(inner.get(1).getMessage().contains("cannot be closed"), inner.get(1).getMessage());
            assertFalse(c.isClosed());
        }
    }

    @Test
    void investmentLoanAndClosingViews() {
        try (OfxClient c = sandbox.client(true)) {
            c.set("version", "211");
            try (OfxResponse r = c.statement(StatementRequest.investment("sandbox.ofxkit.example", "INV-77001")
                    .start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 12, 31)))) {
                Statement s = r.statement(0);
                assertEquals(StatementKind.INVESTMENT, s.kind());
                assertEquals("INV-77001", s.accountId());
                assertEquals("sandbox.ofxkit.example", s.brokerId());
                assertFalse(s.positions().isEmpty());
                Position p = s.positions().get(0);
                assertNotNull(p.units());
                assertNotNull(p.marketValue());
                List<Security> secs = r.securities();
                assertFalse(secs.isEmpty());
                assertTrue(secs.stream().anyMatch(x -> x.id().equals(p.securityId())), "the position's security is listed");
                assertTrue(s.transactions().stream().anyMatch(t -> t.securityId() != null));
            }
            try (OfxResponse r = c.statement(StatementRequest.loan("LN-55001", null))) {
                Statement s = r.statement(0);
                assertEquals(StatementKind.LOAN, s.kind());
                assertEquals("LN-55001", s.accountId());
                assertNotNull(s.ledgerBalance(), "the principal balance");
            }
            try (OfxResponse r = c.closing(StatementRequest.checking(Sandbox.BANK_ID, Sandbox.CHECKING)
                    .start(LocalDate.of(2024, 1, 1)).end(LocalDate.of(2024, 6, 30)))) {
                List<Closing> cl = r.closings();
                assertFalse(cl.isEmpty());
                assertEquals(StatementKind.BANK, cl.get(0).kind());
                assertEquals(Sandbox.CHECKING, cl.get(0).accountId());
                assertNotNull(cl.get(0).balanceClose());
                assertNotNull(cl.get(0).dateClose());
            }
        }
    }

    @Test
    void batchDataFileRoundTripAndBatchCallbacks() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("ofxkit-java-batch", ".ofx");
        try (OfxClient c = sandbox.client(false)) {
            List<String> clientSaw = new ArrayList<>();
            c.onTls(e -> {
                if (e.isServerCertificate()) clientSaw.add(e.subject());
                return TlsDecision.ACCEPT;
            });
            try (OfxBatch b = c.newBatch(); OfxRequest rq = c.requestAccountInfo(null)) {
                // the batch took a copy of the client's TLS callback
                b.add(rq);
                b.post();
                assertEquals(1, clientSaw.size());
                assertTrue(b.response(0).accounts().stream().anyMatch(a -> Sandbox.CHECKING.equals(a.accountId())));
                b.writeFile(file);
                try (OfxBatch back = c.readBatchFile(file)) {
                    assertEquals(1, back.size());
                    assertEquals(b.uid(0), back.uid(0));
                    assertTrue(back.response(0).accounts().stream().anyMatch(a -> Sandbox.SAVINGS.equals(a.accountId())));
                }
                b.clear();
                assertEquals(0, b.size());
            }
            List<String> batchSaw = new ArrayList<>();
            try (OfxBatch b = c.newBatch(); OfxRequest rq = c.requestProfile(null)) {
                // a batch's own TLS callback replaces the copied one, for this batch only
                b.onTls(e -> { batchSaw.add(e.isServerCertificate() ? e.subject() : ""); return TlsDecision.ACCEPT; });
                b.add(rq);
                b.post();
                assertTrue(b.response(0).profile().isPresent());
            }
            assertTrue(batchSaw.stream().anyMatch(x -> x.contains("ofxkit sandbox")), batchSaw.toString());
            assertEquals(1, clientSaw.size(), "the client's callback was not called for the second batch");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void dnsFailureIsTheDnsCode() {
        List<ErrorEvent> errors = new ArrayList<>();
        try (OfxClient c = new OfxClient()) {
            c.setFi("https://nonexistent.invalid/ofx", Sandbox.ORG, Sandbox.FID).setCredentials("demo", "demo-pass");
            c.onError(errors::add);
            DnsException e = assertThrows(DnsException.class, () -> c.statement(checkingQ1()));
            assertEquals(203, e.code());
            assertEquals("OFX_RESULT_DNS", e.codeName());
            assertTrue(e.getMessage().contains("nonexistent.invalid"), e.getMessage());
            assertEquals(List.of(203), errors.stream().map(ErrorEvent::code).toList());
        }
    }

    @Test
    void accountsAndUseAfterClose() {
        OfxClient c = sandbox.client(true);
        try (OfxResponse r = c.accountInfo()) {
            List<String> ids = r.accounts().stream().map(Account::accountId).toList();
            assertTrue(ids.containsAll(List.of(Sandbox.CHECKING, Sandbox.SAVINGS, Sandbox.CARD)), ids.toString());
        }
        Optional<String> url = c.get("url");
        assertEquals(sandbox.url, url.orElseThrow());
        c.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.statement(checkingQ1()));
        assertEquals("OfxClient is closed", e.getMessage());
        assertThrows(IllegalStateException.class, c::newBatch);
        c.close();
    }
}
