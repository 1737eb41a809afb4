#![no_main]
//! Tags, build versions and krel's version rules on arbitrary strings.
use libfuzzer_sys::fuzz_target;
use relcut_core::{krel, version, ReleaseType};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(t) = version::Tag::parse(s) {
        assert_eq!(version::Tag::parse(&t.to_string()), Ok(t));
    }
    let _ = version::BuildVersion::parse(s);
    let _ = version::parse_any(s);
    for t in ReleaseType::ALL {
        let _ = krel::generate_release_version(t, s, "release-1.35", false);
        let _ = krel::generate_release_version(t, s, s, true);
    }
});
