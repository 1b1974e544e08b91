//! Our own fixtures, one or more per quirk of ../shared/docs/real-world-quirks.md ("Headers and markup",
//! "Charsets, dates, amounts"): tests/fixtures/quirks/MANIFEST.json says for each file whether it must be
//! read, which warnings it must raise and a subset of the JSON view it must produce, value for value.

use serde_json::Value;

fn subset(path: &str, want: &Value, got: &Value, errs: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => subset(&format!("{path}.{k}"), wv, gv, errs),
                    None => errs.push(format!("{path}.{k}: missing (want {wv})")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                errs.push(format!("{path}: {} items, want {}", g.len(), w.len()));
            }
            for (i, (wv, gv)) in w.iter().zip(g.iter()).enumerate() {
                subset(&format!("{path}[{i}]"), wv, gv, errs);
            }
        }
        _ => {
            if want != got {
                errs.push(format!("{path}: got {got}, want {want}"));
            }
        }
    }
}

#[test]
fn quirk_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap()).unwrap();
    let entries = manifest.as_array().unwrap();
    let mut failures = Vec::new();
    let mut passed = 0;
    for e in entries {
        let file = e["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let mut errs = Vec::new();
        match ofxkit::Document::parse(&bytes) {
            Ok(doc) => {
                if e["read"] == Value::Bool(false) {
                    errs.push("read, but must be rejected".to_string());
                } else {
                    let json: Value =
                        serde_json::from_str(&ofxkit::json::to_json(&doc)).expect("JSON view is valid JSON");
                    let min = e["warnings_min"].as_u64().unwrap_or(0) as usize;
                    if doc.warnings.len() < min {
                        errs.push(format!("{} warnings, want at least {min}", doc.warnings.len()));
                    }
                    for want in e["warnings_contain"].as_array().into_iter().flatten() {
                        let w = want.as_str().unwrap().to_lowercase();
                        if !doc
                            .warnings
                            .iter()
                            .any(|x| x.message.to_lowercase().contains(&w) || x.code.name().contains(&w))
                        {
                            errs.push(format!(
                                "no warning mentions '{w}' (have: {:?})",
                                doc.warnings.iter().map(|x| &x.message).collect::<Vec<_>>()
                            ));
                        }
                    }
                    if let Some(exp) = e.get("expect") {
                        subset("$", exp, &json, &mut errs);
                    }
                }
            }
            Err(err) => {
                if e["read"] != Value::Bool(false) {
                    errs.push(format!("rejected: {err}"));
                } else if let Some(w) = e["error_contains"].as_str() {
                    if !err.to_string().to_lowercase().contains(&w.to_lowercase()) {
                        errs.push(format!("error '{err}' does not mention '{w}'"));
                    }
                }
            }
        }
        if errs.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{file} ({}):\n    {}", e["quirk"].as_str().unwrap_or(""), errs.join("\n    ")));
        }
    }
    println!("quirk fixtures: {passed} of {} pass", entries.len());
    assert!(failures.is_empty(), "{} fixtures fail:\n{}", failures.len(), failures.join("\n"));
}

/// Strict mode: the spec-valid fixtures (they pass ../shared/tools/ofx-validate) read without error; every
/// fixture that needs a repair (warnings_min >= 1) is refused, naming the violation.
#[test]
fn strict_mode_on_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap()).unwrap();
    let strict = ofxkit::ParseOptions { strict: true };
    let (mut accepted, mut refused) = (0, 0);
    let mut wrong = Vec::new();
    for e in manifest.as_array().unwrap() {
        let file = e["file"].as_str().unwrap();
        if e["read"] == Value::Bool(false) {
            continue;
        }
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let r = ofxkit::Document::parse_with(&bytes, strict);
        let must_refuse = e["warnings_min"].as_u64().unwrap_or(0) >= 1;
        match (file.starts_with("clean_"), must_refuse, r) {
            (true, _, Ok(_)) => accepted += 1,
            (true, _, Err(err)) => wrong.push(format!("{file}: clean fixture refused: {err}")),
            (false, true, Err(err)) => {
                assert!(err.to_string().starts_with("strict mode: line "), "{err}");
                refused += 1
            }
            (false, true, Ok(_)) => wrong.push(format!("{file}: needs repairs but strict mode accepted it")),
            (false, false, _) => {}
        }
    }
    println!("strict mode: {accepted} clean fixtures accepted, {refused} quirk fixtures refused");
    assert!(accepted >= 9 && refused >= 30, "{accepted} accepted, {refused} refused");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
