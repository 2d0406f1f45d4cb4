//! The site index: every cross-reference a page needs (documents by source, a region's pairings and
//! counts, a party's related documents, programme dates), built once so no page scans the site.

use crate::date::PartialDate;
use crate::divisions::{Level, divisions};
use crate::load::Section;
use crate::model::Document;
use crate::model::document::Amendment;
use crate::model::pairing::PairingGraph;
use crate::model::pairing::names::PartyKind;
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a party does in a pairing row of a region page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowRole {
    Recipient,
    Supporter,
}

impl RowRole {
    pub fn label(self) -> &'static str {
        match self {
            RowRole::Recipient => "受援",
            RowRole::Supporter => "支援",
        }
    }
}

/// One row of a region page: a party located there, in one of its pairings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionRow {
    pub pairing: usize,
    pub party: usize,
    pub role: RowRole,
}

/// Everything a province, prefecture or county page shows, precomputed.
#[derive(Debug, Clone, Default)]
pub struct RegionEntry {
    /// Rows of the parties whose deepest routed region is this one (for a county: all of its
    /// schools), in pairing order. Province and prefecture pages list only these; their other
    /// schools are on the pages of their child regions.
    pub rows: Vec<RegionRow>,
    /// Schools and institutions within the region that are recipients or supporters.
    pub schools: usize,
    /// Cities and counties within the region that are themselves parties (临沂市 in 山东省).
    pub regions_within: usize,
    /// Pairings that involve the region or a party within it, in pairing order (counted on its
    /// page, listed in its open-data files).
    pub pairing_list: Vec<usize>,
    /// Pairings in which the region itself is a party (济南市 helps 临沂市).
    pub own_pairings: Vec<usize>,
    /// Pairings in which a city or county within the region is a party (山东省: 济南市 → 临沂市).
    pub within_pairings: Vec<usize>,
    /// Pairings by 学段, by lead and by the sides within the region: each pairing of
    /// `pairing_list` once in each (so every chart adds up to the region's pairings).
    pub by_stage: BTreeMap<String, usize>,
    pub by_lead: BTreeMap<String, usize>,
    pub by_side: BTreeMap<String, usize>,
    /// Related documents (newest first): sources of its programmes and documents naming it.
    pub documents: Vec<usize>,
    /// Pairs that involved a party within the region and have ended (a later list changed or
    /// left them out).
    pub ended: usize,
    /// Schools and institutions whose deepest routed region is this one and whose pairs have
    /// all ended (they have no row in `rows`, but keep their pages).
    pub ended_parties: Vec<usize>,
}

impl RegionEntry {
    /// Schools, institutions and regions that take part within the region, the region itself
    /// included when it is a party (普宁市 helps no one but is helped: 1).
    /// Leads are not counted: they are no side of a pairing (the text says 参与结对).
    pub fn participants(&self) -> usize {
        self.schools + self.regions_within + usize::from(!self.own_pairings.is_empty())
    }
}

/// What a programme list shows of a programme, precomputed.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeEntry {
    /// The document that published it.
    pub source: Option<usize>,
    /// The document that published each version of its list (the first is `source`).
    pub versions: Vec<Option<usize>>,
    /// The documents its pages show: its source and every version's notice.
    pub shows: Vec<usize>,
    pub recipients: usize,
    pub supporters: usize,
    pub counties: usize,
}

/// The cross-references of the whole site, built once after the model.
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    pub programmes: Vec<ProgrammeEntry>,
    /// The county-level division of each party, by party index.
    pub party_county: Vec<Option<u32>>,
    /// Related documents of each party (newest first), by party index.
    pub party_documents: Vec<Vec<usize>>,
    /// Every province, prefecture and county that has a party, by code.
    pub regions: BTreeMap<u32, RegionEntry>,
    /// The first county-level division with each name, in party order (for count links).
    pub county_by_name: HashMap<String, u32>,
    /// The first party with each name, in party order (a programme's leads).
    pub party_by_name: HashMap<String, usize>,
    /// The newest date (published or updated) of any notice or report: the "最后更新" of the pages
    /// that show the whole site (home, search, directory, indexes). Plain pages such as 关于本站
    /// count only for themselves.
    pub newest: Option<PartialDate>,
    /// The later notices that adjust, replace or repeal each document, oldest first.
    pub amended_by: Vec<Vec<(Amendment, usize)>>,
    /// The earlier notices each document adjusts, replaces or repeals, as its front matter lists them.
    pub amends: Vec<Vec<(Amendment, usize)>>,
    /// Each document with the documents its page names (it and the notices that change it or
    /// that it changes): its page is rendered again when one of them changes.
    pub document_pages_show: Vec<Vec<usize>>,
    /// The notice that announced each rename (`PairingGraph::renames`).
    pub rename_notices: Vec<Option<usize>>,
}

