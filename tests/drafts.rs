//! Draft rounds: every page of a draft says which draft it is.

mod common;
use common::root;

const FIXTURE: &str = "fixtures/ardenvale";
const DRAFT_LINE: &str = "Draft 2 · 20 November 2026";

#[test]
fn every_page_of_a_draft_carries_the_mark_and_the_draft_number_and_date() {
    let build = sscp::build(&root().join(FIXTURE)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.text.len(), 12);
    for (i, page) in build.text.iter().enumerate() {
        assert!(page.contains("DRAFT"), "page {} has no DRAFT mark", i + 1);
        assert!(
            page.contains(DRAFT_LINE),
            "page {} does not say {DRAFT_LINE:?}",
            i + 1
        );
    }
}
