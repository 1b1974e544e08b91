package org.ofxkit;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading documents: the project's fixture, typed views, JSON, elements, errors, handle lifetime. */
class ReadingTest {
    static final Path SAMPLE = Sandbox.root().resolve("examples/data/sample.ofx");

    // README example: keep in sync with bindings/java/README.md
    @Test
    void readsTheSampleStatements() {
        try (OfxResponse r = OfxResponse.readFile(SAMPLE)) {
            List<Statement> statements = r.statements();
            assertEquals(2, statements.size());

            Statement bank = statements.get(0);
            assertEquals(StatementKind.BANK, bank.kind());
            assertEquals("0004417725", bank.accountId());
            assertEquals(5, bank.transactions().size());
            assertEquals(new BigDecimal("1106.05"), bank.transactionTotal());

            Statement card = statements.get(1);
            assertEquals(StatementKind.CREDIT_CARD, card.kind());
            assertEquals("4000123412341234", card.accountId());
            assertEquals(2, card.transactions().size());
            assertEquals(new BigDecimal("476.01"), card.transactionTotal());
        }
    }

    @Test
    void typedValuesAreJavaTypes() throws Exception {
        byte[] bytes = Files.readAllBytes(SAMPLE);
        try (OfxResponse r = OfxResponse.parse(bytes)) {
            Statement bank = r.statement(0);
            assertEquals("121000358", bank.bankId());
            assertEquals("CHECKING", bank.accountType());
            assertEquals("USD", bank.currency());
            assertEquals(LocalDate.of(2024, 1, 1), bank.start().toLocalDate());
            assertEquals(LocalDate.of(2024, 1, 31), bank.end().toLocalDate());

            Transaction first = bank.transactions().get(0);
            assertEquals("202401050001", first.fitid());
            assertEquals("DIRECTDEP", first.type());
            assertEquals(new BigDecimal("2450.00"), first.amount());
            assertEquals(2, first.amount().scale(), "amounts keep their written scale");
            assertEquals("PAYROLL NORTHWIND TRADERS", first.name());
            // 20240105120000[-5:EST]: the document's offset is kept, the instant is 17:00 UTC
            assertEquals(ZoneOffset.ofHours(-5), first.datePosted().getOffset());
            assertEquals(12, first.datePosted().getHour());
            assertEquals(17, first.datePosted().withOffsetSameInstant(ZoneOffset.UTC).getHour());

            Transaction check = bank.transactions().get(1);
            assertEquals("1042", check.checkNumber());
            assertEquals(new BigDecimal("-1200.00"), check.amount());
            assertEquals("GREEN & FRESH GROCERY", bank.transactions().get(2).name(), "entities decoded");

            Signon s = r.signon().orElseThrow();
            assertEquals(0, s.statusCode());
            assertEquals("Example Savings Bank", s.org());
            assertEquals("40417", s.fid());
            assertEquals(2024, s.dtServer().getYear());

            List<TrnStatus> st = r.trnStatuses();
            assertEquals(2, st.size());
            assertEquals("STMTTRNRS", st.get(0).type());
            assertEquals(0, st.get(0).code());
            r.check(); // every STATUS is 0

            String json = r.toJson();
            assertTrue(json.startsWith("{"), json);
            assertTrue(json.contains("\"0004417725\""), json);
            assertTrue(json.contains("1106.05") || json.contains("2450.00"), json);

            assertEquals("USD", r.find("BANKMSGSRSV1/STMTTRNRS/STMTRS/CURDEF").orElseThrow().text());
            Element root = r.root();
            assertEquals("OFX", root.name());
            assertEquals(List.of("SIGNONMSGSRSV1", "BANKMSGSRSV1", "CREDITCARDMSGSRSV1"),
                    root.children().stream().map(Element::name).toList());
            assertEquals("2450.00",
                    root.find("BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[0]/TRNAMT").orElseThrow().text());
            assertTrue(r.find("NO/SUCH/PATH").isEmpty());

            String csv = r.toCsv();
            assertTrue(csv.startsWith("account_id,kind,fitid"), csv);
            assertEquals(1 + 7, csv.strip().split("\n").length, csv);
            assertTrue(r.serialize(211).contains("<OFX>"));
        }
    }

    @Test
    void utf8GoesBothWays() {
        String doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n"
                + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>"
                + "<DTSERVER>20240201083000</DTSERVER><LANGUAGE>FRA</LANGUAGE><FI><ORG>Crédit Coopératif</ORG>"
                + "<FID>42</FID></FI></SONRS></SIGNONMSGSRSV1></OFX>";
        try (OfxResponse r = OfxResponse.parse(doc.getBytes(StandardCharsets.UTF_8))) {
            assertEquals("Crédit Coopératif", r.signon().orElseThrow().org());
        }
        try (OfxClient c = new OfxClient()) {
            c.set("org", "Banque Épargne €");
            assertEquals("Banque Épargne €", c.get("org").orElseThrow());
        }
    }

    @Test
    void htmlIsNotOfx() {
        byte[] html = "<html><head><title>Login</title></head><body>Please sign in</body></html>"
                .getBytes(StandardCharsets.UTF_8);
        NotOfxException e = assertThrows(NotOfxException.class, () -> OfxResponse.parse(html));
        assertEquals(100, e.code());
        assertEquals("OFX_RESULT_NOT_OFX", e.codeName());
        assertEquals(OfxResult.NOT_OFX, e.result());
        assertFalse(e.detail().isEmpty(), "the library's message");
        assertTrue(e.getMessage().startsWith("OFX_RESULT_NOT_OFX (100): "), e.getMessage());
    }

    @Test
    void missingFileIsAnIoError() {
        OfxIoException e = assertThrows(OfxIoException.class,
                () -> OfxResponse.readFile(Path.of("/nonexistent/dir/file.ofx")));
        assertEquals(6, e.code());
        assertEquals("OFX_RESULT_IO", e.codeName());
    }

    @Test
    void useAfterCloseIsAClearError() {
        OfxResponse r = OfxResponse.readFile(SAMPLE);
        Element root = r.root();
        Statement kept = r.statement(0);
        r.close();
        r.close(); // a second close does nothing (never freed twice)
        assertTrue(r.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::statements);
        assertEquals("OfxResponse is closed", e.getMessage());
        assertThrows(IllegalStateException.class, r::toJson);
        assertThrows(IllegalStateException.class, root::name);
        assertEquals("0004417725", kept.accountId(), "views are copies that outlive the response");

        OfxClient c = new OfxClient();
        c.close();
        IllegalStateException ce = assertThrows(IllegalStateException.class, () -> c.set("url", "https://x/ofx"));
        assertEquals("OfxClient is closed", ce.getMessage());
    }

    @Test
    void versionAndCodes() {
        assertTrue(Ofx.version().matches("\\d+\\.\\d+\\.\\d+"), Ofx.version());
        assertEquals("host name not found", Ofx.describe(203));
        assertEquals(OfxResult.DNS, OfxResult.of(203));
        assertEquals("OFX_RESULT_CALLBACK_STOPPED", OfxResult.CALLBACK_STOPPED.cName());
    }

    @Test
    void configErrorsCarryTheClientMessage() {
        try (OfxClient c = new OfxClient()) {
            ConfigException e = assertThrows(ConfigException.class, () -> c.set("no_such_key", "1"));
            assertEquals(200, e.code());
            assertTrue(e.detail().contains("no_such_key"), e.detail());
            c.set("version", "220");
            assertEquals("220", c.get("version").orElseThrow());
        }
    }
}
