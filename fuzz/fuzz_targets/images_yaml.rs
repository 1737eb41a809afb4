#![no_main]
//! kpromo images.yaml files and the promotion check.
use libfuzzer_sys::fuzz_target;
use relcut_core::{images, Tag};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(set) = images::parse(s, "fuzz") {
        let tag = Tag::parse("v1.36.0").unwrap();
        let _ = images::verify(&set, &set, &[tag]);
        let _ = images::verify(&Default::default(), &set, &[tag]);
    }
});