/// The routed regions (province, prefecture, county) containing `code`, province first.
pub fn routed_regions(code: u32) -> Vec<u32> {
    divisions()
        .path(code)
        .iter()
        .filter(|d| d.level() <= Level::County)
        .map(|d| d.code)
        .collect()
}

impl SiteIndex {
    pub fn build(documents: &[std::sync::Arc<Document>], pg: &PairingGraph) -> SiteIndex {
        let doc_by_source: HashMap<String, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.source.clone(), i))
            .collect();
        let programme_source: Vec<Option<usize>> = pg
            .programmes
            .iter()
            .map(|p| p.notice.as_ref().and_then(|n| doc_by_source.get(n).copied()))
            .collect();
        let party_regions: Vec<Vec<u32>> = pg
            .parties
            .par_iter()
            .map(|p| p.code.map(routed_regions).unwrap_or_default())
            .collect();
        // The name matcher takes a while to build at national size and needs only the names
        // (and the regions the parties lie in): built beside everything else of the index.
        let region_codes: BTreeSet<u32> = party_regions.iter().flatten().copied().collect();
        let (names, (mut index, region_programmes)) = rayon::join(
            || NameMatcher::new(pg, &region_codes),
            || {
                let party_county: Vec<Option<u32>> = party_regions
                    .iter()
                    .map(|r| r.iter().copied().find(|c| Level::of(*c) == Level::County))
                    .collect();
                let mut index = SiteIndex {
                    party_county,
                    newest: documents
                        .iter()
                        .filter(|d| d.section != Section::Pages)
                        .map(|d| d.last_updated())
                        .max(),
                    ..SiteIndex::default()
                };
                for (i, party) in pg.parties.iter().enumerate() {
                    index.party_by_name.entry(party.name.clone()).or_insert(i);
                    if let Some(code) = party.code {
                        for d in divisions().path(code).iter().filter(|d| d.level() == Level::County) {
                            index.county_by_name.entry(d.name.to_string()).or_insert(d.code);
                        }
                    }
                }
                index.index_programmes(pg, programme_source, &doc_by_source);
                index.rename_notices = pg
                    .renames
                    .iter()
                    .map(|r| r.notice.as_ref().and_then(|n| doc_by_source.get(n).copied()))
                    .collect();
                let region_programmes = index.index_regions(pg, &party_regions);
                (index, region_programmes)
            },
        );
        index.index_documents(documents, pg, &region_programmes, names);
        index.index_amendments(documents, &doc_by_source);
        index
    }

    /// Which notices change which (`adjusts`/`replaces`/`repeals`, resolved to documents; what
    /// does not resolve was reported by the site graph) and, from that, what each document's
    /// page shows.
    fn index_amendments(&mut self, documents: &[std::sync::Arc<Document>], doc_by_source: &HashMap<String, usize>) {
        self.amended_by = vec![Vec::new(); documents.len()];
        self.amends = vec![Vec::new(); documents.len()];
        for (i, d) in documents.iter().enumerate() {
            for a in d.notice.iter().flat_map(|n| &n.amends) {
                if let Some(&target) = doc_by_source.get(&a.target)
                    && target != i
                    && documents[target].section == Section::Notices
                {
                    self.amends[i].push((a.kind, target));
                    self.amended_by[target].push((a.kind, i));
                }
            }
        }
        // Documents are newest first: the later notices, oldest first, are in descending index.
        for list in &mut self.amended_by {
            list.sort_by_key(|&(kind, i)| (std::cmp::Reverse(i), kind));
        }
        self.document_pages_show = (0..documents.len())
            .map(|i| {
                let mut shown: Vec<usize> = std::iter::once(i)
                    .chain(self.amended_by[i].iter().map(|&(_, d)| d))
                    .chain(self.amends[i].iter().map(|&(_, d)| d))
                    .collect();
                shown.sort_unstable();
                shown.dedup();
                shown
            })
            .collect();
    }

    /// The date of the document that published programme `i`.
    pub fn programme_date(&self, documents: &[std::sync::Arc<Document>], i: usize) -> Option<PartialDate> {
        self.programmes[i].source.map(|d| documents[d].date)
    }

    /// When programme `i`'s source document was last changed.
    pub fn programme_updated(&self, documents: &[std::sync::Arc<Document>], i: usize) -> Option<PartialDate> {
        let entry = &self.programmes[i];
        match entry.shows.len() {
            0 | 1 => entry.source.map(|d| documents[d].last_updated()),
            _ => entry.shows.iter().map(|&d| documents[d].last_updated()).max(),
        }
    }

    /// The date version `v` of programme `i`'s list took effect: the date the programme file
    /// gives it, else its notice's date.
    pub fn version_date(
        &self,
        documents: &[std::sync::Arc<Document>],
        pg: &PairingGraph,
        i: usize,
        v: usize,
    ) -> Option<PartialDate> {
        pg.programmes[i].versions[v]
            .date
            .as_deref()
            .and_then(PartialDate::parse)
            .or_else(|| self.programmes[i].versions[v].map(|d| documents[d].date))
    }

    fn index_programmes(
        &mut self,
        pg: &PairingGraph,
        sources: Vec<Option<usize>>,
        doc_by_source: &HashMap<String, usize>,
    ) {
        for (p, source) in pg.programmes.iter().zip(sources) {
            let versions: Vec<Option<usize>> = std::iter::once(source)
                .chain(
                    p.versions
                        .iter()
                        .skip(1)
                        .map(|v| v.notice.as_ref().and_then(|n| doc_by_source.get(n).copied())),
                )
                .collect();
            let mut shows: Vec<usize> = versions.iter().flatten().copied().collect();
            shows.sort_unstable();
            shows.dedup();
            let mut recipients: Vec<usize> = p.pairings.iter().map(|&i| pg.pairings[i].recipient).collect();
            recipients.sort_unstable();
            recipients.dedup();
            let mut supporters: Vec<usize> = p
                .pairings
                .iter()
                .flat_map(|&i| pg.pairings[i].supporters.iter().copied())
                .collect();
            supporters.sort_unstable();
            supporters.dedup();
            // Recipients not placed at county level are in no county: they are not counted.
            let counties: BTreeSet<u32> = recipients.iter().filter_map(|&r| self.party_county[r]).collect();
            self.programmes.push(ProgrammeEntry {
                source,
                versions,
                shows,
                recipients: recipients.len(),
                supporters: supporters.len(),
                counties: counties.len(),
            });
        }
    }

    /// Fills `regions`; returns the programmes that involve each region.
    fn index_regions(&mut self, pg: &PairingGraph, party_regions: &[Vec<u32>]) -> HashMap<u32, BTreeSet<usize>> {
        for codes in party_regions {
            for &c in codes {
                self.regions.entry(c).or_default();
            }
        }
        let mut schools: HashMap<u32, BTreeSet<usize>> = HashMap::new();
        let mut regions: HashMap<u32, BTreeSet<usize>> = HashMap::new();
        // Each region a pairing touches, with the sides it has there (bit 0: the recipient,
        // bit 1: a supporter). A pairing is counted once per region, whichever sides are in it.
        let mut touched: Vec<(u32, u8)> = Vec::new();
        let mut programmes: HashMap<u32, BTreeSet<usize>> = HashMap::new();
        for (i, pairing) in pg.pairings.iter().enumerate() {
            touched.clear();
            let stage = pairing.stage.as_deref().unwrap_or(NOT_STATED);
            let lead = pairing.lead.map(|l| pg.parties[l].name.as_str()).unwrap_or(NOT_STATED);
            let parties = std::iter::once((pairing.recipient, RowRole::Recipient))
                .chain(pairing.supporters.iter().map(|&s| (s, RowRole::Supporter)));
            for (party, role) in parties {
                let side = match role {
                    RowRole::Recipient => 1,
                    RowRole::Supporter => 2,
                };
                let p = &pg.parties[party];
                if p.kind == PartyKind::Region {
                    if let Some(entry) = p.code.and_then(|c| self.regions.get_mut(&c))
                        && entry.own_pairings.last() != Some(&i)
                    {
                        entry.own_pairings.push(i);
                    }
                    // The region and every region containing it take part in the pairing.
                    for &c in &party_regions[party] {
                        if Some(c) != p.code {
                            regions.entry(c).or_default().insert(party);
                            if let Some(entry) = self.regions.get_mut(&c)
                                && entry.within_pairings.last() != Some(&i)
                            {
                                entry.within_pairings.push(i);
                            }
                        }
                        touched.push((c, side));
                    }
                    continue;
                }
                let codes = &party_regions[party];
                for (depth, c) in codes.iter().enumerate() {
                    let Some(entry) = self.regions.get_mut(c) else { continue };
                    if depth + 1 == codes.len() {
                        entry.rows.push(RegionRow {
                            pairing: i,
                            party,
                            role,
                        });
                    }
                    schools.entry(*c).or_default().insert(party);
                    touched.push((*c, side));
                }
            }
            touched.sort_unstable();
            let mut at = 0;
            while at < touched.len() {
                let code = touched[at].0;
                let mut sides = 0u8;
                while at < touched.len() && touched[at].0 == code {
                    sides |= touched[at].1;
                    at += 1;
                }
                if let Some(entry) = self.regions.get_mut(&code) {
                    entry.pairing_list.push(i);
                    bump(&mut entry.by_stage, stage);
                    bump(&mut entry.by_lead, lead);
                    bump(&mut entry.by_side, side_label(sides));
                }
                programmes.entry(code).or_default().insert(pairing.programme);
            }
        }
        for pairing in &pg.history {
            let mut codes: Vec<u32> = std::iter::once(pairing.recipient)
                .chain(pairing.supporters.iter().copied())
                .flat_map(|p| party_regions[p].iter().copied())
                .collect();
            codes.sort_unstable();
            codes.dedup();
            for c in codes {
                if let Some(entry) = self.regions.get_mut(&c) {
                    entry.ended += 1;
                }
            }
            for p in std::iter::once(pairing.recipient).chain(pairing.supporters.iter().copied()) {
                if pg.parties[p].pairings.is_empty()
                    && pg.parties[p].kind != PartyKind::Region
                    && let Some(entry) = party_regions[p].last().and_then(|c| self.regions.get_mut(c))
                    && !entry.ended_parties.contains(&p)
                {
                    entry.ended_parties.push(p);
                }
            }
        }
        for (code, entry) in self.regions.iter_mut() {
            entry.schools = schools.get(code).map(BTreeSet::len).unwrap_or(0);
            entry.regions_within = regions.get(code).map(BTreeSet::len).unwrap_or(0);
        }
        programmes
    }

    /// Related documents of every party and region: the sources of their programmes, documents
    /// that name them (found in one pass over all texts) and, for institutions, their reports.
    fn index_documents(
        &mut self,
        documents: &[std::sync::Arc<Document>],
        pg: &PairingGraph,
        region_programmes: &HashMap<u32, BTreeSet<usize>>,
        NameMatcher { matcher, targets }: NameMatcher,
    ) {
        let mentions = matcher.map(|m| find_mentions(documents, &m)).unwrap_or_default();
        let mut party_docs: Vec<Vec<usize>> = vec![Vec::new(); pg.parties.len()];
        let mut region_docs: HashMap<u32, Vec<usize>> = HashMap::new();
        for (doc, ids) in mentions {
            for id in ids {
                for t in &targets[id] {
                    match t {
                        Target::Party(p) => party_docs[*p].push(doc),
                        Target::Region(c) => region_docs.entry(*c).or_default().push(doc),
                    }
                }
            }
        }
        let listed = |d: usize| documents[d].section != Section::Pages;
        let mut by_institution: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_region_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in documents.iter().enumerate().filter(|(i, _)| listed(*i)) {
            if let Some(name) = d.report.as_ref().and_then(|r| r.institution.as_deref()) {
                by_institution.entry(name).or_default().push(i);
            }
            for r in &d.regions {
                by_region_name.entry(r.as_str()).or_default().push(i);
            }
        }
        for (i, party) in pg.parties.iter().enumerate() {
            let docs = &mut party_docs[i];
            let mut programmes: Vec<usize> = party
                .pairings
                .iter()
                .map(|&p| pg.pairings[p].programme)
                .chain(party.ended.iter().map(|&p| pg.history[p].programme))
                .collect();
            programmes.sort_unstable();
            programmes.dedup();
            docs.extend(programmes.iter().filter_map(|&p| self.programmes[p].source));
            // The notices of the versions that began, carried or ended its pairs.
            let version_doc =
                |programme: usize, v: usize| self.programmes[programme].versions.get(v).copied().flatten();
            for p in party.pairings.iter().map(|&p| &pg.pairings[p]) {
                if pg.programmes[p.programme].versions.len() > 1 {
                    docs.extend(
                        [p.since, p.version]
                            .into_iter()
                            .filter_map(|v| version_doc(p.programme, v)),
                    );
                }
            }
            for p in party.ended.iter().map(|&p| &pg.history[p]) {
                docs.extend(
                    [Some(p.since), Some(p.version), p.until]
                        .into_iter()
                        .flatten()
                        .filter_map(|v| version_doc(p.programme, v)),
                );
            }
            docs.extend(party.former.iter().filter_map(|&r| self.rename_notices[r]));
            for name in std::iter::once(&party.name).chain(&party.spellings) {
                docs.extend(by_institution.get(name.as_str()).into_iter().flatten());
            }
            docs.retain(|&d| listed(d));
            docs.sort_unstable();
            docs.dedup();
        }
        self.party_documents = party_docs;
        for (code, entry) in self.regions.iter_mut() {
            let mut docs = region_docs.remove(code).unwrap_or_default();
            docs.extend(
                region_programmes
                    .get(code)
                    .into_iter()
                    .flatten()
                    .filter_map(|&p| self.programmes[p].source),
            );
            if let Some(d) = divisions().get(*code) {
                docs.extend(by_region_name.get(d.name).into_iter().flatten());
            }
            docs.retain(|&d| listed(d));
            docs.sort_unstable();
            docs.dedup();
            entry.documents = docs;
        }
    }
}

