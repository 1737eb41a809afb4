#![no_main]
//! `/relcut` commands in arbitrary comment bodies.
use libfuzzer_sys::fuzz_target;
use relcut_core::command;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = std::str::from_utf8(data) {
        for cmd in command::parse(body) {
            assert!(cmd.line >= 1);
            if let Err(command::CommandError::Unknown { word: Some(w) }) = &cmd.request {
                assert!(w.chars().all(|c| !c.is_ascii_uppercase()));
            }
        }
    }
});
