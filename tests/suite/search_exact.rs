//! Property test of the search's promise: the reference query (`search::query`, which `search.js`
//! mirrors) returns exactly the documents whose normalised text holds the normalised query, with
//! and without the punctuation of 文号 and names (precision = recall = 1.0).

use jiedui::search::index::{SearchDoc, build_index};
use jiedui::search::tokenize::{fields_hold, normalised_text};
use jiedui_devkit::query::{run_query, run_query_exhaustive};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Few distinct characters, so that generated queries often occur in several documents, and
/// every kind of mark: kept ones (in their full-width, 〔〕 and 【】 forms too) and separators.
const ALPHABET: &[&str] = &[
    "东", "兴", "市", "学", "校", "号", "年", "第", "2", "0", "1", "3", "7", "a", "B", "〔", "〕", "[", "]", "【",
    "】", "（", "）", "(", ")", "《", "》", "、", "—", "·", "-", "/", "／", " ", "，", "。", "：",
];

/// The true answer: the documents whose title or body holds the query, by plain string search.
fn truth(docs: &[(String, String)], query: &str) -> BTreeSet<u32> {
    docs.iter()
        .enumerate()
        .filter(|(_, (title, body))| fields_hold(&[title, body], query))
        .map(|(i, _)| i as u32)
        .collect()
}

fn index(docs: &[(String, String)]) -> HashMap<String, Vec<u8>> {
    let docs = docs
        .iter()
        .enumerate()
        .map(|(i, (title, body))| SearchDoc {
            url: format!("/{i}/"),
            title: title.clone(),
            kind: "政策文件",
            // Newest first keeps document ids in the order given.
            date: Some(format!("{:04}", 9000 - i)),
            region: String::new(),
            meta: String::new(),
            body: body.clone(),
            kind_rank: 0,
            origin: Default::default(),
        })
        .collect();
    build_index(docs, &[]).0.into_iter().collect()
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max).prop_map(|v| v.concat())
}

/// A query: a piece of one of the documents (so that it often matches), or random text.
fn query_for(docs: &[(String, String)]) -> impl Strategy<Value = String> + use<> {
    let bodies: Vec<Vec<char>> = docs.iter().map(|(_, b)| b.chars().collect()).collect();
    prop_oneof![
        (0..bodies.len(), 0usize..60, 1usize..10).prop_map(move |(d, from, len)| {
            let body = &bodies[d];
            let from = from.min(body.len());
            body[from..(from + len).min(body.len())].iter().collect::<String>()
        }),
        text(7),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_query_returns_exactly_the_documents_holding_it(
        (docs, queries) in prop::collection::vec((text(8), text(60)), 1..12)
            .prop_flat_map(|docs| {
                let queries = prop::collection::vec(query_for(&docs), 1..8);
                (Just(docs), queries)
            })
    ) {
        let files = index(&docs);
        for query in queries {
            if normalised_text(&query).trim().is_empty() {
                continue;
            }
            // Every match (all windows), and the first window's: only matches (the page lists
            // these first; with up to 11 documents it can be cut at WINDOW).
            let truth = truth(&docs, &query);
            let all: BTreeSet<u32> = run_query_exhaustive(&|p| files.get(p).cloned(), &query)
                .documents
                .into_iter()
                .collect();
            prop_assert_eq!(&all, &truth, "query {:?} over {:?}", query, docs);
            let first: BTreeSet<u32> = run_query(&files, &query).documents.into_iter().collect();
            prop_assert!(first.is_subset(&truth) && first.is_empty() == truth.is_empty(), "first window of {:?} over {:?}: {:?}", query, docs, first);
        }
    }
}

#[test]
fn the_oracle_itself_can_fail() {
    let docs = vec![
        ("通知（第37号）".to_string(), "2021年".to_string()),
        ("通知".to_string(), "桂政办发〔2021〕37号".to_string()),
        ("通知".to_string(), "桂政办发【2021】137号".to_string()),
    ];
    assert_eq!(truth(&docs, "〔2021〕37号"), BTreeSet::from([1]));
    assert_eq!(
        truth(&docs, "(2021)37号"),
        BTreeSet::from([1]),
        "every bracket of a 文号 is one"
    );
    assert_eq!(truth(&docs, "[2021]"), BTreeSet::from([1, 2]));
    assert_eq!(truth(&docs, "2021 37号"), BTreeSet::from([0, 1]));
    let files = index(&docs);
    for query in ["〔2021〕37号", "（2021）37号", "(2021)37号", "【2021】37号"] {
        let got: BTreeSet<u32> = run_query(&files, query).documents.into_iter().collect();
        assert_eq!(got, BTreeSet::from([1]), "{query}");
    }
}
