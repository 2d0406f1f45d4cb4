//! Template contexts of the programme, party and region pages.

use crate::render::pages::v;
use crate::render::routes::{PageKind, Route};
use crate::render::views::ViewBuilder;
use minijinja::{Value, context};

/// The template and context of a pairing page; `None` for other kinds.
pub fn pairing_context(views: &ViewBuilder, route: &Route, body: &str, site: Value) -> Option<(&'static str, Value)> {
    let graph = views.graph;
    let pg = &graph.pairing;
    let current = views.url(&route.path);
    let newest = graph.index.newest;
    let programme_updated = |i: usize| graph.index.programme_updated(&graph.documents, i);
    let result = match &route.kind {
        PageKind::ProgrammeList => {
            let mut order: Vec<usize> = (0..pg.programmes.len()).collect();
            order.sort_by_key(|&i| {
                (
                    pg.programmes[i].weight,
                    std::cmp::Reverse(programme_updated(i)),
                    pg.programmes[i].title.clone(),
                )
            });
            let programmes: Vec<_> = order.iter().map(|&i| views.programme_summary(i)).collect();
            let data = views.data_links("/data/pairings", &crate::render::routes::DATA_FORMATS, "全部结对名单");
            let updated = (0..pg.programmes.len()).filter_map(programme_updated).max();
            let ctx = context! {
                site, current, updated => v(updated), programmes => v(programmes), data => v(data),
                total => pg.pairings.len(),
                breadcrumbs => v(views.breadcrumbs(&[("结对项目", "/programmes/")])),
            };
            ("programme_list.html", ctx)
        }
        PageKind::Programme(i) => {
            let page = views.programme(*i, body, route.page);
            let ctx = context! {
                site, current, updated => v(programme_updated(*i)),
                breadcrumbs => v(views.breadcrumbs(&[("结对项目", "/programmes/"), (pg.programmes[*i].title.as_str(), &route.path)])),
                page => v(page),
            };
            ("programme.html", ctx)
        }
        PageKind::Party(i) => {
            let page = views.party(*i, route.page);
            let mut trail: Vec<(String, String)> = vec![("地区".into(), "/regions/".into())];
            for link in &page.path {
                trail.push((
                    link.title.clone(),
                    link.url.trim_start_matches(&views.base_path).to_string(),
                ));
            }
            trail.push((page.name.clone(), route.path.clone()));
            let trail_refs: Vec<(&str, &str)> = trail.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let updated = views
                .party_programmes(*i)
                .iter()
                .filter_map(|&p| programme_updated(p))
                .max();
            let ctx = context! { site, current, updated => v(updated), breadcrumbs => v(views.breadcrumbs(&trail_refs)), page => v(page) };
            ("party.html", ctx)
        }
        PageKind::RegionIndex => {
            let tree = views.region_tree();
            let ctx = context! {
                site, current, updated => v(newest), tree => v(tree),
                breadcrumbs => v(views.breadcrumbs(&[("地区", "/regions/")])),
            };
            ("region_index.html", ctx)
        }
        PageKind::SchoolIndex => {
            const UNPLACED_LISTED: usize = 200;
            let parties = &views.graph.pairing.parties;
            let mut institutions: Vec<usize> = (0..parties.len())
                .filter(|&i| parties[i].kind == crate::model::pairing::names::PartyKind::Institution)
                .collect();
            institutions.sort_by(|&a, &b| parties[a].name.cmp(&parties[b].name));
            let mut unplaced: Vec<usize> = (0..parties.len())
                .filter(|&i| {
                    parties[i].kind == crate::model::pairing::names::PartyKind::School && parties[i].code.is_none()
                })
                .collect();
            unplaced.sort_by(|&a, &b| parties[a].name.cmp(&parties[b].name));
            let schools = parties
                .iter()
                .filter(|p| p.kind == crate::model::pairing::names::PartyKind::School)
                .count();
            let ctx = context! {
                site, current, updated => v(newest),
                tree => v(views.region_tree()),
                schools, institution_count => institutions.len(),
                institutions => v(institutions.iter().map(|&i| views.party_link(i)).collect::<Vec<_>>()),
                // At national size a messy list may leave thousands unplaced: the page lists the
                // first ones (by name) and counts the rest, which the finder still finds.
                unplaced => v(unplaced.iter().take(UNPLACED_LISTED).map(|&i| views.party_link(i)).collect::<Vec<_>>()),
                unplaced_more => unplaced.len().saturating_sub(UNPLACED_LISTED),
                search_url => views.url("/search/"),
                breadcrumbs => v(views.breadcrumbs(&[("学校和单位", "/schools/")])),
            };
            ("school_index.html", ctx)
        }
        PageKind::DataGuide => {
            let columns: Vec<_> = crate::emit::open_data::COLUMNS
                .iter()
                .map(|&(name, meaning)| context! { name, meaning })
                .collect();
            let all = views.data_links("/data/pairings", &crate::render::routes::DATA_FORMATS, "全部结对名单");
            let updated = (0..pg.programmes.len()).filter_map(programme_updated).max();
            let ctx = context! {
                site, current, updated => v(updated), columns, all => v(all),
                programmes => v((0..pg.programmes.len()).map(|i| views.programme_summary(i)).collect::<Vec<_>>()),
                programme_data => v((0..pg.programmes.len()).map(|i| views.programme_data_links(i)).collect::<Vec<_>>()),
                regions_url => views.url("/regions/"),
                breadcrumbs => v(views.breadcrumbs(&[("数据说明", crate::render::routes::DATA_GUIDE_PATH)])),
            };
            ("data_guide.html", ctx)
        }
        PageKind::Region(code) => {
            let page = views.region(*code, route.page);
            let mut trail: Vec<(String, String)> = vec![("地区".into(), "/regions/".into())];
            for link in &page.path {
                trail.push((
                    link.title.clone(),
                    link.url.trim_start_matches(&views.base_path).to_string(),
                ));
            }
            let trail_refs: Vec<(&str, &str)> = trail.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let updated = page.documents.iter().map(|d| d.date).max();
            let ctx = context! { site, current, updated => v(updated), breadcrumbs => v(views.breadcrumbs(&trail_refs)), page => v(page) };
            ("region.html", ctx)
        }
        _ => return None,
    };
    Some(result)
}
