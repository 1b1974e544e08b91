//! The checked-in include/ofx.h must equal what cbindgen generates from src/ffi, and the version macros
//! must match Cargo.toml.

#[test]
fn header_is_current() {
    let generated = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/ofx.h")).expect("build.rs writes OUT_DIR/ofx.h");
    let checked_in = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/ofx.h")).unwrap_or_default();
    assert!(
        generated == checked_in,
        "include/ofx.h is stale: regenerate it with\n\n    OFXKIT_WRITE_HEADER=1 cargo build\n\nand commit the result"
    );
}

#[test]
fn version_macros_match_cargo_toml() {
    let h = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/ofx.h")).unwrap();
    let v: Vec<&str> = env!("CARGO_PKG_VERSION").split('.').collect();
    for (name, want) in [("OFX_VERSION_MAJOR", v[0]), ("OFX_VERSION_MINOR", v[1]), ("OFX_VERSION_PATCH", v[2])] {
        let line =
            h.lines().find(|l| l.starts_with(&format!("#define {name} "))).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(line.split_whitespace().nth(2), Some(want), "{name} in include/ofx.h");
    }
    let rt = unsafe { std::ffi::CStr::from_ptr(ofxkit::ffi::ofx_version()) };
    assert_eq!(rt.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn header_declares_required_entry_points() {
    let h = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/ofx.h")).unwrap();
    for decl in [
        "ofx_result ofx_response_parse(const uint8_t *data, size_t len, ofx_response **out);",
        "ofx_result ofx_response_read_file(const char *path, ofx_response **out);",
        "ofx_result ofx_response_to_json(const ofx_response *resp, char **json_out);",
        "void ofx_string_free(char *s);",
        "void ofx_response_free(ofx_response *resp);",
    ] {
        assert!(h.contains(decl), "include/ofx.h lacks `{decl}`");
    }
    // Opaque handles: only a typedef, no fields.
    assert!(h.contains("typedef struct ofx_response ofx_response;"));
    // The result type has fixed width.
    assert!(h.contains("typedef uint32_t ofx_result;") || h.contains("enum ofx_result {"));
}