/// The label of a fact the source does not give (a blank 学段 or 牵头单位).
pub const NOT_STATED: &str = "未注明";

/// Which sides of a pairing are within a region, in words (bit 0: recipient, bit 1: supporter).
fn side_label(sides: u8) -> &'static str {
    match sides {
        1 => "受援方在本地区",
        2 => "支援方在本地区",
        _ => "双方都在本地区",
    }
}

fn bump(counts: &mut BTreeMap<String, usize>, label: &str) {
    match counts.get_mut(label) {
        Some(n) => *n += 1,
        None => {
            counts.insert(label.to_string(), 1);
        }
    }
}

/// What a name found in a document refers to.
#[derive(Debug, Clone, Copy)]
enum Target {
    Party(usize),
    Region(u32),
}

/// The names of every party (and its other spellings) and of every region parties lie in, and
/// multi-pattern matchers over them (none when there are no names).
struct NameMatcher {
    matcher: Option<SplitMatcher>,
    /// What each pattern refers to.
    targets: Vec<Vec<Target>>,
}

impl NameMatcher {
    fn new(pg: &PairingGraph, region_codes: &BTreeSet<u32>) -> NameMatcher {
        let mut names = Names::default();
        for (i, party) in pg.parties.iter().enumerate() {
            if party.kind == PartyKind::Region {
                continue;
            }
            names.add(&party.name, Target::Party(i));
            for s in &party.spellings {
                names.add(s, Target::Party(i));
            }
        }
        for &code in region_codes {
            if let Some(d) = divisions().get(code) {
                names.add(d.name, Target::Region(code));
            }
        }
        let Names { patterns, targets, .. } = names;
        let part = patterns
            .len()
            .div_ceil(rayon::current_num_threads().max(1))
            .max(MATCHER_PART);
        NameMatcher {
            matcher: SplitMatcher::new(&patterns, part),
            targets,
        }
    }
}

