//! One page per route. The case pages keep their sections in `renovation_case/` and
//! `feedback_case/`.
//!
//! Architecture invariant: a page imports no other page; what two screens share lives in
//! `components/`, and links go through `routes::Route`.

pub mod calendar_page;
pub mod conflicts_page;
pub mod dashboard_page;
pub mod feedback_case;
pub mod feedback_case_page;
pub mod feedback_page;
pub mod new_renovation_page;
pub mod not_found_page;
pub mod patrol_page;
pub mod patrols_page;
pub mod print_page;
pub mod renovation_case;
pub mod renovation_case_page;
pub mod renovations_page;
pub mod reports_page;
pub mod settings_page;
pub mod sync_page;
pub mod tickets_page;
