package org.ofxkit;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A parsed OFX document ({@code ofx_response}): from bytes, a file, a client operation or a batch
 * item. Close it (try-with-resources); the views it hands out are plain Java values copied out of
 * it and stay valid after close. A response borrowed from a batch ({@link OfxBatch#response}) is
 * not freed by close and becomes invalid when the batch is posted again, cleared, its item set, or
 * the batch is closed; using it then throws IllegalStateException.
 */
public final class OfxResponse extends NativeHandle {
    private final OfxBatch owner;
    private final long generation;

    OfxResponse(Pointer p) {
        super("OfxResponse", p, q -> Lib.get().ofx_response_free(q));
        this.owner = null;
        this.generation = 0;
    }

    OfxResponse(Pointer p, OfxBatch owner, long generation) {
        super("OfxResponse (borrowed from an OfxBatch)", p, null);
        this.owner = owner;
        this.generation = generation;
    }

    <T> T read(Function<Pointer, T> f) {
        if (owner == null) return op(f);
        synchronized (owner) {
            owner.checkBorrowed(generation);
            return op(f);
        }
    }

    // ---------------------------------------------------------------- reading
    /** Parses a document from memory (tolerant). */
    public static OfxResponse parse(byte[] data) { return parse(data, false); }

    /** Parses a document from memory; {@code strict} makes spec violations errors. */
    public static OfxResponse parse(byte[] data, boolean strict) {
        Lib.ParseOptionsS o = options(strict);
        PointerByReference out = new PointerByReference();
        Err.check(Lib.get().ofx_response_parse_with(data, Lib.size(data.length), o, out));
        return new OfxResponse(out.getValue());
    }

    /** Reads an OFX file (tolerant). */
    public static OfxResponse readFile(Path path) { return readFile(path, false); }

    /** Reads an OFX file; {@code strict} makes spec violations errors. */
    public static OfxResponse readFile(Path path, boolean strict) {
        Lib.ParseOptionsS o = options(strict);
        PointerByReference out = new PointerByReference();
        Err.check(Lib.get().ofx_response_read_file_with(path.toString(), o, out));
        return new OfxResponse(out.getValue());
    }

    private static Lib.ParseOptionsS options(boolean strict) {
        Lib.ParseOptionsS o = new Lib.ParseOptionsS();
        Err.check(Lib.get().ofx_parse_options_init(o));
        o.strict = strict ? 1 : 0;
        return o;
    }

    private interface OutCall { int run(Pointer p, PointerByReference out); }

    private String take(OutCall c) {
        return read(p -> {
            PointerByReference out = new PointerByReference();
            Err.check(c.run(p, out));
            return Lib.takeString(out.getValue());
        });
    }

    /** The whole document as JSON (README "JSON"). */
    public String toJson() { return take((p, out) -> Lib.get().ofx_response_to_json(p, out)); }

    /** Every transaction as CSV. */
    public String toCsv() { return take((p, out) -> Lib.get().ofx_response_to_csv(p, out)); }

    /** The document written out again as OFX {@code version} (102 ... 220). */
    public String serialize(int version) { return take((p, out) -> Lib.get().ofx_response_serialize(p, version, out)); }

    /** Writes the document to a file as OFX {@code version}. */
    public void writeFile(Path path, int version) {
        read(p -> { Err.check(Lib.get().ofx_response_write_file(p, path.toString(), version)); return null; });
    }

    /** The repairs and tolerated deviations of reading. */
    public List<Warning> warnings() {
        return read(p -> {
            long n = Lib.get().ofx_response_warning_count(p).longValue();
            List<Warning> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Lib.WarningS s = new Lib.WarningS();
                Err.check(Lib.get().ofx_response_warning(p, Lib.size(i), s));
                out.add(new Warning(s.code, Lib.str(s.message), s.line, s.offset));
            }
            return out;
        });
    }

    /** The signon response, if the document has one. */
    public Optional<Signon> signon() {
        return read(p -> {
            Lib.SignonS s = new Lib.SignonS();
            int rc = Lib.get().ofx_response_signon(p, s);
            if (rc == OfxResult.NOT_FOUND.code()) return Optional.<Signon>empty();
            Err.check(rc);
            return Optional.of(new Signon(s.status_code, Lib.str(s.severity), Lib.str(s.message),
                    Values.date(Lib.str(s.dtserver)), Lib.str(s.language), Lib.str(s.org), Lib.str(s.fid),
                    Lib.str(s.userkey), Lib.str(s.accesskey), Lib.str(s.sesscookie)));
        });
    }

    /** Every statement in document order, each with its transactions, positions, balances, open orders. */
    public List<Statement> statements() {
        return read(p -> {
            long n = Lib.get().ofx_response_statement_count(p).longValue();
            List<Statement> out = new ArrayList<>();
            for (long i = 0; i < n; i++) out.add(statementAt(p, i));
            return out;
        });
    }

    /** Statement {@code index} (NotFoundException past the end). */
    public Statement statement(int index) { return read(p -> statementAt(p, index)); }

    private static Statement statementAt(Pointer p, long i) {
        Lib.OfxLib l = Lib.get();
        Lib.StatementS s = new Lib.StatementS();
        Err.check(l.ofx_response_statement(p, Lib.size(i), s));
        Lib.SizeT si = Lib.size(i);
        List<Transaction> txs = new ArrayList<>();
        for (long j = 0; j < s.transaction_count.longValue(); j++) {
            Lib.TransactionS t = new Lib.TransactionS();
            Err.check(l.ofx_response_transaction(p, si, Lib.size(j), t));
            txs.add(transaction(t));
        }
        List<Position> pos = new ArrayList<>();
        for (long j = 0; j < s.position_count.longValue(); j++) {
            Lib.PositionS t = new Lib.PositionS();
            Err.check(l.ofx_response_position(p, si, Lib.size(j), t));
            pos.add(new Position(Lib.str(t.type), Lib.str(t.security_id), Lib.str(t.security_id_type),
                    Lib.str(t.held_in), Lib.str(t.pos_type), Values.dec(Lib.str(t.units)),
                    Values.dec(Lib.str(t.unit_price)), Values.dec(Lib.str(t.market_value)),
                    Values.date(Lib.str(t.date_price)), Lib.str(t.memo), t.element));
        }
        List<Balance> bal = new ArrayList<>();
        for (long j = 0; j < s.balance_count.longValue(); j++) {
            Lib.BalanceS t = new Lib.BalanceS();
            Err.check(l.ofx_response_balance(p, si, Lib.size(j), t));
            bal.add(new Balance(Lib.str(t.name), Lib.str(t.desc), Lib.str(t.type), Lib.str(t.value),
                    Values.date(Lib.str(t.date))));
        }
        List<OpenOrder> oos = new ArrayList<>();
        for (long j = 0; j < s.open_order_count.longValue(); j++) {
            Lib.OpenOrderS t = new Lib.OpenOrderS();
            Err.check(l.ofx_response_open_order(p, si, Lib.size(j), t));
            oos.add(new OpenOrder(Lib.str(t.type), Lib.str(t.fitid), Lib.str(t.security_id),
                    Lib.str(t.security_id_type), Values.date(Lib.str(t.date_placed)), Values.dec(Lib.str(t.units)),
                    Lib.str(t.duration), Lib.str(t.restriction), Values.dec(Lib.str(t.limit_price)),
                    Values.dec(Lib.str(t.stop_price)), Lib.str(t.memo), t.element));
        }
        return new Statement((int) i, StatementKind.of(s.kind), Lib.str(s.account_id), Lib.str(s.bank_id),
                Lib.str(s.branch_id), Lib.str(s.account_type), Lib.str(s.broker_id), Lib.str(s.currency),
                Values.date(Lib.str(s.start)), Values.date(Lib.str(s.end)), Values.date(Lib.str(s.date_as_of)),
                Values.dec(Lib.str(s.ledger_balance)), Values.date(Lib.str(s.ledger_balance_date)),
                Values.dec(Lib.str(s.available_balance)), Values.date(Lib.str(s.available_balance_date)),
                Lib.str(s.trnuid), s.status_code, Lib.str(s.status_severity), Lib.str(s.status_message),
                List.copyOf(txs), List.copyOf(pos), List.copyOf(bal), List.copyOf(oos), s.element);
    }

    private static Transaction transaction(Lib.TransactionS t) {
        OffsetDateTime posted = Values.date(Lib.str(t.date_posted));
        if (posted != null && t.has_date_posted != 0)
            posted = posted.withOffsetSameInstant(ZoneOffset.ofTotalSeconds(t.date_posted_offset_minutes * 60));
        return new Transaction(Lib.str(t.fitid), Lib.str(t.type), posted, Values.date(Lib.str(t.date_user)),
                Values.date(Lib.str(t.date_avail)), Values.date(Lib.str(t.date_settle)),
                Values.dec(Lib.str(t.amount)), Lib.str(t.name), Lib.str(t.memo), Lib.str(t.check_number),
                Lib.str(t.ref_number), Lib.str(t.payee_id), Lib.str(t.sic), Lib.str(t.server_tid),
                Lib.str(t.correct_fitid), Lib.str(t.correct_action), Lib.str(t.currency), Lib.str(t.security_id),
                Lib.str(t.security_id_type), Values.dec(Lib.str(t.units)), Values.dec(Lib.str(t.unit_price)),
                t.element);
    }

    /** The securities of the SECLIST. */
    public List<Security> securities() {
        return read(p -> {
            long n = Lib.get().ofx_response_security_count(p).longValue();
            List<Security> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Lib.SecurityS s = new Lib.SecurityS();
                Err.check(Lib.get().ofx_response_security(p, Lib.size(i), s));
                out.add(new Security(Lib.str(s.type), Lib.str(s.id), Lib.str(s.id_type), Lib.str(s.name),
                        Lib.str(s.ticker), Lib.str(s.fiid), Values.dec(Lib.str(s.unit_price)),
                        Values.date(Lib.str(s.date_price)), Lib.str(s.memo), s.element));
            }
            return out;
        });
    }

    /** The accounts of an account-information answer. */
    public List<Account> accounts() {
        return read(p -> {
            long n = Lib.get().ofx_response_account_count(p).longValue();
            List<Account> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Lib.AccountS s = new Lib.AccountS();
                Err.check(Lib.get().ofx_response_account(p, Lib.size(i), s));
                out.add(new Account(Lib.str(s.kind), Lib.str(s.account_id), Lib.str(s.bank_id),
                        Lib.str(s.branch_id), Lib.str(s.account_type), Lib.str(s.broker_id), Lib.str(s.desc),
                        Lib.str(s.status), s.element));
            }
            return out;
        });
    }

    /** The closing records of closing-information answers. */
    public List<Closing> closings() {
        return read(p -> {
            long n = Lib.get().ofx_response_closing_count(p).longValue();
            List<Closing> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Lib.ClosingS s = new Lib.ClosingS();
                Err.check(Lib.get().ofx_response_closing(p, Lib.size(i), s));
                out.add(new Closing(StatementKind.of(s.kind), Lib.str(s.account_id), Lib.str(s.fitid),
                        Values.date(Lib.str(s.date_open)), Values.date(Lib.str(s.date_close)),
                        Values.date(Lib.str(s.date_next)), Values.dec(Lib.str(s.balance_open)),
                        Values.dec(Lib.str(s.balance_close)), Values.date(Lib.str(s.date_post_start)),
                        Values.date(Lib.str(s.date_post_end)), s.element));
            }
            return out;
        });
    }

    /** The institution's profile, if the document has one. */
    public Optional<Profile> profile() {
        return read(p -> {
            Lib.OfxLib l = Lib.get();
            Lib.ProfileS s = new Lib.ProfileS();
            int rc = l.ofx_response_profile(p, s);
            if (rc == OfxResult.NOT_FOUND.code()) return Optional.<Profile>empty();
            Err.check(rc);
            List<Profile.MessageSet> sets = new ArrayList<>();
            for (long i = 0; i < s.message_set_count.longValue(); i++) {
                PointerByReference name = new PointerByReference();
                PointerByReference url = new PointerByReference();
                Err.check(l.ofx_response_profile_message_set(p, Lib.size(i), name, url));
                sets.add(new Profile.MessageSet(Lib.str(name.getValue()), Lib.str(url.getValue())));
            }
            List<Profile.SignonRealm> realms = new ArrayList<>();
            for (long i = 0; i < s.signon_realm_count.longValue(); i++) {
                Lib.SignonRealmS r = new Lib.SignonRealmS();
                Err.check(l.ofx_response_profile_signon_realm(p, Lib.size(i), r));
                realms.add(new Profile.SignonRealm(Lib.str(r.name), r.client_uid_required != 0,
                        r.mfa_challenge_supported != 0, r.mfa_challenge_first != 0, r.auth_token_first != 0,
                        r.case_sensitive != 0, r.min_length, r.max_length, Lib.str(r.char_type)));
            }
            return Optional.of(new Profile(Lib.str(s.fi_name), Lib.str(s.url),
                    Values.date(Lib.str(s.date_profile_up)), Lib.str(s.address1), Lib.str(s.city),
                    Lib.str(s.state), Lib.str(s.postal_code), Lib.str(s.country), Lib.str(s.cs_phone),
                    Lib.str(s.email), List.copyOf(sets), List.copyOf(realms), s.element));
        });
    }

    /** The type, TRNUID and STATUS of every transaction wrapper (…TRNRS). */
    public List<TrnStatus> trnStatuses() {
        return read(p -> {
            long n = Lib.get().ofx_response_trn_status_count(p).longValue();
            List<TrnStatus> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Lib.TrnStatusS s = new Lib.TrnStatusS();
                Err.check(Lib.get().ofx_response_trn_status(p, Lib.size(i), s));
                out.add(new TrnStatus(Lib.str(s.type), Lib.str(s.trnuid), s.code, Lib.str(s.severity),
                        Lib.str(s.message)));
            }
            return out;
        });
    }

    /** The MFA questions (MFACHALLENGERS). */
    public List<MfaQuestion> mfaQuestions() {
        return read(p -> {
            long n = Lib.get().ofx_response_mfa_question_count(p).longValue();
            List<MfaQuestion> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Lib.MfaQuestionS s = new Lib.MfaQuestionS();
                Err.check(Lib.get().ofx_response_mfa_question(p, Lib.size(i), s));
                out.add(new MfaQuestion(Lib.str(s.phrase_id), Lib.str(s.label)));
            }
            return out;
        });
    }

    /** The transfers, payments and payees of the answer. */
    public List<MoneyRecord> moneyRecords() {
        return read(p -> {
            long n = Lib.get().ofx_response_money_record_count(p).longValue();
            List<MoneyRecord> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Lib.MoneyRecordS s = new Lib.MoneyRecordS();
                Err.check(Lib.get().ofx_response_money_record(p, Lib.size(i), s));
                out.add(MoneyRecord.from(s));
            }
            return out;
        });
    }

    /** Throws {@link RefusedException} unless the signon and every transaction succeeded (STATUS 0). */
    public OfxResponse check() {
        read(p -> { Err.check(Lib.get().ofx_response_check(p)); return null; });
        return this;
    }

    /** The root element (OFX). */
    public Element root() {
        return read(p -> {
            IntByReference r = new IntByReference();
            Err.check(Lib.get().ofx_response_root(p, r));
            return new Element(this, r.getValue());
        });
    }

    /** The element at {@code path} from the root (e.g. "BANKMSGSRSV1/STMTTRNRS/STMTRS/CURDEF"), if any. */
    public Optional<Element> find(String path) {
        return read(p -> {
            IntByReference r = new IntByReference();
            int rc = Lib.get().ofx_response_find(p, path, r);
            if (rc == OfxResult.NOT_FOUND.code()) return Optional.<Element>empty();
            Err.check(rc);
            return Optional.of(new Element(this, r.getValue()));
        });
    }
}