/// Names per automaton, at least: below this one automaton is built; above, the names are split
/// into one part per thread and their automata built in parallel (building an automaton is
/// sequential, and at national size it was a quarter of the load stage, on one core).
const MATCHER_PART: usize = 50_000;

/// An Aho-Corasick automaton over characters (daachorse's double array: at 500,000 school names
/// it builds in 0.8 s where the `aho-corasick` crate took 1.3 s, and reads texts 2.3 times faster).
type Automaton = CharwiseDoubleArrayAhoCorasick<u32>;

/// Aho-Corasick automata over consecutive parts of one list of patterns, each with the id of its
/// first pattern: their matches together are those of one automaton over the whole list.
struct SplitMatcher {
    parts: Vec<(Automaton, usize)>,
}

impl SplitMatcher {
    /// Automata over `patterns`, `part` patterns each; `None` when there are none (or a part
    /// could not be built).
    fn new(patterns: &[&str], part: usize) -> Option<SplitMatcher> {
        if patterns.is_empty() {
            return None;
        }
        let part = part.max(1);
        let parts: Option<Vec<(Automaton, usize)>> = patterns
            .par_chunks(part)
            .enumerate()
            .map(|(i, chunk)| {
                // The patterns are distinct and not empty (`Names` sees to it), as daachorse needs.
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(chunk)
                    .ok()
                    .map(|m| (m, i * part))
            })
            .collect();
        parts.map(|parts| SplitMatcher { parts })
    }

