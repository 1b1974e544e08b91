// P/Invoke declarations for include/ofx.h. Everything here is internal: the public API is in the
// other files of this folder. Strings in are passed as NUL-terminated UTF-8 byte arrays or
// HGlobal blocks (see Utf8.cs); strings out are IntPtr read with Utf8.FromPtr.
//
// Library lookup: [DllImport("ofxkit")] resolves to libofxkit.so through Ofxkit.dll.config (a Mono
// dllmap shipped beside Ofxkit.dll) and LD_LIBRARY_PATH / the system library path.
using System;
using System.Runtime.InteropServices;

namespace Ofxkit
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate void NativeConnectionCallback(IntPtr userdata, IntPtr ev);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int NativeTlsCallback(IntPtr userdata, IntPtr ev);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate void NativeErrorCallback(IntPtr userdata, IntPtr ev);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate void NativeUserdataFree(IntPtr userdata);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int NativeSyncRecordCallback(IntPtr userdata, IntPtr record);

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_connection_event
    {
        public uint state;
        public IntPtr state_name;
        public IntPtr host;
        public ushort port;
        public IntPtr detail;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_tls_event
    {
        public uint kind;
        public IntPtr host;
        public ushort port;
        public IntPtr detail;
        public IntPtr cert_der;
        public UIntPtr cert_der_len;
        public IntPtr cert_pem;
        public IntPtr subject;
        public IntPtr issuer;
        public int trusted;
        public IntPtr reason;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_error_event
    {
        public uint code;
        public IntPtr message;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_error_info
    {
        public uint code;
        public ushort http_status;
        public IntPtr body_start;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_statement_request
    {
        public uint version;
        public IntPtr account_type;
        public IntPtr account_id;
        public IntPtr bank_id;
        public IntPtr branch_id;
        public IntPtr broker_id;
        public IntPtr loan_type;
        public IntPtr start;
        public IntPtr end;
        public int include_transactions;
        public int include_pending;
        public int include_images;
        public int include_positions;
        public IntPtr positions_as_of;
        public int include_open_orders;
        public int include_balance;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_mfa_question
    {
        public IntPtr phrase_id;
        public IntPtr label;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_transfer_spec
    {
        public uint version;
        public IntPtr from_account_type;
        public IntPtr from_account;
        public IntPtr from_bank_id;
        public IntPtr to_account_type;
        public IntPtr to_account;
        public IntPtr to_bank_id;
        public IntPtr amount;
        public IntPtr due;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_sync_spec
    {
        public uint version;
        public IntPtr account_type;
        public IntPtr account;
        public IntPtr bank_id;
        public IntPtr token;
        public int reject_if_missing;
        public int interbank;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_money_record
    {
        public uint kind;
        public IntPtr change;
        public IntPtr trnuid;
        public int status_code;
        public IntPtr severity;
        public IntPtr message;
        public IntPtr id;
        public int interbank;
        public IntPtr amount;
        public IntPtr currency;
        public IntPtr from_account;
        public IntPtr to_account;
        public IntPtr due_date;
        public IntPtr projected_date;
        public IntPtr posted_date;
        public IntPtr process_code;
        public IntPtr process_date;
        public IntPtr payee_list_id;
        public IntPtr payee_name;
        public IntPtr pay_account;
        public IntPtr check_number;
        public IntPtr memo;
        public int in_sync;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_payment_spec
    {
        public uint version;
        public IntPtr from_account_type;
        public IntPtr from_account;
        public IntPtr from_bank_id;
        public IntPtr amount;
        public IntPtr payee_id;
        public IntPtr payee_list_id;
        public IntPtr payee_name;
        public IntPtr payee_addr1;
        public IntPtr payee_addr2;
        public IntPtr payee_addr3;
        public IntPtr payee_city;
        public IntPtr payee_state;
        public IntPtr payee_postal_code;
        public IntPtr payee_country;
        public IntPtr payee_phone;
        public IntPtr pay_account;
        public IntPtr due;
        public IntPtr memo;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_parse_options
    {
        public uint version;
        public uint strict;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_warning
    {
        public uint code;
        public IntPtr message;
        public uint line;
        public uint offset;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_signon
    {
        public int status_code;
        public IntPtr severity;
        public IntPtr message;
        public IntPtr dtserver;
        public IntPtr language;
        public IntPtr org;
        public IntPtr fid;
        public IntPtr userkey;
        public IntPtr accesskey;
        public IntPtr sesscookie;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_statement
    {
        public uint kind;
        public IntPtr account_id;
        public IntPtr bank_id;
        public IntPtr branch_id;
        public IntPtr account_type;
        public IntPtr broker_id;
        public IntPtr currency;
        public IntPtr start;
        public IntPtr end;
        public IntPtr date_as_of;
        public IntPtr ledger_balance;
        public IntPtr ledger_balance_date;
        public IntPtr available_balance;
        public IntPtr available_balance_date;
        public IntPtr trnuid;
        public int status_code;
        public IntPtr status_severity;
        public IntPtr status_message;
        public UIntPtr transaction_count;
        public UIntPtr position_count;
        public UIntPtr balance_count;
        public UIntPtr open_order_count;
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_transaction
    {
        public IntPtr fitid;
        public IntPtr type;
        public IntPtr date_posted;
        public IntPtr date_user;
        public IntPtr date_avail;
        public IntPtr date_settle;
        public IntPtr amount;
        public IntPtr name;
        public IntPtr memo;
        public IntPtr check_number;
        public IntPtr ref_number;
        public IntPtr payee_id;
        public IntPtr sic;
        public IntPtr server_tid;
        public IntPtr correct_fitid;
        public IntPtr correct_action;
        public IntPtr currency;
        public IntPtr security_id;
        public IntPtr security_id_type;
        public IntPtr units;
        public IntPtr unit_price;
        public long date_posted_unix;
        public int date_posted_offset_minutes;
        public byte has_date_posted;   // C bool: one byte
        public long amount_mantissa;
        public uint amount_scale;
        public byte amount_fits;       // C bool
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_balance
    {
        public IntPtr name;
        public IntPtr desc;
        public IntPtr type;
        public IntPtr value;
        public IntPtr date;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_position
    {
        public IntPtr type;
        public IntPtr security_id;
        public IntPtr security_id_type;
        public IntPtr held_in;
        public IntPtr pos_type;
        public IntPtr units;
        public IntPtr unit_price;
        public IntPtr market_value;
        public IntPtr date_price;
        public IntPtr memo;
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_open_order
    {
        public IntPtr type;
        public IntPtr fitid;
        public IntPtr security_id;
        public IntPtr security_id_type;
        public IntPtr date_placed;
        public IntPtr units;
        public IntPtr duration;
        public IntPtr restriction;
        public IntPtr limit_price;
        public IntPtr stop_price;
        public IntPtr memo;
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_security
    {
        public IntPtr type;
        public IntPtr id;
        public IntPtr id_type;
        public IntPtr name;
        public IntPtr ticker;
        public IntPtr fiid;
        public IntPtr unit_price;
        public IntPtr date_price;
        public IntPtr memo;
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_account
    {
        public IntPtr kind;
        public IntPtr account_id;
        public IntPtr bank_id;
        public IntPtr branch_id;
        public IntPtr account_type;
        public IntPtr broker_id;
        public IntPtr desc;
        public IntPtr status;
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_closing
    {
        public uint kind;
        public IntPtr account_id;
        public IntPtr fitid;
        public IntPtr date_open;
        public IntPtr date_close;
        public IntPtr date_next;
        public IntPtr balance_open;
        public IntPtr balance_close;
        public IntPtr date_post_start;
        public IntPtr date_post_end;
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_profile
    {
        public IntPtr fi_name;
        public IntPtr url;
        public IntPtr date_profile_up;
        public IntPtr address1;
        public IntPtr city;
        public IntPtr state;
        public IntPtr postal_code;
        public IntPtr country;
        public IntPtr cs_phone;
        public IntPtr email;
        public UIntPtr message_set_count;
        public UIntPtr signon_realm_count;
        public uint element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_signon_realm
    {
        public IntPtr name;
        public byte client_uid_required;      // C bool
        public byte mfa_challenge_supported;
        public byte mfa_challenge_first;
        public byte auth_token_first;
        public byte case_sensitive;
        public int min_length;
        public int max_length;
        public IntPtr char_type;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ofx_trn_status
    {
        public IntPtr type;
        public IntPtr trnuid;
        public int code;
        public IntPtr severity;
        public IntPtr message;
    }

    internal static class Native
    {
        private const string Lib = "ofxkit";

        // misc
        [DllImport(Lib)] internal static extern IntPtr ofx_version();
        [DllImport(Lib)] internal static extern void ofx_string_free(IntPtr s);
        [DllImport(Lib)] internal static extern IntPtr ofx_result_str(uint code);
        [DllImport(Lib)] internal static extern IntPtr ofx_last_error_message();

        // batch
        [DllImport(Lib)] internal static extern uint ofx_batch_new(IntPtr client, out IntPtr batch);
        [DllImport(Lib)] internal static extern void ofx_batch_free(IntPtr batch);
        [DllImport(Lib)] internal static extern IntPtr ofx_batch_errmsg(IntPtr batch);
        [DllImport(Lib)] internal static extern uint ofx_batch_add_item(IntPtr batch, IntPtr request, out UIntPtr index);
        [DllImport(Lib)] internal static extern uint ofx_batch_set_item(IntPtr batch, UIntPtr index, IntPtr request);
        [DllImport(Lib)] internal static extern UIntPtr ofx_batch_item_count(IntPtr batch);
        [DllImport(Lib)] internal static extern uint ofx_batch_clear(IntPtr batch);
        [DllImport(Lib)] internal static extern uint ofx_batch_post(IntPtr batch);
        [DllImport(Lib)] internal static extern uint ofx_batch_request_text(IntPtr batch, int masked, out IntPtr text);
        [DllImport(Lib)] internal static extern uint ofx_batch_item_request_type(IntPtr batch, UIntPtr index);
        [DllImport(Lib)] internal static extern IntPtr ofx_batch_item_uid(IntPtr batch, UIntPtr index);
        [DllImport(Lib)] internal static extern uint ofx_batch_item_request_text(IntPtr batch, UIntPtr index, out IntPtr text);
        [DllImport(Lib)] internal static extern uint ofx_batch_item_response(IntPtr batch, UIntPtr index, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_batch_item_error(IntPtr batch, UIntPtr index);
        [DllImport(Lib)] internal static extern IntPtr ofx_batch_item_error_message(IntPtr batch, UIntPtr index);
        [DllImport(Lib)] internal static extern uint ofx_batch_write_file(IntPtr batch, byte[] path);
        [DllImport(Lib)] internal static extern uint ofx_batch_read_file(IntPtr client, byte[] path, out IntPtr batch);
        [DllImport(Lib)] internal static extern uint ofx_batch_set_connection_callback(IntPtr batch, IntPtr cb, IntPtr userdata, IntPtr userdataFree);
        [DllImport(Lib)] internal static extern uint ofx_batch_set_tls_callback(IntPtr batch, IntPtr cb, IntPtr userdata, IntPtr userdataFree);
        [DllImport(Lib)] internal static extern uint ofx_batch_set_error_callback(IntPtr batch, IntPtr cb, IntPtr userdata, IntPtr userdataFree);

        // client
        [DllImport(Lib)] internal static extern uint ofx_client_new(out IntPtr client);
        [DllImport(Lib)] internal static extern void ofx_client_free(IntPtr client);
        [DllImport(Lib)] internal static extern IntPtr ofx_client_errmsg(IntPtr client);
        [DllImport(Lib)] internal static extern uint ofx_client_error_info(IntPtr client, out ofx_error_info info);
        [DllImport(Lib)] internal static extern uint ofx_client_set(IntPtr client, byte[] key, byte[] value);
        [DllImport(Lib)] internal static extern uint ofx_client_get(IntPtr client, byte[] key, out IntPtr value);
        [DllImport(Lib)] internal static extern uint ofx_client_load_profile(IntPtr client, byte[] text);
        [DllImport(Lib)] internal static extern uint ofx_client_set_fi(IntPtr client, byte[] url, byte[] org, byte[] fid);
        [DllImport(Lib)] internal static extern uint ofx_client_set_credentials(IntPtr client, byte[] user, byte[] password);
        [DllImport(Lib)] internal static extern uint ofx_client_add_ca_pem(IntPtr client, byte[] pem, UIntPtr len);
        [DllImport(Lib)] internal static extern uint ofx_client_set_client_cert(IntPtr client, byte[] p12, UIntPtr len, byte[] password);
        [DllImport(Lib)] internal static extern uint ofx_client_set_connection_callback(IntPtr client, IntPtr cb, IntPtr userdata, IntPtr userdataFree);
        [DllImport(Lib)] internal static extern uint ofx_client_set_tls_callback(IntPtr client, IntPtr cb, IntPtr userdata, IntPtr userdataFree);
        [DllImport(Lib)] internal static extern uint ofx_client_set_error_callback(IntPtr client, IntPtr cb, IntPtr userdata, IntPtr userdataFree);
        [DllImport(Lib)] internal static extern uint ofx_statement_request_init(out ofx_statement_request rq);
        [DllImport(Lib)] internal static extern uint ofx_request_statement(IntPtr client, ref ofx_statement_request rq, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_closing(IntPtr client, ref ofx_statement_request rq, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_account_info(IntPtr client, byte[] since, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_profile(IntPtr client, byte[] since, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_mfa_challenge(IntPtr client, out IntPtr request);
        [DllImport(Lib)] internal static extern void ofx_request_free(IntPtr request);
        [DllImport(Lib)] internal static extern IntPtr ofx_request_uid(IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_set_uid(IntPtr request, byte[] uid);
        [DllImport(Lib)] internal static extern uint ofx_request_kind(IntPtr request);
        [DllImport(Lib)] internal static extern IntPtr ofx_request_kind_name(uint kind);
        [DllImport(Lib)] internal static extern uint ofx_request_text(IntPtr client, IntPtr request, int masked, out IntPtr text);
        [DllImport(Lib)] internal static extern uint ofx_client_post(IntPtr client, IntPtr request, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_account_info(IntPtr client, byte[] since, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_statement(IntPtr client, ref ofx_statement_request rq, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_closing(IntPtr client, ref ofx_statement_request rq, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_profile(IntPtr client, byte[] since, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_mfa_challenge(IntPtr client, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_set_mfa_answer(IntPtr client, byte[] phraseId, byte[] answer);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_mfa_question_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_mfa_question(IntPtr resp, UIntPtr index, out ofx_mfa_question q);
        [DllImport(Lib)] internal static extern uint ofx_client_get_image(IntPtr client, uint refType, byte[] imageRef, out IntPtr image);
        [DllImport(Lib)] internal static extern uint ofx_image_data(IntPtr image, out IntPtr data, out UIntPtr len);
        [DllImport(Lib)] internal static extern IntPtr ofx_image_content_type(IntPtr image);
        [DllImport(Lib)] internal static extern void ofx_image_free(IntPtr image);

        // elements
        [DllImport(Lib)] internal static extern uint ofx_response_root(IntPtr resp, out uint elem);
        [DllImport(Lib)] internal static extern uint ofx_response_find(IntPtr resp, byte[] path, out uint elem);
        [DllImport(Lib)] internal static extern uint ofx_element_find(IntPtr resp, uint from, byte[] path, out uint elem);
        [DllImport(Lib)] internal static extern IntPtr ofx_element_name(IntPtr resp, uint elem);
        [DllImport(Lib)] internal static extern IntPtr ofx_element_text(IntPtr resp, uint elem);
        [DllImport(Lib)] internal static extern UIntPtr ofx_element_child_count(IntPtr resp, uint elem);
        [DllImport(Lib)] internal static extern uint ofx_element_child(IntPtr resp, uint elem, UIntPtr index, out uint child);
        [DllImport(Lib)] internal static extern UIntPtr ofx_element_offset(IntPtr resp, uint elem);

        // money
        [DllImport(Lib)] internal static extern uint ofx_transfer_spec_init(out ofx_transfer_spec spec);
        [DllImport(Lib)] internal static extern uint ofx_request_transfer(IntPtr client, ref ofx_transfer_spec spec, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_transfer_modify(IntPtr client, byte[] transferId, ref ofx_transfer_spec spec, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_transfer_cancel(IntPtr client, byte[] transferId, int interbank, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_sync_spec_init(out ofx_sync_spec spec);
        [DllImport(Lib)] internal static extern uint ofx_request_transfer_sync(IntPtr client, ref ofx_sync_spec spec, out IntPtr request);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_money_record_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_money_record(IntPtr resp, UIntPtr index, out ofx_money_record rec);
        [DllImport(Lib)] internal static extern uint ofx_response_check(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_sync_transfers(IntPtr client, ref ofx_sync_spec spec, IntPtr cb, IntPtr userdata, out IntPtr newToken, out int lostSync, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_sync_payments(IntPtr client, ref ofx_sync_spec spec, IntPtr cb, IntPtr userdata, out IntPtr newToken, out int lostSync, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_client_sync_payees(IntPtr client, ref ofx_sync_spec spec, IntPtr cb, IntPtr userdata, out IntPtr newToken, out int lostSync, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_payment_spec_init(out ofx_payment_spec spec);
        [DllImport(Lib)] internal static extern uint ofx_request_payment(IntPtr client, ref ofx_payment_spec spec, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_payment_modify(IntPtr client, byte[] paymentId, ref ofx_payment_spec spec, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_payment_cancel(IntPtr client, byte[] paymentId, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_payment_status(IntPtr client, byte[] paymentId, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_payee_add(IntPtr client, ref ofx_payment_spec spec, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_payee_modify(IntPtr client, byte[] payeeListId, ref ofx_payment_spec spec, out IntPtr request);
        [DllImport(Lib)] internal static extern uint ofx_request_payee_delete(IntPtr client, byte[] payeeListId, out IntPtr request);

        // reading
        [DllImport(Lib)] internal static extern uint ofx_parse_options_init(out ofx_parse_options opts);
        [DllImport(Lib)] internal static extern uint ofx_response_parse_with(byte[] data, UIntPtr len, ref ofx_parse_options opts, out IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_read_file_with(byte[] path, ref ofx_parse_options opts, out IntPtr resp);
        [DllImport(Lib)] internal static extern void ofx_response_free(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_to_json(IntPtr resp, out IntPtr json);
        [DllImport(Lib)] internal static extern uint ofx_response_to_csv(IntPtr resp, out IntPtr csv);
        [DllImport(Lib)] internal static extern uint ofx_response_serialize(IntPtr resp, uint version, out IntPtr text);
        [DllImport(Lib)] internal static extern uint ofx_response_write_file(IntPtr resp, byte[] path, uint version);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_warning_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_warning(IntPtr resp, UIntPtr index, out ofx_warning w);
        [DllImport(Lib)] internal static extern uint ofx_response_signon(IntPtr resp, out ofx_signon s);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_statement_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_statement(IntPtr resp, UIntPtr index, out ofx_statement s);
        [DllImport(Lib)] internal static extern uint ofx_response_transaction(IntPtr resp, UIntPtr statement, UIntPtr index, out ofx_transaction t);
        [DllImport(Lib)] internal static extern uint ofx_response_balance(IntPtr resp, UIntPtr statement, UIntPtr index, out ofx_balance b);
        [DllImport(Lib)] internal static extern uint ofx_response_position(IntPtr resp, UIntPtr statement, UIntPtr index, out ofx_position p);
        [DllImport(Lib)] internal static extern uint ofx_response_open_order(IntPtr resp, UIntPtr statement, UIntPtr index, out ofx_open_order o);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_security_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_security(IntPtr resp, UIntPtr index, out ofx_security s);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_account_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_account(IntPtr resp, UIntPtr index, out ofx_account a);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_closing_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_closing(IntPtr resp, UIntPtr index, out ofx_closing c);
        [DllImport(Lib)] internal static extern uint ofx_response_profile(IntPtr resp, out ofx_profile p);
        [DllImport(Lib)] internal static extern uint ofx_response_profile_message_set(IntPtr resp, UIntPtr index, out IntPtr name, out IntPtr url);
        [DllImport(Lib)] internal static extern uint ofx_response_profile_signon_realm(IntPtr resp, UIntPtr index, out ofx_signon_realm r);
        [DllImport(Lib)] internal static extern UIntPtr ofx_response_trn_status_count(IntPtr resp);
        [DllImport(Lib)] internal static extern uint ofx_response_trn_status(IntPtr resp, UIntPtr index, out ofx_trn_status s);
    }
}
