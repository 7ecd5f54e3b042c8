//! Deadline arithmetic and SLA status. Core computes due times from a start instant, the
//! policy and the calendar; `now` is always an argument.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::policy::{Policy, PolicyHistory};
use crate::rule::RuleId;

/// How a deadline is counted from its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    /// Until the end of the N-th working day after the start's local date (REN-30, REN-41).
    WorkingDays(u32),
    /// Exactly N hours after the start (FB-22).
    Hours(u32),
    /// Exactly N calendar days after the start (FB-10).
    CalendarDays(u32),
}

/// The due instant of a deadline of `span` starting at `start`.
pub fn due_at(
    start: DateTime<Utc>,
    span: Span,
    calendar: &WorkingCalendar,
    policy: &Policy,
) -> DateTime<Utc> {
    match span {
        Span::Hours(hours) => start + Duration::hours(i64::from(hours)),
        Span::CalendarDays(days) => start + Duration::days(i64::from(days)),
        Span::WorkingDays(days) => {
            let offset = policy.office_offset();
            let local_date = start.with_timezone(&offset).date_naive();
            let due_date = calendar.add_working_days(local_date, days);
            let end_of_day = due_date.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("time"));
            offset
                .from_local_datetime(&end_of_day)
                .single()
                .expect("a fixed offset has no gaps")
                .with_timezone(&Utc)
        }
    }
}

/// Where a deadline stands at `now`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    Overdue,
    DueSoon,
    OnTime,
}

/// What a deadline is for, so the UI can label it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    DrawingReview,
    RefundTarget,
    RefundLimit,
    FeedbackReply,
    AgreedReply,
    FollowUpVisit,
    DepartmentCompletion,
    Rectification,
    /// REN-33: the next scheduled patrol of a unit under construction.
    ScheduledPatrol,
}

/// One open deadline of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Deadline {
    pub entity_id: String,
    pub kind: DeadlineKind,
    /// The rule that sets it, shown beside the time left.
    pub rule: RuleId,
    pub due: DateTime<Utc>,
    pub status: DeadlineStatus,
    /// How it was counted from its start, with the length the policy gave it then; `None` for
    /// a time someone set (an agreed reply time, a department's completion deadline).
    #[serde(default)]
    pub span: Option<Span>,
    /// The first year the counting passed whose holidays the calendar does not hold: the
    /// deadline was counted on weekends alone there, and says so.
    #[serde(default)]
    pub missing_year: Option<i32>,
}

/// What deadlines are counted by: the working-day calendar, and the office's policies over time.
/// A running deadline keeps the length the policy gave it when its clock started; the calendar
/// is always the current one, so a holiday entered later moves it.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub calendar: &'a WorkingCalendar,
    pub policies: &'a PolicyHistory,
}

impl<'a> Rules<'a> {
    /// The policy in force at `at`.
    pub fn policy_at(&self, at: DateTime<Utc>) -> &'a Policy {
        self.policies.at(at)
    }

    /// The deadline of `span` counted from `start`, with its status at `now`.
    pub fn counted(
        &self,
        entity_id: &str,
        (kind, rule): (DeadlineKind, RuleId),
        start: DateTime<Utc>,
        span: Span,
        now: DateTime<Utc>,
    ) -> Deadline {
        let counted_by = self.policy_at(start);
        let due = due_at(start, span, self.calendar, counted_by);
        let missing_year = match span {
            Span::WorkingDays(_) => {
                let offset = counted_by.office_offset();
                self.calendar.first_missing_year(
                    start.with_timezone(&offset).date_naive(),
                    due.with_timezone(&offset).date_naive(),
                )
            }
            Span::Hours(_) | Span::CalendarDays(_) => None,
        };
        Deadline {
            span: Some(span),
            missing_year,
            ..Deadline::new(entity_id, kind, rule, due, now, self.policy_at(now))
        }
    }
}

impl Deadline {
    /// A deadline with its status computed at `now`.
    pub fn new(
        entity_id: &str,
        kind: DeadlineKind,
        rule: RuleId,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
        policy: &Policy,
    ) -> Deadline {
        let status = if now > due {
            DeadlineStatus::Overdue
        } else if due - now <= Duration::hours(i64::from(policy.due_soon_hours)) {
            DeadlineStatus::DueSoon
        } else {
            DeadlineStatus::OnTime
        };
        Deadline {
            entity_id: entity_id.to_owned(),
            kind,
            rule,
            due,
            status,
            span: None,
            missing_year: None,
        }
    }

    /// The time left (negative when overdue).
    pub fn time_left(&self, now: DateTime<Utc>) -> Duration {
        self.due - now
    }
}

