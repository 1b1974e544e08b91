//! Closing information of every kind comes out one record per closing period, in JSON and through C.

const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<DTSERVER>20240301120000</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<INVSTMTMSGSRSV1><INVSTMTENDTRNRS><TRNUID>7</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<INVSTMTENDRS><CURDEF>USD</CURDEF><INVACCTFROM><BROKERID>broker.example.com</BROKERID><ACCTID>X-991</ACCTID></INVACCTFROM>
<INVCLOSING><FITID>IC-2024-01</FITID></INVCLOSING><INVCLOSING><FITID>IC-2024-02</FITID></INVCLOSING>
</INVSTMTENDRS></INVSTMTENDTRNRS></INVSTMTMSGSRSV1></OFX>"#;

#[test]
fn investment_closings() {
    let doc = ofxkit::Document::parse(DOC.as_bytes()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&ofxkit::json::to_json(&doc)).unwrap();
    let c = v["closings"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["kind"], "investment");
    assert_eq!(c[0]["account_id"], "X-991");
    assert_eq!(c[0]["broker_id"], "broker.example.com");
    assert_eq!(c[1]["fitid"], "IC-2024-02");
    assert_eq!(v["responses"][0]["type"], "INVSTMTENDTRNRS");
    assert_eq!(v["responses"][0]["trnuid"], "7");

    use ofxkit::ffi::response::{ofx_response, ofx_response_free, ofx_response_parse};
    use ofxkit::ffi::views::{ofx_closing, ofx_response_closing, ofx_response_closing_count};
    let mut r: *mut ofx_response = std::ptr::null_mut();
    unsafe {
        assert_eq!(ofx_response_parse(DOC.as_ptr(), DOC.len(), &mut r), ofxkit::ffi::ofx_result::Ok);
        assert_eq!(ofx_response_closing_count(r), 2);
        let mut out = std::mem::MaybeUninit::<ofx_closing>::uninit();
        assert_eq!(ofx_response_closing(r, 1, out.as_mut_ptr()), ofxkit::ffi::ofx_result::Ok);
        let out = out.assume_init();
        assert_eq!(out.kind, ofxkit::ffi::views::OFX_STATEMENT_INVESTMENT);
        assert_eq!(std::ffi::CStr::from_ptr(out.fitid).to_str().unwrap(), "IC-2024-02");
        assert!(out.date_close.is_null());
        ofx_response_free(r);
    }
}
