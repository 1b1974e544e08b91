//! Replays every input kept in fuzz/regressions (crashes and slow inputs the fuzzer once found, plus
//! seeds) through the C entry point: each must end in a document or a clean error, never a panic, and
//! every view of a document must work.
use ofxkit::ffi::boundary::ofx_result;
use ofxkit::ffi::response::{
    ofx_response, ofx_response_free, ofx_response_parse, ofx_response_serialize, ofx_response_to_json,
};

#[test]
fn fuzz_regressions_replay() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if !p.is_file() {
            continue;
        }
        let data = std::fs::read(&p).unwrap();
        let mut resp: *mut ofx_response = std::ptr::null_mut();
        let t = std::time::Instant::now();
        let rc = unsafe { ofx_response_parse(data.as_ptr(), data.len(), &mut resp) };
        assert_ne!(rc, ofx_result::Panic, "{}: panic", p.display());
        if rc == ofx_result::Ok {
            let mut json = std::ptr::null_mut();
            assert_eq!(unsafe { ofx_response_to_json(resp, &mut json) }, ofx_result::Ok, "{}", p.display());
            unsafe { ofxkit::ffi::ofx_string_free(json) };
            for v in [102, 211] {
                let mut out = std::ptr::null_mut();
                assert_eq!(unsafe { ofx_response_serialize(resp, v, &mut out) }, ofx_result::Ok, "{}", p.display());
                unsafe { ofxkit::ffi::ofx_string_free(out) };
            }
            unsafe { ofx_response_free(resp) };
        }
        assert!(t.elapsed().as_secs() < 10, "{}: took {:?}", p.display(), t.elapsed());
        n += 1;
    }
    assert!(n >= 1, "no regression inputs in fuzz/regressions");
    println!("fuzz regressions: {n} inputs replayed");
}
