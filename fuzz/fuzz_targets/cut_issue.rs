#![no_main]
//! Reading and ticking arbitrary cut-issue bodies: no panic, and a tick changes one line.
use libfuzzer_sys::fuzz_target;
use relcut_core::checklist::{self, IssueInput};
use relcut_core::StepId;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let issue = checklist::read(IssueInput { title: Some("Cut v1.36.0-rc.1 release"), body, created_at: None });
    let _ = issue.report_markdown(None);
    let _ = relcut_core::history::parse(body);
    for id in StepId::ALL {
        if let Ok(out) = checklist::tick(body, id.as_str(), Some("https://example.com/x")) {
            let changed = body.split('\n').zip(out.split('\n')).filter(|(a, b)| a != b).count();
            assert_eq!(body.split('\n').count(), out.split('\n').count());
            assert!(changed <= 1);
        }
    }
});
