package org.ofxkit;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The money paths (transfer answer, transfer sync with a per-record callback, token, lost sync,
 * stop, callback exception; payment and payee requests; HTTP errors) against a canned-answer OFX
 * server on loopback (plain HTTP with allow_http), independent of the sandbox's money support.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CannedMoneyTest {
    static final String HEAD = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
            + "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n";
    static final String SIGNON = "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
            + "<DTSERVER>20240601120000<LANGUAGE>ENG<FI><ORG>Canned<FID>1</FI></SONRS></SIGNONMSGSRSV1>";
    static final String FROM = "<BANKACCTFROM><BANKID>077700077<ACCTID>1000123456<ACCTTYPE>CHECKING</BANKACCTFROM>";
    static final String TO = "<BANKACCTTO><BANKID>077700077<ACCTID>1000654321<ACCTTYPE>SAVINGS</BANKACCTTO>";

    static String intra(String trnuid, String id, String amount) {
        return "<INTRATRNRS><TRNUID>" + trnuid + "<STATUS><CODE>0<SEVERITY>INFO</STATUS><INTRARS><CURDEF>USD<SRVRTID>"
                + id + "<XFERINFO>" + FROM + TO + "<TRNAMT>" + amount + "</XFERINFO><DTXFERPRJ>20240603</INTRARS>"
                + "</INTRATRNRS>";
    }

    final List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer server;
    String url;

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ofx", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            Matcher m = Pattern.compile("<TRNUID>([^<\\r\\n]+)").matcher(body);
            String trnuid = m.find() ? m.group(1) : "0";
            String msg = null;
            if (body.contains("<INTRASYNCRQ>")) {
                Matcher t = Pattern.compile("<TOKEN>([^<\\r\\n]+)").matcher(body);
                String token = t.find() ? t.group(1) : "";
                msg = "<BANKMSGSRSV1><INTRASYNCRS><TOKEN>T-" + requests.size() + "<LOSTSYNC>"
                        + (token.equals("stale") ? "Y" : "N") + FROM + intra("a1", "XF-1", "25.00")
                        + intra("a2", "XF-2", "7.5") + "</INTRASYNCRS></BANKMSGSRSV1>";
            } else if (body.contains("<INTRARQ>")) {
                msg = "<BANKMSGSRSV1>" + intra(trnuid, "XF-9", "25.00") + "</BANKMSGSRSV1>";
            }
            byte[] out = msg == null ? "no such service".getBytes(StandardCharsets.UTF_8)
                    : (HEAD + "<OFX>" + SIGNON + msg + "</OFX>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-ofx");
            ex.sendResponseHeaders(msg == null ? 400 : 200, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ofx";
    }

    @AfterAll
    void stop() { if (server != null) server.stop(0); }

    OfxClient client() {
        OfxClient c = new OfxClient();
        c.setFi(url, "Canned", "1").setCredentials("u", "p").set("allow_http", "true");
        return c;
    }

    static SyncSpec checking(String token) {
        return SyncSpec.account("checking", "1000123456", "077700077").token(token);
    }

    @Test
    void transferAnswerIsReadAsAMoneyRecord() {
        try (OfxClient c = client();
                OfxResponse r = c.transfer(TransferSpec.from("checking", "1000123456", "077700077")
                        .to("savings", "1000654321").amount(new BigDecimal("25.00")))) {
            String sent = requests.get(requests.size() - 1);
            assertTrue(sent.contains("<INTRARQ>") && sent.contains("<TRNAMT>25.00"), sent);
            List<MoneyRecord> recs = r.moneyRecords();
            assertEquals(1, recs.size());
            MoneyRecord t = recs.get(0);
            assertEquals(MoneyRecord.TRANSFER, t.kind());
            assertEquals("XF-9", t.id());
            assertEquals("added", t.change());
            assertEquals(new BigDecimal("25.00"), t.amount());
            assertEquals("USD", t.currency());
            assertEquals("077700077:1000123456", t.fromAccount());
            assertEquals("077700077:1000654321", t.toAccount());
            assertEquals(LocalDate.of(2024, 6, 3), t.projectedDate().toLocalDate());
            assertEquals(0, t.statusCode());
            assertFalse(t.inSync());
            assertFalse(t.interbank());
        }
    }

    @Test
    void transferSyncHandsEveryRecordToTheCallbackThenTheToken() {
        try (OfxClient c = client()) {
            List<MoneyRecord> seen = new ArrayList<>();
            String first;
            try (SyncResult s = c.syncTransfers(checking("0"), rec -> seen.add(rec))) {
                assertTrue(requests.get(requests.size() - 1).contains("<TOKEN>0"));
                assertTrue(s.newToken().startsWith("T-"), s.newToken());
                assertFalse(s.lostSync());
                assertEquals(List.of("XF-1", "XF-2"), seen.stream().map(MoneyRecord::id).toList());
                assertEquals(List.of(new BigDecimal("25.00"), new BigDecimal("7.5")),
                        seen.stream().map(MoneyRecord::amount).toList());
                assertTrue(seen.stream().allMatch(MoneyRecord::inSync));
                assertEquals(List.of("XF-1", "XF-2"), s.response().moneyRecords().stream().map(MoneyRecord::id).toList());
                first = s.newToken();
            }
            try (SyncResult again = c.syncTransfers(checking("stale"), null)) {
                assertTrue(again.lostSync());
                assertNotEquals(first, again.newToken());
                assertEquals(2, again.response().moneyRecords().size());
            }
        }
    }

    static final class LedgerMissing extends RuntimeException {
        private static final long serialVersionUID = 1L;
        LedgerMissing(String m) { super(m); }
    }

    @Test
    void aThrowingRecordCallbackStopsTheSyncAndItsExceptionSurfaces() {
        try (OfxClient c = client()) {
            List<String> calls = new ArrayList<>();
            LedgerMissing thrown = assertThrows(LedgerMissing.class, () -> c.syncTransfers(checking("0"), rec -> {
                calls.add(rec.id());
                throw new LedgerMissing("no ledger for " + rec.id());
            }));
            assertEquals("no ledger for XF-1", thrown.getMessage());
            assertEquals(List.of("XF-1"), calls, "the trampoline answered stop at once");
            assertEquals(1, thrown.getSuppressed().length);
            OfxException stop = (OfxException) thrown.getSuppressed()[0];
            assertEquals(220, stop.code());
            assertEquals("OFX_RESULT_CALLBACK_STOPPED", stop.codeName());

            CallbackStoppedException e = assertThrows(CallbackStoppedException.class,
                    () -> c.syncTransfers(checking("0"), rec -> !rec.id().equals("XF-2")));
            assertEquals(220, e.code());
            assertTrue(Callbacks.REGISTRY.values().stream().noneMatch(h -> h instanceof SyncRecordHandler),
                    "sync handlers are released after the call");
        }
    }

    @Test
    void paymentAndPayeeRequestsCarryTheSpec() {
        try (OfxClient c = client()) {
            PaymentSpec pay = new PaymentSpec().from("checking", "1000123456", "077700077")
                    .amount(new BigDecimal("49.99")).payee("City Power & Light", "1 Main St", "Springfield", "IL", "62701")
                    .payeePhone("555-0100").payAccount("ACCT-77").due(LocalDate.of(2024, 7, 1)).memo("July");
            try (OfxRequest rq = c.requestPayment(pay)) {
                String text = c.requestText(rq, true);
                assertTrue(text.contains("<PMTRQ>"), text);
                assertTrue(text.contains("<TRNAMT>49.99"), text);
                assertTrue(text.contains("City Power &amp; Light"), text);
                assertTrue(text.contains("<PAYACCT>ACCT-77"), text);
                assertTrue(text.contains("<DTDUE>20240701"), text);
                assertFalse(text.contains("<USERPASS>p"), "masked");
                assertFalse(rq.uid().isEmpty());
                rq.setUid("RETRY-1");
                assertEquals("RETRY-1", rq.uid());
            }
            try (OfxRequest rq = c.requestPayeeDelete("L1")) {
                assertTrue(c.requestText(rq, true).contains("<PAYEEDELRQ>"));
                assertEquals(OfxRequest.PAYEE_DELETE, rq.kind());
                assertEquals("payee_delete", rq.kindName());
            }
            try (OfxRequest rq = c.requestTransferSync(checking("REFRESH"))) {
                assertTrue(c.requestText(rq, true).contains("<REFRESH>Y"));
                assertEquals(OfxRequest.TRANSFER_SYNC, rq.kind());
            }
            try (OfxRequest rq = c.requestTransfer(TransferSpec.from("checking", "1000123456", "077700077")
                    .to("checking", "55501").toBankId("122000661").amount(new BigDecimal("10.00"))
                    .due(LocalDate.of(2024, 7, 2)))) {
                assertEquals(OfxRequest.INTERBANK_TRANSFER, rq.kind());
                String text = c.requestText(rq, true);
                assertTrue(text.contains("<INTERRQ>") && text.contains("<BANKID>122000661"), text);
            }
            InvalidArgumentException bad = assertThrows(InvalidArgumentException.class,
                    () -> c.requestTransfer(TransferSpec.from("checking", "1000123456", "077700077")
                            .to("savings", "1000654321").amount("-5")));
            assertEquals(1, bad.code());
            assertFalse(bad.detail().isEmpty());
        }
    }

    @Test
    void anHttpErrorCarriesStatusAndBody() {
        List<ErrorEvent> errors = new ArrayList<>();
        try (OfxClient c = client()) {
            c.onError(errors::add);
            HttpStatusException e = assertThrows(HttpStatusException.class, c::accountInfo);
            assertEquals(209, e.code());
            assertEquals(400, e.httpStatus());
            assertTrue(e.bodyStart().contains("no such service"), e.bodyStart());
            assertEquals(new ErrorInfo(209, 400, e.bodyStart()), c.errorInfo());
            assertEquals(List.of(209), errors.stream().map(ErrorEvent::code).toList());
        }
    }
}
