//! Generates include/ofx.h from the FFI module with cbindgen (version pinned in Cargo.toml).
//! The generated header is checked in; `tests/header.rs` fails when the checked-in copy is stale.
use std::env;
use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=OFXKIT_WRITE_HEADER");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    // Only the FFI module is the C API: the engine's public Rust items must not leak into the header.
    // cbindgen follows the module's `pub mod` lines to its other files.
    let builder = cbindgen::Builder::new().with_config(config).with_src(crate_dir.join("src/ffi/mod.rs"));
    match builder.generate() {
        Ok(bindings) => {
            // Always written to OUT_DIR (the header test compares it with include/ofx.h).
            bindings.write_to_file(out_dir.join("ofx.h"));
            // Written into include/ only when asked, so a build never dirties the tree silently.
            if env::var_os("OFXKIT_WRITE_HEADER").is_some() {
                bindings.write_to_file(crate_dir.join("include/ofx.h"));
            }
        }
        Err(e) => {
            println!("cargo:warning=cbindgen failed: {e}");
        }
    }
}
