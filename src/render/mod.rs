//! Render stage: routes, link checks, views and templates, rendered in parallel.

pub mod attachments;
pub mod charts;
pub mod embedded_theme;
pub mod links;
pub mod pages;
pub mod pairing_pages;
pub mod pairing_views;
pub mod routes;
pub mod templates;
pub mod views;

pub use pages::render_site;
pub use routes::{PageKind, Route, RouteTable};
