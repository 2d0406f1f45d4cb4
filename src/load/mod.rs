//! Load stage: reads `content/` into parsed source files (front matter + Markdown body).

pub mod column_roles;
pub mod content;
pub mod docx;
pub mod fields;
pub mod front_matter;
pub mod input;
pub mod programmes;
pub mod reading_pool;
pub mod tables;

pub use content::{ContentFile, Section, load_content};

pub use fields::Fields;
pub use front_matter::{FrontMatter, FrontMatterFormat};
pub use input::{check_input, outside_site};
