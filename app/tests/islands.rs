//! Every island tells the page it has hydrated (`components::hydration::island_hydrated`):
//! `window.__chatHydrated` waits for all of them, so one that forgets would leave every
//! page it is on "not ready" for the end-to-end tests.
use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The islands in `source`: (name, whether the body starts by calling `island_hydrated`).
fn islands(source: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        if !line.trim_start().starts_with("#[island") {
            continue;
        }
        let Some(signature) = lines.by_ref().find(|l| l.contains("fn ")) else {
            break;
        };
        let name = signature
            .split("fn ")
            .nth(1)
            .and_then(|rest| rest.split(['(', '<']).next())
            .unwrap_or_default()
            .to_string();
        // The signature may span lines; the body starts after the line ending in `{`.
        let mut opener = signature.to_string();
        while !opener.trim_end().ends_with('{') {
            match lines.next() {
                Some(l) => opener = l.to_string(),
                None => break,
            }
        }
        let first = lines
            .by_ref()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("//"))
            .unwrap_or_default();
        found.push((name, first.contains("island_hydrated();")));
    }
    found
}

#[test]
fn every_island_reports_its_hydration() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut all = Vec::new();
    for file in files {
        let source = fs::read_to_string(&file).unwrap_or_default();
        all.extend(islands(&source));
    }
    assert!(all.len() >= 10, "expected the app's islands, found {all:?}");
    let silent: Vec<_> = all.iter().filter(|(_, ok)| !ok).map(|(n, _)| n).collect();
    assert!(
        silent.is_empty(),
        "islands not calling island_hydrated() first: {silent:?}"
    );
}

#[test]
fn the_scan_sees_a_silent_island() {
    let source = "#[island]\nfn Quiet(\n    a: u32,\n) -> impl IntoView {\n    let x = 1;\n}\n\
                  #[island(lazy)]\npub fn Loud() -> impl IntoView {\n    // first\n    crate::components::hydration::island_hydrated();\n}\n";
    assert_eq!(
        islands(source),
        vec![("Quiet".to_string(), false), ("Loud".to_string(), true)]
    );
}
