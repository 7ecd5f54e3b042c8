//! The route table: every screen's path, and the link to it with the query that names its
//! case. Pages and components link through [`Route::href`], never through hand-written
//! strings, so a path lives in one place and a link cannot point nowhere.

use estate_core::EntityId;
use leptos_router::StaticSegment;

use crate::app_root::AppRoot;
use crate::i18n::Text;

/// A printable form: of a renovation case, of a complaint or suggestion, or of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintForm {
    /// 《装修申请审批表》 (REN-11).
    Application,
    /// A receipt (收据) of one payer for one collection, named by its number (FEE-6).
    Receipt,
    /// A refund slip (退款单) for the payee to sign, named by its number (REN-41).
    RefundSlip,
    /// The construction permit and the worker passes (REN-20, REN-32).
    Permit,
    /// 《装修管理协议》 with the office's policy values (REN-20).
    Agreement,
    /// 《装修验收单》 (REN-40).
    Acceptance,
    /// 《客户建议/投诉处理记录表》 of one complaint or suggestion (FB-01..10).
    FeedbackRecord,
    /// 《来访接待记录表》 of one office day (FB-01).
    VisitorLog,
}

impl PrintForm {
    pub const ALL: [PrintForm; 8] = [
        PrintForm::Application,
        PrintForm::Receipt,
        PrintForm::RefundSlip,
        PrintForm::Permit,
        PrintForm::Agreement,
        PrintForm::Acceptance,
        PrintForm::FeedbackRecord,
        PrintForm::VisitorLog,
    ];

    /// The name in the link's query.
    pub fn name(self) -> &'static str {
        match self {
            PrintForm::Application => "application",
            PrintForm::Receipt => "receipt",
            PrintForm::RefundSlip => "refund-slip",
            PrintForm::Permit => "permit",
            PrintForm::Agreement => "agreement",
            PrintForm::Acceptance => "acceptance",
            PrintForm::FeedbackRecord => "feedback-record",
            PrintForm::VisitorLog => "visitor-log",
        }
    }

    /// The form a link's query names.
    pub fn from_name(name: &str) -> Option<PrintForm> {
        PrintForm::ALL.into_iter().find(|form| form.name() == name)
    }
}

/// What a printed form is of: a case, one paper of a case (a receipt or refund slip number), or
/// an office day (`2026-12-01`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintOf {
    Case(EntityId),
    Paper(EntityId, String),
    Day(String),
}

/// A screen of the app, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Dashboard,
    Renovations,
    NewRenovation,
    /// One renovation case.
    Renovation(EntityId),
    /// A printable form.
    Print(PrintForm, PrintOf),
    /// The conflicts waiting for review, of one entity or of all.
    Conflicts(Option<EntityId>),
    Feedback,
    /// One complaint or suggestion.
    FeedbackCase(EntityId),
    Patrols,
    /// Patrol mode on one renovation case.
    Patrol(EntityId),
    Tickets,
    Reports,
    Sync,
    Settings,
    /// The working-day calendar, at a year or at the one most in need of entering.
    Calendar(Option<i32>),
}

/// An id in a route pattern, where the route's data does not matter.
const ANY: EntityId = EntityId(String::new());

impl Route {
    /// The screens of the main menu, in order, with their labels.
    pub const MENU: [(Route, Text); 8] = [
        (Route::Dashboard, Text::NavDashboard),
        (Route::Renovations, Text::NavRenovations),
        (Route::Feedback, Text::NavFeedback),
        (Route::Patrols, Text::NavPatrols),
        (Route::Tickets, Text::NavTickets),
        (Route::Reports, Text::NavReports),
        (Route::Sync, Text::NavSync),
        (Route::Settings, Text::NavSettings),
    ];

    /// The pattern of a case page, for the router table.
    pub const RENOVATION: Route = Route::Renovation(ANY);
    pub const PRINT: Route = Route::Print(PrintForm::Application, PrintOf::Case(ANY));
    pub const CONFLICTS: Route = Route::Conflicts(None);
    pub const FEEDBACK_CASE: Route = Route::FeedbackCase(ANY);
    pub const PATROL: Route = Route::Patrol(ANY);
    pub const CALENDAR: Route = Route::Calendar(None);