/// overdue first, then due soon, then on time; within each, the earliest due first. Ties
/// are broken by entity id so the order is the same on every device.
pub fn overdue_first(deadlines: &mut [Deadline]) {
    crate::sorting::sort_by(deadlines, |a, b| {
        (a.status, a.due, &a.entity_id, a.rule).cmp(&(b.status, b.due, &b.entity_id, b.rule))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// REN-30: a submission on the Friday before National Day 2025, at 16:00 Beijing time, is
    /// due at the end of Friday 10 October (REN-31 calendar).
    #[test]
    fn ren_30_review_due_in_five_working_days_through_national_day() {
        let due = due_at(
            at("2025-09-26T16:00:00+08:00"),
            Span::WorkingDays(5),
            &WorkingCalendar::china_official(),
            &Policy::default(),
        );
        assert_eq!(due, at("2025-10-10T23:59:59+08:00"));
    }

    /// Working days are counted on the office's local date, not the UTC date.
    #[test]
    fn ren_31_working_days_count_from_the_local_date() {
        // 01:00 on Monday in Beijing is still Sunday in UTC.
        let due = due_at(
            at("2027-03-08T01:00:00+08:00"),
            Span::WorkingDays(1),
            &WorkingCalendar::weekends_only(),
            &Policy::default(),
        );
        assert_eq!(due, at("2027-03-09T23:59:59+08:00"));
    }

    /// FB-22 counts calendar hours; FB-10 calendar days.
    #[test]
    fn fb_22_hours_and_fb_10_days_ignore_the_calendar() {
        let calendar = WorkingCalendar::china_official();
        let policy = Policy::default();
        let start = at("2025-09-30T18:00:00+08:00");
        assert_eq!(
            due_at(start, Span::Hours(24), &calendar, &policy),
            at("2025-10-01T18:00:00+08:00")
        );
        assert_eq!(
            due_at(start, Span::CalendarDays(7), &calendar, &policy),
            at("2025-10-07T18:00:00+08:00")
        );
    }

    /// REN-31, REN-41: seven working days from an acceptance on 24 December 2026 run into
    /// 2027, whose holidays are not held: the deadline says so, until 2027 is entered.
    #[test]
    fn ren_41_a_deadline_counted_into_a_missing_year_says_so() {
        use crate::calendar::{DayKind, DayRule, YearEntered};
        let mut calendar = WorkingCalendar::china_official();
        let policies = PolicyHistory::new(Policy::default());
        let accepted = at("2026-12-24T10:00:00+08:00");
        let now = at("2026-12-24T11:00:00+08:00");
        let limit = |calendar: &WorkingCalendar| {
            Rules {
                calendar,
                policies: &policies,
            }
            .counted(
                "ren-1",
                (DeadlineKind::RefundLimit, RuleId::Ren41),
                accepted,
                Span::WorkingDays(7),
                now,
            )
        };
        let counted = limit(&calendar);
        assert_eq!(counted.due, at("2027-01-04T23:59:59+08:00"));
        assert_eq!(counted.missing_year, Some(2027));
        assert_eq!(counted.span, Some(Span::WorkingDays(7)));
        // The office enters New Year's Day 2027: the deadline moves a day and is complete.
        calendar.apply(&DayRule {
            date: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            kind: Some(DayKind::Holiday),
            name: Some("元旦".into()),
        });
        calendar.apply_year(&YearEntered {
            year: 2027,
            entered: true,
        });
        let counted = limit(&calendar);
        assert_eq!(counted.due, at("2027-01-05T23:59:59+08:00"));
        assert_eq!(counted.missing_year, None);
    }

    /// A running deadline keeps the length the policy gave it when its clock started.
    #[test]
    fn ren_30_a_running_deadline_keeps_the_length_of_its_start() {
        use crate::policy::PolicyPeriod;
        let calendar = WorkingCalendar::china_official();
        let mut policies = PolicyHistory::new(Policy::default());
        policies.record(PolicyPeriod {
            effective_from: at("2026-03-03T09:00:00+08:00"),
            policy: Policy {
                drawing_review_working_days: 10,
                ..Policy::default()
            },
            set_by: None,
            set_at: None,
            set_by_name: String::new(),
        });
        let rules = Rules {
            calendar: &calendar,
            policies: &policies,
        };
        let submitted = at("2026-03-02T09:00:00+08:00");
        let days = rules.policy_at(submitted).drawing_review_working_days;
        let review = rules.counted(
            "ren-1",
            (DeadlineKind::DrawingReview, RuleId::Ren30),
            submitted,
            Span::WorkingDays(days),
            at("2026-03-04T09:00:00+08:00"),
        );
        assert_eq!(review.span, Some(Span::WorkingDays(5)));
        assert_eq!(review.due, at("2026-03-09T23:59:59+08:00"));
    }

    /// overdue first, then due soon, then on time.
    #[test]
    fn x_3_overdue_items_are_listed_first() {
        let policy = Policy::default();
        let now = at("2026-11-28T12:00:00+08:00");
        let make = |id: &str, due: &str| {
            Deadline::new(
                id,
                DeadlineKind::FeedbackReply,
                RuleId::Fb22,
                at(due),
                now,
                &policy,
            )
        };
        let mut deadlines = vec![
            make("later", "2026-12-05T12:00:00+08:00"),
            make("soon", "2026-11-28T20:00:00+08:00"),
            make("late", "2026-11-27T12:00:00+08:00"),
            make("very-late", "2026-11-01T12:00:00+08:00"),
        ];
        overdue_first(&mut deadlines);
        let order: Vec<_> = deadlines.iter().map(|d| d.entity_id.as_str()).collect();
        assert_eq!(order, ["very-late", "late", "soon", "later"]);
        assert_eq!(deadlines[0].status, DeadlineStatus::Overdue);
        assert_eq!(deadlines[2].status, DeadlineStatus::DueSoon);
        assert_eq!(deadlines[3].status, DeadlineStatus::OnTime);
        assert!(deadlines[0].time_left(now) < Duration::zero());
    }
}