    /// Every match in `text` (overlapping ones too): start, end and pattern id.
    fn spans(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut spans = Vec::new();
        for (matcher, first) in &self.parts {
            spans.extend(
                matcher
                    .find_overlapping_iter(text)
                    .map(|m| (m.start(), m.end(), first + m.value() as usize)),
            );
        }
        spans
    }
}

/// For each listed document, the patterns it names in its title or body. A name that occurs only
/// inside a longer name of the list (东兴市 in 东兴市京族学校) is not counted.
fn find_mentions(documents: &[std::sync::Arc<Document>], matcher: &SplitMatcher) -> Vec<(usize, Vec<usize>)> {
    documents
        .par_iter()
        .enumerate()
        .filter(|(_, d)| d.section != Section::Pages)
        .map(|(i, d)| {
            let mut ids = outermost_matches(matcher, &d.title);
            ids.extend(outermost_matches(matcher, &d.body));
            ids.sort_unstable();
            ids.dedup();
            (i, ids)
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect()
}

/// Pattern ids of the matches in `text` that are not inside a longer match.
fn outermost_matches(matcher: &SplitMatcher, text: &str) -> Vec<usize> {
    let mut spans = matcher.spans(text);
    // By start, longest first: a match is inside another exactly when an earlier one reaches as far.
    spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut reach = 0usize;
    let mut out = Vec::new();
    for (_, end, id) in spans {
        if end > reach {
            out.push(id);
            reach = end;
        }
    }
    out
}

/// The names to look for, each with what it refers to.
#[derive(Default)]
struct Names<'a> {
    ids: rustc_hash::FxHashMap<&'a str, usize>,
    patterns: Vec<&'a str>,
    targets: Vec<Vec<Target>>,
}

impl<'a> Names<'a> {
    fn add(&mut self, name: &'a str, target: Target) {
        if name.is_empty() {
            return;
        }
        let id = match self.ids.get(name) {
            Some(&id) => id,
            None => {
                self.patterns.push(name);
                self.targets.push(Vec::new());
                self.ids.insert(name, self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        self.targets[id].push(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(patterns: &[&str], text: &str) -> Vec<usize> {
        let whole = SplitMatcher::new(patterns, patterns.len()).unwrap();
        let mut ids = outermost_matches(&whole, text);
        ids.sort_unstable();
        // Split into automata of one pattern each, the same names are found.
        let split = SplitMatcher::new(patterns, 1).unwrap();
        assert_eq!(split.parts.len(), patterns.len());
        let mut split_ids = outermost_matches(&split, text);
        split_ids.sort_unstable();
        assert_eq!(split_ids, ids, "{text}");
        ids
    }

    #[test]
    fn a_name_inside_a_longer_name_is_not_a_mention() {
        let patterns = ["东兴市", "东兴市京族学校", "防城港市"];
        assert_eq!(ids(&patterns, "东兴市京族学校开展活动"), vec![1]);
        assert_eq!(ids(&patterns, "东兴市京族学校与东兴市其他学校"), vec![0, 1]);
        assert_eq!(ids(&patterns, "防城港市东兴市"), vec![0, 2], "neighbours both count");
        assert_eq!(ids(&patterns, "无关的文字"), Vec::<usize>::new());
    }
}
