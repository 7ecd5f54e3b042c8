//! REN-30: the supervisor's four review points, each judged pass or fail with a remark. No
//! point starts judged: the supervisor chooses every one, and a missing choice is named.

use estate_core::renovation::{DrawingReview, RenovationChange, ReviewPoint, ReviewPointKind};
use leptos::prelude::*;

use super::{renovation, CaseView};
use crate::components::command_outcome::FormGap;
use crate::components::pass_fail_choice::PassFailChoice;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::renovation::review_point_text;
use crate::i18n::{I18n, Text};

/// The drawing review form.
#[component]
pub fn ReviewSection(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let points = [
        (ReviewPointKind::Structure, "structure"),
        (ReviewPointKind::PlumbingAndGas, "plumbing-gas"),
        (ReviewPointKind::PowerAndLowVoltage, "power"),
        (ReviewPointKind::Facade, "facade"),
    ]
    .map(|(kind, key)| {
        (
            kind,
            key,
            RwSignal::new(None::<bool>),
            RwSignal::new(String::new()),
        )
    });
    let record = move |_| {
        let missing: Vec<FormGap> = points
            .iter()
            .filter(|(_, _, passed, _)| passed.get_untracked().is_none())
            .map(|(kind, _, _, _)| FormGap::Missing(review_point_text(*kind)))
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let point = |index: usize| ReviewPoint {
            passed: points[index].2.get_untracked() == Some(true),
            remark: points[index].3.get_untracked().trim().to_owned(),
        };
        let review = DrawingReview {
            structure: point(0),
            plumbing_and_gas: point(1),
            power_and_low_voltage: point(2),
            facade: point(3),
        };
        let id = case.with_untracked(|view| view.id.clone());
        Ok((
            id,
            renovation([RenovationChange::DrawingsReviewed { review }]),
        ))
    };
    view! {
        <section class="case-section" aria-labelledby="review-title">
            <h2 id="review-title">{move || i18n.t(Text::ReviewTitle)}</h2>
            {points
                .into_iter()
                .map(|(kind, key, passed, remark)| {
                    let label = review_point_text(kind);
                    let remark_id = format!("review-{key}-remark");
                    view! {
                        <div class="review-point">
                            <PassFailChoice
                                name=format!("review-{key}")
                                legend=label
                                yes=Text::PointPass
                                no=Text::PointFail
                                choice=passed
                            />
                            <div class="field">
                                <label for=remark_id.clone()>{move || format!("{} · {}", i18n.t(label), i18n.t(Text::RemarkLabel))}</label>
                                <input id=remark_id.clone() type="text" bind:value=remark />
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            <StepButton label=Text::RecordReview look=StepLook::Primary command=record />
        </section>
    }
}