    /// The path the router matches, below the deploy root.
    pub fn path(&self) -> &'static str {
        match self {
            Route::Dashboard => "/",
            Route::Renovations => "/renovations",
            Route::NewRenovation => "/new-renovation",
            Route::Renovation(_) => "/renovation",
            Route::Print(..) => "/print",
            Route::Conflicts(_) => "/conflicts",
            Route::Feedback => "/feedback",
            Route::FeedbackCase(_) => "/feedback-case",
            Route::Patrols => "/patrols",
            Route::Patrol(_) => "/patrol",
            Route::Tickets => "/tickets",
            Route::Reports => "/reports",
            Route::Sync => "/sync",
            Route::Settings => "/settings",
            Route::Calendar(_) => "/calendar",
        }
    }

    /// The router's segment for this route's path.
    pub fn segment(&self) -> StaticSegment<&'static str> {
        StaticSegment(self.path().trim_start_matches('/'))
    }

    /// The query that names what the screen shows.
    fn query(&self) -> Option<String> {
        match self {
            Route::Renovation(id) | Route::FeedbackCase(id) | Route::Conflicts(Some(id)) => {
                Some(format!("id={}", encode(&id.0)))
            }
            Route::Print(form, PrintOf::Case(id)) => {
                Some(format!("form={}&id={}", form.name(), encode(&id.0)))
            }
            Route::Print(form, PrintOf::Paper(id, paper)) => Some(format!(
                "form={}&id={}&paper={}",
                form.name(),
                encode(&id.0),
                encode(paper)
            )),
            Route::Print(form, PrintOf::Day(day)) => {
                Some(format!("form={}&day={}", form.name(), encode(day)))
            }
            Route::Patrol(case) => Some(format!("case={}", encode(&case.0))),
            Route::Calendar(Some(year)) => Some(format!("year={year}")),
            _ => None,
        }
    }

    /// The target for the router's own `navigate`, which adds the deploy root itself.
    pub fn target(&self) -> String {
        match self.query() {
            Some(query) => format!("{}?{query}", self.path()),
            None => self.path().to_owned(),
        }
    }

    /// The link to this screen under the app's deploy root.
    pub fn href(&self, root: &AppRoot) -> String {
        root.href(&self.target())
    }
}

/// Percent-encodes what a query value must not hold as it is.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> AppRoot {
        AppRoot::new("/estate-desk".into())
    }

    #[test]
    fn links_carry_the_deploy_root_and_the_query_of_their_case() {
        let case = EntityId("0193a7c2-5d1e".into());
        assert_eq!(
            Route::Renovation(case.clone()).href(&root()),
            "/estate-desk/renovation?id=0193a7c2-5d1e"
        );
        assert_eq!(
            Route::Print(
                PrintForm::Receipt,
                PrintOf::Paper(case.clone(), "SJ2026-A0001".into())
            )
            .href(&root()),
            "/estate-desk/print?form=receipt&id=0193a7c2-5d1e&paper=SJ2026-A0001"
        );
        assert_eq!(
            Route::Print(PrintForm::VisitorLog, PrintOf::Day("2026-12-01".into())).href(&root()),
            "/estate-desk/print?form=visitor-log&day=2026-12-01"
        );
        assert_eq!(
            Route::Patrol(case).href(&root()),
            "/estate-desk/patrol?case=0193a7c2-5d1e"
        );
        assert_eq!(Route::Dashboard.href(&root()), "/estate-desk/");
        assert_eq!(
            Route::Conflicts(None).href(&root()),
            "/estate-desk/conflicts"
        );
    }

    #[test]
    fn a_query_value_is_encoded() {
        assert_eq!(
            Route::FeedbackCase(EntityId("a b&c".into())).href(&AppRoot::new(String::new())),
            "/feedback-case?id=a%20b%26c"
        );
    }

    #[test]
    fn print_forms_round_trip_by_name() {
        for form in PrintForm::ALL {
            assert_eq!(PrintForm::from_name(form.name()), Some(form));
        }
        assert_eq!(PrintForm::from_name("passport"), None);
    }
}
