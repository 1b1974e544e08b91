package org.ofxkit;

import com.sun.jna.Callback;
import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The raw JNA mapping of include/ofx.h (package-private). Every {@code const char *} coming out of
 * the library is mapped as {@link Pointer} and decoded as UTF-8 by {@link #str}; every string going
 * in is a Java String encoded as UTF-8 (library option) or a {@link Memory} made by {@link #cstr}.
 */
final class Lib {
    private Lib() {}

    /** size_t. */
    public static final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;
        public SizeT() { this(0); }
        public SizeT(long v) { super(com.sun.jna.Native.SIZE_T_SIZE, v, true); }
    }

    /** size_t *. */
    public static final class SizeTByReference extends ByReference {
        public SizeTByReference() { super(com.sun.jna.Native.SIZE_T_SIZE); getPointer().setLong(0, 0); }
        public long value() {
            return com.sun.jna.Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0) : getPointer().getInt(0) & 0xffffffffL;
        }
    }

    // ---------------------------------------------------------------- callbacks
    public interface ConnectionCallback extends Callback { void invoke(Pointer userdata, Pointer event); }
    public interface TlsCallback extends Callback { int invoke(Pointer userdata, Pointer event); }
    public interface ErrorCallback extends Callback { void invoke(Pointer userdata, Pointer event); }
    public interface UserdataFree extends Callback { void invoke(Pointer userdata); }
    public interface SyncRecordCallback extends Callback { int invoke(Pointer userdata, Pointer record); }

    // ---------------------------------------------------------------- structs (view structs are read only)
    @FieldOrder({"state", "state_name", "host", "port", "detail"})
    public static final class ConnectionEventS extends Structure {
        public int state; public Pointer state_name; public Pointer host; public short port; public Pointer detail;
        public ConnectionEventS(Pointer p) { super(p); read(); }
    }

    @FieldOrder({"kind", "host", "port", "detail", "cert_der", "cert_der_len", "cert_pem", "subject", "issuer",
            "trusted", "reason"})
    public static final class TlsEventS extends Structure {
        public int kind; public Pointer host; public short port; public Pointer detail; public Pointer cert_der;
        public SizeT cert_der_len; public Pointer cert_pem; public Pointer subject; public Pointer issuer;
        public int trusted; public Pointer reason;
        public TlsEventS(Pointer p) { super(p); read(); }
    }

    @FieldOrder({"code", "message"})
    public static final class ErrorEventS extends Structure {
        public int code; public Pointer message;
        public ErrorEventS(Pointer p) { super(p); read(); }
    }

    @FieldOrder({"code", "http_status", "body_start"})
    public static final class ErrorInfoS extends Structure {
        public int code; public short http_status; public Pointer body_start;
    }

    @FieldOrder({"version", "account_type", "account_id", "bank_id", "branch_id", "broker_id", "loan_type", "start",
            "end", "include_transactions", "include_pending", "include_images", "include_positions",
            "positions_as_of", "include_open_orders", "include_balance"})
    public static final class StatementRequestS extends Structure {
        public int version; public Pointer account_type; public Pointer account_id; public Pointer bank_id;
        public Pointer branch_id; public Pointer broker_id; public Pointer loan_type; public Pointer start;
        public Pointer end; public int include_transactions; public int include_pending; public int include_images;
        public int include_positions; public Pointer positions_as_of; public int include_open_orders;
        public int include_balance;
    }

    @FieldOrder({"phrase_id", "label"})
    public static final class MfaQuestionS extends Structure {
        public Pointer phrase_id; public Pointer label;
    }

    @FieldOrder({"version", "from_account_type", "from_account", "from_bank_id", "to_account_type", "to_account",
            "to_bank_id", "amount", "due"})
    public static final class TransferSpecS extends Structure {
        public int version; public Pointer from_account_type; public Pointer from_account; public Pointer from_bank_id;
        public Pointer to_account_type; public Pointer to_account; public Pointer to_bank_id; public Pointer amount;
        public Pointer due;
    }

    @FieldOrder({"version", "account_type", "account", "bank_id", "token", "reject_if_missing", "interbank"})
    public static final class SyncSpecS extends Structure {
        public int version; public Pointer account_type; public Pointer account; public Pointer bank_id;
        public Pointer token; public int reject_if_missing; public int interbank;
    }

    @FieldOrder({"kind", "change", "trnuid", "status_code", "severity", "message", "id", "interbank", "amount",
            "currency", "from_account", "to_account", "due_date", "projected_date", "posted_date", "process_code",
            "process_date", "payee_list_id", "payee_name", "pay_account", "check_number", "memo", "in_sync"})
    public static final class MoneyRecordS extends Structure {
        public int kind; public Pointer change; public Pointer trnuid; public int status_code; public Pointer severity;
        public Pointer message; public Pointer id; public int interbank; public Pointer amount; public Pointer currency;
        public Pointer from_account; public Pointer to_account; public Pointer due_date; public Pointer projected_date;
        public Pointer posted_date; public Pointer process_code; public Pointer process_date;
        public Pointer payee_list_id; public Pointer payee_name; public Pointer pay_account;
        public Pointer check_number; public Pointer memo; public int in_sync;
        public MoneyRecordS() {}
        public MoneyRecordS(Pointer p) { super(p); read(); }
    }

    @FieldOrder({"version", "from_account_type", "from_account", "from_bank_id", "amount", "payee_id",
            "payee_list_id", "payee_name", "payee_addr1", "payee_addr2", "payee_addr3", "payee_city", "payee_state",
            "payee_postal_code", "payee_country", "payee_phone", "pay_account", "due", "memo"})
    public static final class PaymentSpecS extends Structure {
        public int version; public Pointer from_account_type; public Pointer from_account; public Pointer from_bank_id;
        public Pointer amount; public Pointer payee_id; public Pointer payee_list_id; public Pointer payee_name;
        public Pointer payee_addr1; public Pointer payee_addr2; public Pointer payee_addr3; public Pointer payee_city;
        public Pointer payee_state; public Pointer payee_postal_code; public Pointer payee_country;
        public Pointer payee_phone; public Pointer pay_account; public Pointer due; public Pointer memo;
    }

    @FieldOrder({"version", "strict"})
    public static final class ParseOptionsS extends Structure {
        public int version; public int strict;
    }

    @FieldOrder({"code", "message", "line", "offset"})
    public static final class WarningS extends Structure {
        public int code; public Pointer message; public int line; public int offset;
    }

    @FieldOrder({"status_code", "severity", "message", "dtserver", "language", "org", "fid", "userkey", "accesskey",
            "sesscookie"})
    public static final class SignonS extends Structure {
        public int status_code; public Pointer severity; public Pointer message; public Pointer dtserver;
        public Pointer language; public Pointer org; public Pointer fid; public Pointer userkey; public Pointer accesskey;
        public Pointer sesscookie;
    }

    @FieldOrder({"kind", "account_id", "bank_id", "branch_id", "account_type", "broker_id", "currency", "start", "end",
            "date_as_of", "ledger_balance", "ledger_balance_date", "available_balance", "available_balance_date",
            "trnuid", "status_code", "status_severity", "status_message", "transaction_count", "position_count",
            "balance_count", "open_order_count", "element"})
    public static final class StatementS extends Structure {
        public int kind; public Pointer account_id; public Pointer bank_id; public Pointer branch_id;
        public Pointer account_type; public Pointer broker_id; public Pointer currency; public Pointer start;
        public Pointer end; public Pointer date_as_of; public Pointer ledger_balance; public Pointer ledger_balance_date;
        public Pointer available_balance; public Pointer available_balance_date; public Pointer trnuid;
        public int status_code; public Pointer status_severity; public Pointer status_message;
        public SizeT transaction_count; public SizeT position_count; public SizeT balance_count;
        public SizeT open_order_count; public int element;
    }

    @FieldOrder({"fitid", "type", "date_posted", "date_user", "date_avail", "date_settle", "amount", "name", "memo",
            "check_number", "ref_number", "payee_id", "sic", "server_tid", "correct_fitid", "correct_action",
            "currency", "security_id", "security_id_type", "units", "unit_price", "date_posted_unix",
            "date_posted_offset_minutes", "has_date_posted", "amount_mantissa", "amount_scale", "amount_fits",
            "element"})
    public static final class TransactionS extends Structure {
        public Pointer fitid; public Pointer type; public Pointer date_posted; public Pointer date_user;
        public Pointer date_avail; public Pointer date_settle; public Pointer amount; public Pointer name;
        public Pointer memo; public Pointer check_number; public Pointer ref_number; public Pointer payee_id;
        public Pointer sic; public Pointer server_tid; public Pointer correct_fitid; public Pointer correct_action;
        public Pointer currency; public Pointer security_id; public Pointer security_id_type; public Pointer units;
        public Pointer unit_price; public long date_posted_unix; public int date_posted_offset_minutes;
        public byte has_date_posted; public long amount_mantissa; public int amount_scale; public byte amount_fits;
        public int element;
    }

    @FieldOrder({"name", "desc", "type", "value", "date"})
    public static final class BalanceS extends Structure {
        public Pointer name; public Pointer desc; public Pointer type; public Pointer value; public Pointer date;
    }

    @FieldOrder({"type", "security_id", "security_id_type", "held_in", "pos_type", "units", "unit_price",
            "market_value", "date_price", "memo", "element"})
    public static final class PositionS extends Structure {
        public Pointer type; public Pointer security_id; public Pointer security_id_type; public Pointer held_in;
        public Pointer pos_type; public Pointer units; public Pointer unit_price; public Pointer market_value;
        public Pointer date_price; public Pointer memo; public int element;
    }

    @FieldOrder({"type", "fitid", "security_id", "security_id_type", "date_placed", "units", "duration",
            "restriction", "limit_price", "stop_price", "memo", "element"})
    public static final class OpenOrderS extends Structure {
        public Pointer type; public Pointer fitid; public Pointer security_id; public Pointer security_id_type;
        public Pointer date_placed; public Pointer units; public Pointer duration; public Pointer restriction;
        public Pointer limit_price; public Pointer stop_price; public Pointer memo; public int element;
    }

    @FieldOrder({"type", "id", "id_type", "name", "ticker", "fiid", "unit_price", "date_price", "memo", "element"})
    public static final class SecurityS extends Structure {
        public Pointer type; public Pointer id; public Pointer id_type; public Pointer name; public Pointer ticker;
        public Pointer fiid; public Pointer unit_price; public Pointer date_price; public Pointer memo; public int element;
    }

    @FieldOrder({"kind", "account_id", "bank_id", "branch_id", "account_type", "broker_id", "desc", "status",
            "element"})
    public static final class AccountS extends Structure {
        public Pointer kind; public Pointer account_id; public Pointer bank_id; public Pointer branch_id;
        public Pointer account_type; public Pointer broker_id; public Pointer desc; public Pointer status;
        public int element;
    }

    @FieldOrder({"kind", "account_id", "fitid", "date_open", "date_close", "date_next", "balance_open",
            "balance_close", "date_post_start", "date_post_end", "element"})
    public static final class ClosingS extends Structure {
        public int kind; public Pointer account_id; public Pointer fitid; public Pointer date_open;
        public Pointer date_close; public Pointer date_next; public Pointer balance_open; public Pointer balance_close;
        public Pointer date_post_start; public Pointer date_post_end; public int element;
    }

    @FieldOrder({"fi_name", "url", "date_profile_up", "address1", "city", "state", "postal_code", "country",
            "cs_phone", "email", "message_set_count", "signon_realm_count", "element"})
    public static final class ProfileS extends Structure {
        public Pointer fi_name; public Pointer url; public Pointer date_profile_up; public Pointer address1;
        public Pointer city; public Pointer state; public Pointer postal_code; public Pointer country;
        public Pointer cs_phone; public Pointer email; public SizeT message_set_count; public SizeT signon_realm_count;
        public int element;
    }

    @FieldOrder({"name", "client_uid_required", "mfa_challenge_supported", "mfa_challenge_first",
            "auth_token_first", "case_sensitive", "min_length", "max_length", "char_type"})
    public static final class SignonRealmS extends Structure {
        public Pointer name; public byte client_uid_required; public byte mfa_challenge_supported;
        public byte mfa_challenge_first; public byte auth_token_first; public byte case_sensitive;
        public int min_length; public int max_length; public Pointer char_type;
    }

    @FieldOrder({"type", "trnuid", "code", "severity", "message"})
    public static final class TrnStatusS extends Structure {
        public Pointer type; public Pointer trnuid; public int code; public Pointer severity; public Pointer message;
    }

    // ---------------------------------------------------------------- functions
    public interface OfxLib extends Library {
        Pointer ofx_version();
        void ofx_string_free(Pointer s);
        Pointer ofx_result_str(int code);
        Pointer ofx_last_error_message();

        // batch
        int ofx_batch_new(Pointer client, PointerByReference out);
        void ofx_batch_free(Pointer batch);
        Pointer ofx_batch_errmsg(Pointer batch);
        int ofx_batch_add_item(Pointer batch, Pointer request, SizeTByReference indexOut);
        int ofx_batch_set_item(Pointer batch, SizeT index, Pointer request);
        SizeT ofx_batch_item_count(Pointer batch);
        int ofx_batch_clear(Pointer batch);
        int ofx_batch_post(Pointer batch);
        int ofx_batch_request_text(Pointer batch, int masked, PointerByReference out);
        int ofx_batch_item_request_type(Pointer batch, SizeT index);
        Pointer ofx_batch_item_uid(Pointer batch, SizeT index);
        int ofx_batch_item_request_text(Pointer batch, SizeT index, PointerByReference out);
        int ofx_batch_item_response(Pointer batch, SizeT index, PointerByReference out);
        int ofx_batch_item_error(Pointer batch, SizeT index);
        Pointer ofx_batch_item_error_message(Pointer batch, SizeT index);
        int ofx_batch_write_file(Pointer batch, String path);
        int ofx_batch_read_file(Pointer client, String path, PointerByReference out);
        int ofx_batch_set_connection_callback(Pointer batch, ConnectionCallback cb, Pointer userdata, UserdataFree free);
        int ofx_batch_set_tls_callback(Pointer batch, TlsCallback cb, Pointer userdata, UserdataFree free);
        int ofx_batch_set_error_callback(Pointer batch, ErrorCallback cb, Pointer userdata, UserdataFree free);

        // client
        int ofx_client_new(PointerByReference out);
        void ofx_client_free(Pointer client);
        Pointer ofx_client_errmsg(Pointer client);
        int ofx_client_error_info(Pointer client, ErrorInfoS out);
        int ofx_client_set(Pointer client, String key, String value);
        int ofx_client_get(Pointer client, String key, PointerByReference out);
        int ofx_client_load_profile(Pointer client, String text);
        int ofx_client_set_fi(Pointer client, String url, String org, String fid);
        int ofx_client_set_credentials(Pointer client, String user, String password);
        int ofx_client_add_ca_pem(Pointer client, byte[] pem, SizeT len);
        int ofx_client_set_client_cert(Pointer client, byte[] p12, SizeT len, String password);
        int ofx_client_set_connection_callback(Pointer client, ConnectionCallback cb, Pointer userdata, UserdataFree free);
        int ofx_client_set_tls_callback(Pointer client, TlsCallback cb, Pointer userdata, UserdataFree free);
        int ofx_client_set_error_callback(Pointer client, ErrorCallback cb, Pointer userdata, UserdataFree free);

        int ofx_statement_request_init(StatementRequestS rq);
        int ofx_request_statement(Pointer client, StatementRequestS rq, PointerByReference out);
        int ofx_request_closing(Pointer client, StatementRequestS rq, PointerByReference out);
        int ofx_request_account_info(Pointer client, String since, PointerByReference out);
        int ofx_request_profile(Pointer client, String since, PointerByReference out);
        int ofx_request_mfa_challenge(Pointer client, PointerByReference out);
        void ofx_request_free(Pointer request);
        Pointer ofx_request_uid(Pointer request);
        int ofx_request_set_uid(Pointer request, String uid);
        int ofx_request_kind(Pointer request);
        Pointer ofx_request_kind_name(int kind);
        int ofx_request_text(Pointer client, Pointer request, int masked, PointerByReference out);
        int ofx_client_post(Pointer client, Pointer request, PointerByReference out);
        int ofx_client_account_info(Pointer client, String since, PointerByReference out);
        int ofx_client_statement(Pointer client, StatementRequestS rq, PointerByReference out);
        int ofx_client_closing(Pointer client, StatementRequestS rq, PointerByReference out);
        int ofx_client_profile(Pointer client, String since, PointerByReference out);
        int ofx_client_mfa_challenge(Pointer client, PointerByReference out);
        int ofx_client_set_mfa_answer(Pointer client, String phraseId, String answer);
        SizeT ofx_response_mfa_question_count(Pointer resp);
        int ofx_response_mfa_question(Pointer resp, SizeT index, MfaQuestionS out);
        int ofx_client_get_image(Pointer client, int refType, String imageRef, PointerByReference out);
        int ofx_image_data(Pointer image, PointerByReference data, SizeTByReference len);
        Pointer ofx_image_content_type(Pointer image);
        void ofx_image_free(Pointer image);

        // elements
        int ofx_response_root(Pointer resp, IntByReference out);
        int ofx_response_find(Pointer resp, String path, IntByReference out);
        int ofx_element_find(Pointer resp, int from, String path, IntByReference out);
        Pointer ofx_element_name(Pointer resp, int elem);
        Pointer ofx_element_text(Pointer resp, int elem);
        SizeT ofx_element_child_count(Pointer resp, int elem);
        int ofx_element_child(Pointer resp, int elem, SizeT index, IntByReference out);
        SizeT ofx_element_offset(Pointer resp, int elem);

        // money
        int ofx_transfer_spec_init(TransferSpecS spec);
        int ofx_request_transfer(Pointer client, TransferSpecS spec, PointerByReference out);
        int ofx_request_transfer_modify(Pointer client, String transferId, TransferSpecS spec, PointerByReference out);
        int ofx_request_transfer_cancel(Pointer client, String transferId, int interbank, PointerByReference out);
        int ofx_sync_spec_init(SyncSpecS spec);
        int ofx_request_transfer_sync(Pointer client, SyncSpecS spec, PointerByReference out);
        SizeT ofx_response_money_record_count(Pointer resp);
        int ofx_response_money_record(Pointer resp, SizeT index, MoneyRecordS out);
        int ofx_response_check(Pointer resp);
        int ofx_client_sync_transfers(Pointer client, SyncSpecS spec, SyncRecordCallback cb, Pointer userdata,
                PointerByReference newToken, IntByReference lostSync, PointerByReference out);
        int ofx_client_sync_payments(Pointer client, SyncSpecS spec, SyncRecordCallback cb, Pointer userdata,
                PointerByReference newToken, IntByReference lostSync, PointerByReference out);
        int ofx_client_sync_payees(Pointer client, SyncSpecS spec, SyncRecordCallback cb, Pointer userdata,
                PointerByReference newToken, IntByReference lostSync, PointerByReference out);
        int ofx_payment_spec_init(PaymentSpecS spec);
        int ofx_request_payment(Pointer client, PaymentSpecS spec, PointerByReference out);
        int ofx_request_payment_modify(Pointer client, String paymentId, PaymentSpecS spec, PointerByReference out);
        int ofx_request_payment_cancel(Pointer client, String paymentId, PointerByReference out);
        int ofx_request_payment_status(Pointer client, String paymentId, PointerByReference out);
        int ofx_request_payee_add(Pointer client, PaymentSpecS spec, PointerByReference out);
        int ofx_request_payee_modify(Pointer client, String payeeListId, PaymentSpecS spec, PointerByReference out);
        int ofx_request_payee_delete(Pointer client, String payeeListId, PointerByReference out);

        // reading
        int ofx_parse_options_init(ParseOptionsS opts);
        int ofx_response_parse(byte[] data, SizeT len, PointerByReference out);
        int ofx_response_parse_with(byte[] data, SizeT len, ParseOptionsS opts, PointerByReference out);
        int ofx_response_read_file(String path, PointerByReference out);
        int ofx_response_read_file_with(String path, ParseOptionsS opts, PointerByReference out);
        void ofx_response_free(Pointer resp);
        int ofx_response_to_json(Pointer resp, PointerByReference out);
        int ofx_response_to_csv(Pointer resp, PointerByReference out);
        int ofx_response_serialize(Pointer resp, int version, PointerByReference out);
        int ofx_response_write_file(Pointer resp, String path, int version);
        SizeT ofx_response_warning_count(Pointer resp);
        int ofx_response_warning(Pointer resp, SizeT index, WarningS out);
        int ofx_response_signon(Pointer resp, SignonS out);
        SizeT ofx_response_statement_count(Pointer resp);
        int ofx_response_statement(Pointer resp, SizeT index, StatementS out);
        int ofx_response_transaction(Pointer resp, SizeT statement, SizeT index, TransactionS out);
        int ofx_response_balance(Pointer resp, SizeT statement, SizeT index, BalanceS out);
        int ofx_response_position(Pointer resp, SizeT statement, SizeT index, PositionS out);
        int ofx_response_open_order(Pointer resp, SizeT statement, SizeT index, OpenOrderS out);
        SizeT ofx_response_security_count(Pointer resp);
        int ofx_response_security(Pointer resp, SizeT index, SecurityS out);
        SizeT ofx_response_account_count(Pointer resp);
        int ofx_response_account(Pointer resp, SizeT index, AccountS out);
        SizeT ofx_response_closing_count(Pointer resp);
        int ofx_response_closing(Pointer resp, SizeT index, ClosingS out);
        int ofx_response_profile(Pointer resp, ProfileS out);
        int ofx_response_profile_message_set(Pointer resp, SizeT index, PointerByReference nameOut,
                PointerByReference urlOut);
        int ofx_response_profile_signon_realm(Pointer resp, SizeT index, SignonRealmS out);
        SizeT ofx_response_trn_status_count(Pointer resp);
        int ofx_response_trn_status(Pointer resp, SizeT index, TrnStatusS out);
    }

    private static volatile OfxLib lib;

    /** The loaded library: {@code jna.library.path}, else {@code OFXKIT_LIB_DIR}, else the system's paths. */
    static OfxLib get() {
        OfxLib l = lib;
        if (l != null) return l;
        synchronized (Lib.class) {
            if (lib == null) {
                String dir = System.getenv("OFXKIT_LIB_DIR");
                if (dir != null && !dir.isEmpty()) NativeLibrary.addSearchPath("ofxkit", dir);
                lib = com.sun.jna.Native.load("ofxkit", OfxLib.class,
                        Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
            }
            return lib;
        }
    }

    // ---------------------------------------------------------------- helpers
    /** A borrowed C string as a Java String (null for NULL). */
    static String str(Pointer p) {
        return p == null ? null : p.getString(0, "UTF-8");
    }

    /** An allocated C string (freed here with ofx_string_free) as a Java String. */
    static String takeString(Pointer p) {
        if (p == null) return null;
        try {
            return p.getString(0, "UTF-8");
        } finally {
            get().ofx_string_free(p);
        }
    }

    /** A NUL-terminated UTF-8 copy of {@code s} in native memory (null for null). */
    static Memory cstr(String s) {
        if (s == null) return null;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    static SizeT size(long v) { return new SizeT(v); }
}
