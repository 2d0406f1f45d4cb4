//! The 数据说明 page (`/open-data/`): what the open-data files hold, column by column, and every
//! download of the site.

use super::family::{PageFamily, PageInput, Router, v};
use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::model::pairing::record::{CHANGE_COLUMNS, COLUMNS};
use crate::render::routes::{DATA_FORMATS, DATA_GUIDE_PATH};
use minijinja::{Value, context};

/// The 数据说明 page, on sites with pairings.
pub struct DataGuide;

impl PageFamily for DataGuide {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        if !graph.pairing.programmes.is_empty() {
            router.add(DATA_GUIDE_PATH, (0, 0), ("content/programmes", None), diagnostics);
        }
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let views = page.views;
        let (site, current) = (page.site.clone(), page.current.clone());
        let graph = views.graph;
        let pg = &graph.pairing;
        let programme_updated = |i: usize| graph.index.programme_updated(&graph.documents, i);
        let columns: Vec<_> = COLUMNS
            .iter()
            .map(|&(name, meaning)| context! { name, meaning })
            .collect();
        let revised = pg.programmes.iter().any(|p| p.versions.len() > 1);
        let change_columns: Vec<_> = CHANGE_COLUMNS
            .iter()
            .filter(|_| revised)
            .map(|&(name, meaning)| context! { name, meaning })
            .collect();
        let all = views.data_links("/data/pairings", &DATA_FORMATS, "全部结对名单");
        let updated = (0..pg.programmes.len()).filter_map(programme_updated).max();
        let ctx = context! {
            site, current, updated => v(updated), columns, change_columns, all => v(all),
            programmes => v((0..pg.programmes.len()).map(|i| views.programme_summary(i)).collect::<Vec<_>>()),
            programme_data => v((0..pg.programmes.len()).map(|i| views.programme_data_links(i)).collect::<Vec<_>>()),
            regions_url => views.url("/regions/"),
            larger_regions_xlsx => graph.config.open_data.larger_regions_xlsx(pg.pairings.len()),
            breadcrumbs => v(views.breadcrumbs(&[("数据说明", DATA_GUIDE_PATH)])),
        };
        ("data_guide.html", ctx)
    }
}
