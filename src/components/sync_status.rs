//! Under the header: how many changes made on this device have not been exported yet, and how
//! long ago the last export was. Data that exists on one tablet only is at risk; this keeps it in view.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::i18n::{I18n, Text};
use crate::routes::Route;
use crate::services::Services;
use crate::store::Store;

/// Changes made here and not yet exported: this device's events minus those it had at the
/// last export.
pub fn unexported(event_count: usize, exported_count: Option<usize>) -> usize {
    event_count.saturating_sub(exported_count.unwrap_or(0))
}

/// "5 minutes ago" in the user's language.
pub fn time_ago(then: DateTime<Utc>, now: DateTime<Utc>, i18n: I18n) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0 => i18n.t(Text::JustNow).to_owned(),
        1..=59 => format!("{minutes} {}", i18n.t(Text::MinutesAgo)),
        60..=2879 => format!("{} {}", minutes / 60, i18n.t(Text::HoursAgo)),
        _ => format!("{} {}", minutes / 1440, i18n.t(Text::DaysAgo)),
    }
}

/// How many changes made here are not yet exported, and when the last export was.
pub async fn export_status<S: Store>(
    desk: std::rc::Rc<crate::desk_service::DeskService<S>>,
) -> (usize, Option<DateTime<Utc>>) {
    let last = desk.last_export().await.ok().flatten();
    let at = last
        .as_ref()
        .and_then(|last| serde_json::from_value::<DateTime<Utc>>(last["at"].clone()).ok());
    // Only changes made here are at risk: imported ones exist on their device too. A change
    // the sync server confirmed is safe as well (issue #18).
    let exported = last
        .as_ref()
        .and_then(|last| last["own_events"].as_u64())
        .map(|count| count as usize);
    let confirmed = crate::sync::couch::confirmed_own_events(&desk).await;
    (
        unexported(desk.own_event_count(), exported.max(confirmed)),
        at,
    )
}

/// How many of this device's changes are not yet exported, and when the last export was.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let live = use_context::<crate::sync::live::LiveSync>();
    let status = LocalResource::new(move || {
        services.version();
        // A sync round may have had the server confirm changes made here (issue #18).
        if let Some(live) = live {
            live.last_sync.track();
        }
        export_status(services.desk())
    });
    // On patrol, what is not yet exported exists only on this tablet: it is shown large.
    let location = leptos_router::hooks::use_location();
    let in_patrol_mode = move || {
        location.pathname.with(|path| {
            path.contains(Route::Patrols.path()) || path.ends_with(Route::PATROL.path())
        })
    };
    view! {
        <p
            class="sync-status"
            class:sync-status--prominent=in_patrol_mode
            role="status"
            aria-live="polite"
            data-testid="sync-status"
        >
            {move || {
                status
                    .get()
                    .map(|(pending, at)| {
                        let pending_text = if pending == 0 {
                            i18n.t(Text::AllExported).to_owned()
                        } else {
                            format!("{pending} {}", i18n.t(Text::ChangesNotExported))
                        };
                        let last = match at {
                            Some(at) => format!("{}: {}", i18n.t(Text::LastExport), time_ago(at, Utc::now(), i18n)),
                            None => i18n.t(Text::NeverExported).to_owned(),
                        };
                        format!("{pending_text} · {last}")
                    })
            }}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::unexported;

    #[test]
    fn unexported_counts_what_came_after_the_last_export() {
        assert_eq!(unexported(7, None), 7);
        assert_eq!(unexported(7, Some(5)), 2);
        assert_eq!(unexported(7, Some(7)), 0);
    }
}
