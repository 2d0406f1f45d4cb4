//! CLI transcript tests: each `tests/cmd/*.toml` runs `jiedui` in a sandbox copy of a site.

#[test]
fn cli_transcripts() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
