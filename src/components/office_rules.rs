//! Settings → 办公规则 (issue #16): every fee, deadline and Decision of the office's policy, for
//! an administrator or the CS manager. Every problem shows beside its field as it is typed, a
//! change is an event with who, when and when it takes effect, and the history shows each
//! change as old → new.

use estate_core::money::{Money, MoneyParseError};
use estate_core::policy::{
    EngineeringNotice, FeeCollectionOrder, FireApprovalScope, Policy, PolicyChange, PolicyField,
    PolicyPeriod, PolicyValue,
};
use estate_core::{Change, EntityId, Role};
use leptos::prelude::*;

use crate::components::choice_select::ChoiceSelect;
use crate::components::command_outcome::FormGap;
use crate::components::money_field::{money_problem_text, MoneyField};
use crate::components::staff_gate::signed_in_administrator;
use crate::components::step_button::{StepButton, StepLook};
use crate::device_settings::DeviceSettings;
use crate::i18n::policy::{
    field_text, problem_text, value_text, ENGINEERING_NOTICE, FEE_COLLECTION, FIRE_APPROVAL,
};
use crate::i18n::renovation::{office_time, parse_office_time};
use crate::i18n::{I18n, Text};
use crate::services::Services;

/// The entity every policy change is recorded on.
pub const POLICY_ENTITY: &str = "policy";

const MONEY_FIELDS: [PolicyField; 8] = [
    PolicyField::ContractorDeposit,
    PolicyField::OwnerDeposit,
    PolicyField::MaintenanceFee,
    PolicyField::PassCardCost,
    PolicyField::LostPassDeduction,
    PolicyField::PassCardDeposit,
    PolicyField::PermitCost,
    PolicyField::LostPermitDeduction,
];

const COUNT_FIELDS: [PolicyField; 10] = [
    PolicyField::DrawingReviewDays,
    PolicyField::RefundTargetDays,
    PolicyField::RefundLimitDays,
    PolicyField::FeedbackReplyHours,
    PolicyField::FollowUpVisitDays,
    PolicyField::RectificationDays,
    PolicyField::PatrolIntervalDays,
    PolicyField::DueSoonHours,
    PolicyField::IdleLockMinutes,
    PolicyField::MaxClockLeadHours,
];

/// The id of a field's input, for its label and tests.
fn field_id(field: PolicyField) -> String {
    let name = serde_json::to_value(field)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("policy-{}", name.replace('_', "-"))
}

/// The policy being edited, one signal a value.
#[derive(Clone, Copy)]
struct PolicyDraft {
    money: [(PolicyField, RwSignal<Result<Money, MoneyParseError>>); 8],
    counts: [(PolicyField, RwSignal<String>); COUNT_FIELDS.len()],
    fire: RwSignal<FireApprovalScope>,
    fees: RwSignal<FeeCollectionOrder>,
    notice: RwSignal<EngineeringNotice>,
}

impl PolicyDraft {
    fn new(policy: &Policy) -> PolicyDraft {
        let money = MONEY_FIELDS.map(|field| {
            let value = match policy.value(field) {
                PolicyValue::Money(money) => money,
                _ => Money::ZERO,
            };
            (field, RwSignal::new(Ok(value)))
        });
        let counts = COUNT_FIELDS.map(|field| {
            let value = match policy.value(field) {
                PolicyValue::Count(count) => count.to_string(),
                _ => String::new(),
            };
            (field, RwSignal::new(value))
        });
        PolicyDraft {
            money,
            counts,
            fire: RwSignal::new(policy.fire_approval),
            fees: RwSignal::new(policy.fee_collection),
            notice: RwSignal::new(policy.engineering_notice),
        }
    }

    /// The policy as typed over `base`, and every value that cannot be read.
    fn read(self, base: &Policy) -> (Policy, Vec<(PolicyField, Text)>) {
        let mut policy = base.clone();
        let mut unreadable = Vec::new();
        for (field, amount) in self.money {
            match amount.get() {
                Ok(money) => policy.set(field, PolicyValue::Money(money)),
                Err(problem) => unreadable.push((field, money_problem_text(problem))),
            }
        }
        for (field, text) in self.counts {
            match text.get().trim().parse::<u32>() {
                Ok(count) => policy.set(field, PolicyValue::Count(count)),
                Err(_) => unreadable.push((field, Text::NotAWholeNumber)),
            }
        }
        policy.fire_approval = self.fire.get();
        policy.fee_collection = self.fees.get();
        policy.engineering_notice = self.notice.get();
        (policy, unreadable)
    }
}

