//! Render stage: routes, link checks, views and templates (the page families in `pages/` use them).

pub mod attachments;
pub mod charts;
pub mod embedded_theme;
pub mod history_views;
pub mod links;
pub mod pairing_views;
pub mod routes;
pub mod templates;
pub mod views;

pub use routes::{Route, RouteTable};
