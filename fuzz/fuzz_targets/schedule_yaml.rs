#![no_main]
//! schedule.yaml and eol.yaml: arbitrary input never panics; what is read writes and reads back.
use libfuzzer_sys::fuzz_target;
use relcut_core::schedule::{EolFile, PatchSchedule};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(sched) = PatchSchedule::parse(s) {
        assert_eq!(PatchSchedule::parse(&sched.to_yaml()).as_ref(), Ok(&sched));
    }
    if let Ok(eol) = EolFile::parse(s) {
        assert_eq!(EolFile::parse(&eol.to_yaml()).as_ref(), Ok(&eol));
    }
});