/// The office rules editor and the history of its changes.
#[component]
pub fn OfficeRules() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let administers = signed_in_administrator(services, settings);
    let may_edit = move || {
        administers()
            || settings
                .profile()
                .is_some_and(|p| p.role == Role::CsManager)
    };
    let latest = Memo::new(move |_| {
        services.version();
        services
            .desk()
            .with_desk(|desk| desk.policies.latest().clone())
    });
    let draft = PolicyDraft::new(&latest.get_untracked());
    let effective = RwSignal::new(String::new());
    // Every problem of the draft, each with its field: unreadable values, then core's own.
    let problems = Memo::new(move |_| {
        let (policy, mut problems) = latest.with(|base| draft.read(base));
        problems.extend(
            policy
                .problems()
                .into_iter()
                .map(|(field, problem)| (field, problem_text(problem))),
        );
        problems
    });
    let problem_of = move |field: PolicyField| {
        Signal::derive(move || {
            problems.with(|problems| {
                problems
                    .iter()
                    .find(|(of, _)| *of == field)
                    .map(|(_, text)| *text)
            })
        })
    };
    let save = move |_| {
        let gaps: Vec<FormGap> = problems.with(|problems| {
            problems
                .iter()
                .map(|(field, text)| FormGap::Invalid(field_text(*field), *text))
                .collect()
        });
        if !gaps.is_empty() {
            return Err(gaps);
        }
        let (policy, _) = latest.with_untracked(|base| draft.read(base));
        let effective_from = match effective.get_untracked().trim() {
            "" => None,
            typed => Some(
                parse_office_time(typed, &policy)
                    .ok_or_else(|| vec![FormGap::Missing(Text::EffectiveFrom)])?,
            ),
        };
        let change = PolicyChange {
            policy,
            effective_from,
        };
        Ok((
            EntityId(POLICY_ENTITY.into()),
            vec![Change::Policy(Box::new(change))],
        ))
    };
    view! {
        <section class="settings-section office-rules" aria-labelledby="office-rules-title">
            <h2 id="office-rules-title">{move || i18n.t(Text::OfficeRulesTitle)}</h2>
            <p>{move || i18n.t(Text::OfficeRulesIntro)}</p>
            <Show when=may_edit fallback=move || view! { <p class="hint">{move || i18n.t(Text::OfficeRulesNotAllowed)}</p> }>
                <fieldset>
                    <legend>{move || i18n.t(Text::FeeTableTitle)}</legend>
                    <div class="field-grid">
                        {draft.money.into_iter().map(|(field, amount)| view! {
                            <MoneyField id=field_id(field) label=field_text(field) amount=amount problem=problem_of(field) />
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(Text::DeadlinesGroupTitle)}</legend>
                    <div class="field-grid">
                        {draft.counts.into_iter().map(|(field, count)| {
                            let id = field_id(field);
                            let problem_id = format!("{id}-problem");
                            let problem = problem_of(field);
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{move || i18n.t(field_text(field))}</label>
                                    <input
                                        id=id.clone()
                                        type="number"
                                        min="0"
                                        inputmode="numeric"
                                        aria-invalid=move || problem.get().is_some().to_string()
                                        aria-describedby=problem_id.clone()
                                        bind:value=count
                                    />
                                    {move || problem.get().map(|text| view! {
                                        <p id=problem_id.clone() class="field-problem" role="alert">{i18n.t(text)}</p>
                                    })}
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(Text::DecisionsTitle)}</legend>
                    <ChoiceSelect id="policy-fire-approval" label=field_text(PolicyField::FireApproval) options=&FIRE_APPROVAL chosen=draft.fire />
                    <ChoiceSelect id="policy-fee-collection" label=field_text(PolicyField::FeeCollection) options=&FEE_COLLECTION chosen=draft.fees />
                    <ChoiceSelect id="policy-engineering-notice" label=field_text(PolicyField::EngineeringNotice) options=&ENGINEERING_NOTICE chosen=draft.notice />
                </fieldset>
                <div class="field">
                    <label for="policy-effective-from">{move || i18n.t(Text::EffectiveFrom)}</label>
                    <input id="policy-effective-from" type="datetime-local" bind:value=effective />
                </div>
                <StepButton label=Text::SaveOfficeRules look=StepLook::Primary command=save />
            </Show>
            <RulesHistory />
        </section>
    }
}

/// Every change of the office rules, newest first: who, when, from when, and old → new.
#[component]
fn RulesHistory() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let periods = Memo::new(move |_| {
        services.version();
        services
            .desk()
            .with_desk(|desk| desk.policies.periods().to_vec())
    });
    let lines = move || {
        let lang = i18n.lang();
        periods.with(|periods| {
            let policy = periods
                .last()
                .map(|period| period.policy.clone())
                .unwrap_or_default();
            periods
                .windows(2)
                .rev()
                .map(|pair| history_line(&pair[0], &pair[1], &policy, lang))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h3>{move || i18n.t(Text::OfficeRulesHistory)}</h3>
        <ul class="rules-history" aria-label=move || i18n.t(Text::OfficeRulesHistory)>
            {move || {
                let lines = lines();
                if lines.is_empty() {
                    view! { <li class="hint">{i18n.t(Text::NoRuleChanges)}</li> }.into_any()
                } else {
                    lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view().into_any()
                }
            }}
        </ul>
    }
}

/// One change: "2026-12-01 09:00 · 周经理 · 生效 2027-01-01 00:00 · 装修保证金（业主）¥1,000.00 → ¥2,000.00".
fn history_line(
    before: &PolicyPeriod,
    after: &PolicyPeriod,
    policy: &Policy,
    lang: crate::i18n::Lang,
) -> String {
    let changes: Vec<String> = after
        .policy
        .differences(&before.policy)
        .into_iter()
        .map(|(field, old, new)| {
            format!(
                "{} {} → {}",
                field_text(field).in_lang(lang),
                value_text(old, lang),
                value_text(new, lang)
            )
        })
        .collect();
    let set_at = after
        .set_at
        .map(|at| office_time(at, policy))
        .unwrap_or_default();
    format!(
        "{set_at} · {} · {} {} · {}",
        after.set_by_name,
        Text::EffectiveFromLabel.in_lang(lang),
        office_time(after.effective_from, policy),
        if changes.is_empty() {
            "—".to_owned()
        } else {
            changes.join("；")
        }
    )
}
