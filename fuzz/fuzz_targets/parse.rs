//! Fuzzes the C entry point `ofx_response_parse` and every view of what it reads: never a panic
//! (which would surface as OFX_RESULT_PANIC), never a crash, never a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ofxkit::ffi::boundary::ofx_result;
use ofxkit::ffi::response::{ofx_response, ofx_response_free, ofx_response_parse, ofx_response_serialize, ofx_response_to_json};

fuzz_target!(|data: &[u8]| {
    let mut resp: *mut ofx_response = std::ptr::null_mut();
    let rc = unsafe { ofx_response_parse(data.as_ptr(), data.len(), &mut resp) };
    assert_ne!(rc, ofx_result::Panic, "panic caught at the boundary");
    if rc == ofx_result::Ok {
        let mut json = std::ptr::null_mut();
        assert_eq!(unsafe { ofx_response_to_json(resp, &mut json) }, ofx_result::Ok);
        unsafe { ofxkit::ffi::ofx_string_free(json) };
        for v in [102, 211] {
            let mut out = std::ptr::null_mut();
            assert_eq!(unsafe { ofx_response_serialize(resp, v, &mut out) }, ofx_result::Ok);
            unsafe { ofxkit::ffi::ofx_string_free(out) };
        }
        unsafe { ofx_response_free(resp) };
    }
});
