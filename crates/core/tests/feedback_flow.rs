//! Complaints and suggestions as the manual describes them (FB-01..26).

use chrono::{DateTime, Utc};
use estate_core::deadline::{DeadlineKind, DeadlineStatus};
use estate_core::feedback::{
    ApologyMeans, Channel, ComplaintClass, Department, FeedbackCase, FeedbackChange as F,
    FeedbackKind, FeedbackStatus,
};
use estate_core::party::{Occupancy, Resident, UnitRef};
use estate_core::scenario::Scenario;
use estate_core::violation::{Item, Problem, Violation};
use estate_core::{Actor, Change, EntityId, Role, RuleId};

const CASE: &str = "fb-1";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

struct Office {
    device: Scenario,
    desk: Actor,
    manager: Actor,
    head: Actor,
}

impl Office {
    fn new() -> Office {
        let device = Scenario::new("desk-pc");
        let desk = device.actor("王芳", Role::FrontDesk);
        let manager = device.actor("周经理", Role::CsManager);
        let head = device.actor("工程部孙工", Role::DepartmentHead);
        Office {
            device,
            desk,
            manager,
            head,
        }
    }

    fn run(&mut self, who: &Actor, change: F, now: &str) -> Result<(), Vec<Violation>> {
        let who = who.clone();
        self.device
            .run(&who, CASE, Change::Feedback(change), at(now))
            .map(|_| ())
    }

    fn ok(&mut self, who: &Actor, change: F, now: &str) {
        if let Err(violations) = self.run(who, change.clone(), now) {
            panic!("{change:?} refused: {violations:?}");
        }
    }

    fn refused(&mut self, who: &Actor, change: F, now: &str) -> Vec<Violation> {
        self.run(who, change, now)
            .expect_err("the step should be refused")
    }

    fn case(&self) -> &FeedbackCase {
        &self.device.desk().feedback[&EntityId(CASE.into())]
    }

    fn receive(&mut self, kind: FeedbackKind, now: &str) {
        let desk = self.desk.clone();
        self.ok(&desk, received(kind), now);
    }

    /// FB-08: the course of events checked, as every complaint needs before it is classified.
    fn verify(&mut self, now: &str) {
        let desk = self.desk.clone();
        self.ok(
            &desk,
            F::Verified {
                course_of_events: "上门查看，情况属实".into(),
            },
            now,
        );
    }

    /// FB-04: the day's suggestion handed to the supervisor at 16:30, then decided at 17:00
    /// with the owner told.
    fn hand_over_and_decide(&mut self, adopted: bool, explanation: &str) {
        let desk = self.desk.clone();
        self.ok(
            &desk,
            F::HandedOver {
                to: "行政部主管".into(),
            },
            "2025-06-02T16:30:00+08:00",
        );
        self.ok(
            &desk,
            F::SuggestionDecided {
                adopted,
                owner_informed: true,
                explanation: explanation.into(),
            },
            "2025-06-02T17:00:00+08:00",
        );
    }
}

fn received(kind: FeedbackKind) -> F {
    F::Received {
        kind,
        channel: Channel::Phone,
        resident: Resident {
            name: "刘女士".into(),
            occupancy: Occupancy::Tenant,
            phone: "13900000000".into(),
        },
        unit: UnitRef::new("5", "1", "803"),
        what: "楼上卫生间漏水到我家天花板".into(),
        happened_at: Some(at("2025-06-01T20:00:00+08:00")),
        acknowledged: true,
        number: None,
    }
}

fn rules(violations: &[Violation]) -> Vec<RuleId> {
    violations.iter().map(|violation| violation.rule).collect()
}

/// The whole complaint flow with a class 2 complaint forwarded to engineering.
#[test]
fn fb_10_walk_through_complaint_to_follow_up_visit_and_x_1_a_close_gives_its_reason() {
    let mut office = Office::new();
    let (desk, manager, head) = (
        office.desk.clone(),
        office.manager.clone(),
        office.head.clone(),
    );
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");

    // FB-22: feedback within 24 hours of receipt.
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-06-02T10:00:00+08:00"));
    assert_eq!(
        (deadlines[0].kind, deadlines[0].rule, deadlines[0].due),
        (
            DeadlineKind::FeedbackReply,
            RuleId::Fb22,
            at("2025-06-03T09:00:00+08:00")
        )
    );

    office.ok(
        &desk,
        F::Verified {
            course_of_events: "上门查看，1103 卫生间防水层破损".into(),
        },
        "2025-06-02T11:00:00+08:00",
    );
    office.ok(
        &manager,
        F::Classified {
            class: ComplaintClass::BuildingQuality,
            cause: "防水".into(),
        },
        "2025-06-02T11:30:00+08:00",
    );
    office.ok(
        &manager,
        F::Forwarded {
            department: Department::Engineering,
            content: "803 天花板渗水，源自 1103 卫生间防水破损".into(),
            demand: "尽快维修并修复天花板".into(),
        },
        "2025-06-02T12:00:00+08:00",
    );
    // FB-25: engineering is told at once for class 2.
    assert!(office.case().engineering_notified);
    office.ok(
        &desk,
        F::ReplyGiven {
            explanation: "已转工程部，明天上门维修".into(),
        },
        "2025-06-02T15:00:00+08:00",
    );
    office.ok(
        &head,
        F::DepartmentAccepted {
            method: "重做 1103 防水".into(),
            complete_by: at("2025-06-06T18:00:00+08:00"),
            signed_by: "孙工".into(),
        },
        "2025-06-02T16:00:00+08:00",
    );
    assert_eq!(
        office
            .case()
            .signed_by
            .as_ref()
            .map(|(name, _)| name.as_str()),
        Some("孙工")
    );
    // FB-26: the department's own deadline is tracked.
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-06-03T09:00:00+08:00"));
    assert_eq!(
        deadlines
            .iter()
            .map(|d| (d.kind, d.rule))
            .collect::<Vec<_>>(),
        vec![(DeadlineKind::DepartmentCompletion, RuleId::Fb26)]
    );
    office.ok(
        &head,
        F::ProgressNoted {
            note: "防水层已铲除".into(),
        },
        "2025-06-04T10:00:00+08:00",
    );
    office.ok(
        &head,
        F::Handled {
            result: "防水重做，闭水试验通过".into(),
        },
        "2025-06-06T17:00:00+08:00",
    );

    // FB-10: the follow-up visit within one week.
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-06-07T09:00:00+08:00"));
    assert_eq!(
        (deadlines[0].kind, deadlines[0].rule, deadlines[0].due),
        (
            DeadlineKind::FollowUpVisit,
            RuleId::Fb10,
            at("2025-06-13T17:00:00+08:00")
        )
    );
    office.ok(
        &desk,
        F::FollowUpVisited {
            satisfied: true,
            opinion: "满意".into(),
        },
        "2025-06-09T10:00:00+08:00",
    );
    // Issue #22: closing is for good, so it says why; a close without a reason is refused.
    assert_eq!(
        office.refused(&desk, F::Closed, "2025-06-09T10:04:00+08:00"),
        vec![Violation::missing(RuleId::X1, Item::Reason)]
    );
    assert_eq!(
        office.refused(
            &desk,
            F::ClosedBecause {
                reason: "  ".into()
            },
            "2025-06-09T10:04:00+08:00"
        ),
        vec![Violation::missing(RuleId::X1, Item::Reason)]
    );
    office.ok(
        &desk,
        F::ClosedBecause {
            reason: "处理完毕，业主满意".into(),
        },
        "2025-06-09T10:05:00+08:00",
    );
    assert_eq!(office.case().status, FeedbackStatus::Closed);
    assert!(office
        .device
        .desk()
        .deadlines(at("2025-06-20T09:00:00+08:00"))
        .is_empty());
}

/// FB-01: who, where, phone and what are all required, and all are reported.
#[test]
fn fb_01_reception_records_who_what_and_where() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    let blank = F::Received {
        kind: FeedbackKind::Complaint,
        channel: Channel::Visit,
        resident: Resident {
            name: " ".into(),
            occupancy: Occupancy::Owner,
            phone: String::new(),
        },
        unit: UnitRef::new("", "", ""),
        what: String::new(),
        happened_at: None,
        acknowledged: true,
        number: None,
    };
    let violations = office.refused(&desk, blank, "2025-06-02T09:00:00+08:00");
    assert_eq!(rules(&violations), vec![RuleId::Fb01; 4]);
}

/// FB-02: a complaint is not recorded without the apology (or a suggestion without thanks).
#[test]
fn fb_02_apology_or_thanks_is_recorded() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    let mut change = received(FeedbackKind::Suggestion);
    if let F::Received { acknowledged, .. } = &mut change {
        *acknowledged = false;
    }
    assert_eq!(
        rules(&office.refused(&desk, change, "2025-06-02T09:00:00+08:00")),
        vec![RuleId::Fb02]
    );
}

/// FB-03: a reply explains; an empty reply is refused.
#[test]
fn fb_03_a_reply_gives_an_explanation() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    assert_eq!(
        rules(&office.refused(
            &desk,
            F::ReplyGiven {
                explanation: " ".into()
            },
            "2025-06-02T10:00:00+08:00"
        )),
        vec![RuleId::Fb03]
    );
}

/// FB-04: a suggestion is adopted or explained, and the owner is told either way.
#[test]
fn fb_04_suggestion_adopted_or_explained_and_owner_informed() {
    let mut office = Office::new();
    let (desk, manager) = (office.desk.clone(), office.manager.clone());
    office.receive(FeedbackKind::Suggestion, "2025-06-02T09:00:00+08:00");
    let untold = office.refused(
        &desk,
        F::SuggestionDecided {
            adopted: false,
            owner_informed: false,
            explanation: String::new(),
        },
        "2025-06-02T17:00:00+08:00",
    );
    // Not told, not explained, and not yet handed to the department supervisor.
    assert_eq!(
        rules(&untold),
        vec![RuleId::Fb04, RuleId::Fb04, RuleId::Fb04]
    );
    office.hand_over_and_decide(false, "消防规定不允许");
    assert_eq!(office.case().adopted, Some(false));
    // Suggestions skip classification and go straight to a department.
    office.ok(
        &manager,
        F::Forwarded {
            department: Department::Administration,
            content: "增设快递柜".into(),
            demand: "答复业主".into(),
        },
        "2025-06-02T17:30:00+08:00",
    );
}

/// FB-04, issue #22: a suggestion runs to its end: decision, the owner told, closed. It is not
/// closed before the owner was told.
#[test]
fn fb_04_a_suggestion_decided_and_told_is_closed() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Suggestion, "2025-06-02T09:00:00+08:00");
    let closing = || F::ClosedBecause {
        reason: "已采纳并告知业主".into(),
    };
    let refused = office.refused(&desk, closing(), "2025-06-02T10:00:00+08:00");
    assert!(refused.contains(&Violation::new(
        RuleId::Fb04,
        Problem::StepPending {
            step: estate_core::step::Step::InformOwner
        }
    )));
    assert!(rules(&refused).iter().all(|rule| *rule == RuleId::Fb04));
    office.hand_over_and_decide(true, "");
    office.ok(&desk, closing(), "2025-06-02T17:05:00+08:00");
    assert_eq!(office.case().status, FeedbackStatus::Closed);
}

/// FB-05: an escalation names the superior.
#[test]
fn fb_05_escalation_to_a_superior_is_recorded() {
    let mut office = Office::new();
    let manager = office.manager.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    // Not verified, not classified, and nobody named.
    assert_eq!(
        rules(&office.refused(
            &manager,
            F::Escalated { to: String::new() },
            "2025-06-02T10:00:00+08:00"
        )),
        vec![RuleId::Fb05, RuleId::Fb08, RuleId::Fb05]
    );
    office.verify("2025-06-02T09:30:00+08:00");
    office.ok(
        &manager,
        F::Classified {
            class: ComplaintClass::Service,
            cause: "保安态度".into(),
        },
        "2025-06-02T09:40:00+08:00",
    );
    office.ok(
        &manager,
        F::Escalated {
            to: "管理处主任".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    assert_eq!(office.case().escalated_to.as_deref(), Some("管理处主任"));
}

/// FB-06: a serious complaint cannot close before the apology visit or call.
#[test]
fn fb_06_serious_complaint_needs_an_apology_before_closing() {
    let mut office = Office::new();
    let (desk, manager) = (office.desk.clone(), office.manager.clone());
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    office.ok(&manager, F::FlaggedSerious, "2025-06-02T09:10:00+08:00");
    office.verify("2025-06-02T09:15:00+08:00");
    office.ok(
        &desk,
        F::SolvedOnSpot {
            note: "当场更换门禁卡".into(),
        },
        "2025-06-02T09:20:00+08:00",
    );
    office.ok(
        &desk,
        F::FollowUpVisited {
            satisfied: true,
            opinion: "可以".into(),
        },
        "2025-06-03T10:00:00+08:00",
    );
    assert_eq!(
        rules(&office.refused(
            &desk,
            F::ClosedBecause {
                reason: "处理完毕，业主满意".into()
            },
            "2025-06-03T10:05:00+08:00"
        )),
        vec![RuleId::Fb06]
    );
    office.ok(
        &manager,
        F::ApologyMade {
            means: ApologyMeans::HomeVisit,
        },
        "2025-06-03T11:00:00+08:00",
    );
    office.ok(
        &desk,
        F::ClosedBecause {
            reason: "处理完毕，业主满意".into(),
        },
        "2025-06-03T11:05:00+08:00",
    );
}

/// FB-07: a special incident records its containment and whom it was reported to.
#[test]
fn fb_07_special_incident_is_contained_and_reported() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    let incomplete = office.refused(
        &desk,
        F::SpecialIncident {
            containment: String::new(),
            reported_to: String::new(),
        },
        "2025-06-02T09:05:00+08:00",
    );
    assert_eq!(rules(&incomplete), vec![RuleId::Fb07, RuleId::Fb07]);
    office.ok(
        &desk,
        F::SpecialIncident {
            containment: "关闭总阀".into(),
            reported_to: "工程部、供水公司".into(),
        },
        "2025-06-02T09:06:00+08:00",
    );
    assert!(office.case().special_incident);
}

/// FB-08: verification records the full course of events.
#[test]
fn fb_08_verification_records_the_course_of_events() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    assert_eq!(
        rules(&office.refused(
            &desk,
            F::Verified {
                course_of_events: String::new()
            },
            "2025-06-02T09:30:00+08:00"
        )),
        vec![RuleId::Fb08]
    );
}

/// FB-09: when handling is late, an agreed reply time with the owner's consent replaces the
/// 24-hour clock.
#[test]
fn fb_09_agreed_reply_time_needs_the_owners_agreement() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    let unagreed = office.refused(
        &desk,
        F::ReplyTimeAgreed {
            reply_by: at("2025-06-05T12:00:00+08:00"),
            resident_agreed: false,
        },
        "2025-06-02T10:00:00+08:00",
    );
    assert_eq!(rules(&unagreed), vec![RuleId::Fb09]);
    office.ok(
        &desk,
        F::ReplyTimeAgreed {
            reply_by: at("2025-06-05T12:00:00+08:00"),
            resident_agreed: true,
        },
        "2025-06-02T10:00:00+08:00",
    );
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-06-04T10:00:00+08:00"));
    assert_eq!(
        (deadlines[0].kind, deadlines[0].rule, deadlines[0].status),
        (
            DeadlineKind::AgreedReply,
            RuleId::Fb09,
            DeadlineStatus::OnTime
        )
    );
}

/// FB-10: the follow-up visit records the owner's opinion and comes only after handling.
#[test]
fn fb_10_follow_up_visit_after_handling_records_the_opinion() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    let early = office.refused(
        &desk,
        F::FollowUpVisited {
            satisfied: true,
            opinion: "好".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    assert_eq!(rules(&early), vec![RuleId::Fb10]);
    office.ok(
        &desk,
        F::SolvedOnSpot {
            note: "已处理".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    let overdue = office
        .device
        .desk()
        .deadlines(at("2025-06-09T10:00:01+08:00"));
    assert_eq!(
        (overdue[0].rule, overdue[0].status),
        (RuleId::Fb10, DeadlineStatus::Overdue)
    );
    let silent = office.refused(
        &desk,
        F::FollowUpVisited {
            satisfied: false,
            opinion: String::new(),
        },
        "2025-06-03T10:00:00+08:00",
    );
    assert_eq!(rules(&silent), vec![RuleId::Fb10]);
    office.ok(
        &desk,
        F::FollowUpVisited {
            satisfied: false,
            opinion: "还是漏水".into(),
        },
        "2025-06-03T10:00:00+08:00",
    );
    let unexplained = office.refused(
        &desk,
        F::Reopened {
            reason: String::new(),
        },
        "2025-06-03T10:05:00+08:00",
    );
    assert_eq!(rules(&unexplained), vec![RuleId::Fb10]);
    office.ok(
        &desk,
        F::Reopened {
            reason: "业主不满意，重新处理".into(),
        },
        "2025-06-03T10:05:00+08:00",
    );
    assert_eq!(office.case().status, FeedbackStatus::Forwarded);
    assert_eq!(office.case().follow_up, None);
}

/// FB-10: a satisfied resident's case is not reopened.
#[test]
fn fb_10_a_satisfied_follow_up_cannot_reopen() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    office.ok(
        &desk,
        F::SolvedOnSpot {
            note: "已处理".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    office.ok(
        &desk,
        F::FollowUpVisited {
            satisfied: true,
            opinion: "满意".into(),
        },
        "2025-06-03T10:00:00+08:00",
    );
    let refused = office.refused(
        &desk,
        F::Reopened {
            reason: "再看看".into(),
        },
        "2025-06-03T10:05:00+08:00",
    );
    assert!(matches!(refused[0].problem, Problem::Invalid { .. }));
}

/// FB-20: any department may receive feedback, and the receiver is the recorded actor.
#[test]
fn fb_20_any_role_may_receive_feedback() {
    for role in Role::ALL {
        let mut office = Office::new();
        let receiver = office.device.actor("某员工", role);
        office.ok(
            &receiver,
            received(FeedbackKind::Complaint),
            "2025-06-02T09:00:00+08:00",
        );
        assert_eq!(office.device.log()[0].actor.role, role);
    }
}

/// FB-21: solved on the spot skips classification and answers the 24-hour clock.
#[test]
fn fb_21_solved_on_the_spot() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    office.ok(
        &desk,
        F::SolvedOnSpot {
            note: "更换灯泡".into(),
        },
        "2025-06-02T09:15:00+08:00",
    );
    assert_eq!(office.case().status, FeedbackStatus::Handled);
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-06-02T10:00:00+08:00"));
    assert!(deadlines.iter().all(|d| d.rule != RuleId::Fb22));
}

/// FB-22: a complaint without feedback for 24 hours is overdue.
#[test]
fn fb_22_feedback_overdue_after_24_hours() {
    let mut office = Office::new();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    let late = office
        .device
        .desk()
        .deadlines(at("2025-06-03T09:00:01+08:00"));
    assert_eq!(
        (late[0].rule, late[0].status),
        (RuleId::Fb22, DeadlineStatus::Overdue)
    );
}

/// FB-23: only the CS manager classifies, and only complaints.
#[test]
fn fb_23_only_the_cs_manager_classifies() {
    let mut office = Office::new();
    let (desk, manager) = (office.desk.clone(), office.manager.clone());
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    let by_desk = office.refused(
        &desk,
        F::Classified {
            class: ComplaintClass::Service,
            cause: "态度".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    assert_eq!(rules(&by_desk), vec![RuleId::Fb23, RuleId::Fb08]);
    assert!(matches!(by_desk[0].problem, Problem::WrongRole { .. }));
    office.verify("2025-06-02T09:30:00+08:00");
    office.ok(
        &manager,
        F::Classified {
            class: ComplaintClass::External,
            cause: "市政道路施工".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    assert_eq!(office.case().class, Some(ComplaintClass::External));
}

/// FB-24: the forward carries the content and the customer's demand.
#[test]
fn fb_24_forward_needs_content_and_demand() {
    let mut office = Office::new();
    let manager = office.manager.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    office.verify("2025-06-02T09:30:00+08:00");
    office.ok(
        &manager,
        F::Classified {
            class: ComplaintClass::Service,
            cause: "保洁".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    let empty = office.refused(
        &manager,
        F::Forwarded {
            department: Department::Environment,
            content: String::new(),
            demand: String::new(),
        },
        "2025-06-02T10:05:00+08:00",
    );
    assert_eq!(rules(&empty), vec![RuleId::Fb24, RuleId::Fb24]);
}

/// FB-25: class 1 to a non-engineering department does not notify engineering; class 2 does.
#[test]
fn fb_25_engineering_is_notified_for_class_2_only_by_default() {
    let mut office = Office::new();
    let manager = office.manager.clone();
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    office.verify("2025-06-02T09:30:00+08:00");
    office.ok(
        &manager,
        F::Classified {
            class: ComplaintClass::Service,
            cause: "保洁".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    office.ok(
        &manager,
        F::Forwarded {
            department: Department::Environment,
            content: "楼道未清扫".into(),
            demand: "每日清扫".into(),
        },
        "2025-06-02T10:05:00+08:00",
    );
    assert!(!office.case().engineering_notified);
    assert_eq!(office.device.log().len(), 4);
}

/// FB-26: only the department head signs the method and a deadline in the future.
#[test]
fn fb_26_department_head_signs_method_and_deadline_and_assigns_the_work() {
    let mut office = Office::new();
    let (manager, head, desk) = (
        office.manager.clone(),
        office.head.clone(),
        office.desk.clone(),
    );
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    office.verify("2025-06-02T09:30:00+08:00");
    office.ok(
        &manager,
        F::Classified {
            class: ComplaintClass::Service,
            cause: "保安".into(),
        },
        "2025-06-02T10:00:00+08:00",
    );
    office.ok(
        &manager,
        F::Forwarded {
            department: Department::Security,
            content: "夜间巡逻缺失".into(),
            demand: "加强巡逻".into(),
        },
        "2025-06-02T10:05:00+08:00",
    );
    let by_desk = office.refused(
        &desk,
        F::DepartmentAccepted {
            method: "加岗".into(),
            complete_by: at("2025-06-05T18:00:00+08:00"),
            signed_by: "王".into(),
        },
        "2025-06-02T11:00:00+08:00",
    );
    assert!(matches!(by_desk[0].problem, Problem::WrongRole { .. }));
    let unsigned = office.refused(
        &head,
        F::DepartmentAccepted {
            method: String::new(),
            complete_by: at("2025-06-01T18:00:00+08:00"),
            signed_by: String::new(),
        },
        "2025-06-02T11:00:00+08:00",
    );
    assert_eq!(rules(&unsigned), vec![RuleId::Fb26; 3]);

    // The department head gives the work to a person of the department; nobody else can.
    let by_manager = office.refused(
        &manager,
        F::Assigned {
            to: "保安队长".into(),
        },
        "2025-06-02T11:30:00+08:00",
    );
    assert!(matches!(by_manager[0].problem, Problem::WrongRole { .. }));
    let blank = office.refused(
        &head,
        F::Assigned { to: " ".into() },
        "2025-06-02T11:30:00+08:00",
    );
    assert_eq!(rules(&blank), vec![RuleId::Fb26]);
    office.ok(
        &head,
        F::Assigned {
            to: "保安队长".into(),
        },
        "2025-06-02T11:30:00+08:00",
    );
    assert_eq!(office.case().assignee.as_deref(), Some("保安队长"));
    let tickets =
        estate_core::ticket::open_tickets(office.device.desk(), at("2025-06-02T12:00:00+08:00"));
    assert_eq!(tickets[0].assignee.as_deref(), Some("保安队长"));
}

/// X-2, FB-23, FB-04: the feedback page shows exactly the steps core opens; classifying is for
/// the CS manager and for complaints only, deciding is for suggestions only.
#[test]
fn fb_23_open_steps_fit_the_role_and_the_kind_of_feedback() {
    use estate_core::feedback::FeedbackCase;
    use estate_core::step::Step;
    let received = |kind| {
        let mut case = FeedbackCase::default();
        case.apply(
            &EntityId("fb-1".into()),
            DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
                .unwrap()
                .with_timezone(&Utc),
            &estate_core::feedback::FeedbackChange::Received {
                kind,
                channel: Channel::Visit,
                resident: Resident {
                    name: "刘女士".into(),
                    occupancy: Occupancy::Owner,
                    phone: "138".into(),
                },
                unit: UnitRef::new("1", "1", "101"),
                what: "电梯停运".into(),
                happened_at: None,
                acknowledged: true,
                number: None,
            },
            &mut |_| String::new(),
        );
        case
    };
    let complaint = received(FeedbackKind::Complaint);
    let manager = complaint.open_steps(Role::CsManager);
    assert!(manager.contains(&Step::Classify) && manager.contains(&Step::FlagSerious));
    assert!(!manager.contains(&Step::DecideSuggestion));
    assert!(!complaint
        .open_steps(Role::FrontDesk)
        .contains(&Step::Classify));
    assert!(!complaint
        .open_steps(Role::DepartmentHead)
        .contains(&Step::Reply));
    let suggestion = received(FeedbackKind::Suggestion);
    let manager = suggestion.open_steps(Role::CsManager);
    assert!(manager.contains(&Step::DecideSuggestion) && manager.contains(&Step::Forward));
    assert!(!manager.contains(&Step::Classify));
}

/// Staff with departments on one device: an administrator (front desk and CS manager) adds
/// the heads of engineering and of the environment department.
fn office_with_department_heads() -> (Scenario, Actor, Actor, Actor) {
    use estate_core::scenario::test_pin_hash;
    use estate_core::staff::StaffChange;
    let mut device = Scenario::new("desk-pc");
    let admin = Actor {
        staff: Some(EntityId("staff-zhou".into())),
        ..device.actor("周经理", Role::CsManager)
    };
    let add = |name: &str, roles: Vec<Role>, department, administrator| {
        Change::Staff(StaffChange::Added {
            name: name.into(),
            roles,
            department,
            administrator,
            pin: test_pin_hash(),
        })
    };
    device
        .run(
            &admin,
            "staff-zhou",
            add("周经理", vec![Role::CsManager, Role::FrontDesk], None, true),
            at("2025-06-01T09:00:00+08:00"),
        )
        .unwrap();
    for (id, name, department) in [
        ("staff-sun", "孙工", Department::Engineering),
        ("staff-qian", "钱主管", Department::Environment),
    ] {
        device
            .run(
                &admin,
                id,
                add(name, vec![Role::DepartmentHead], Some(department), false),
                at("2025-06-01T09:01:00+08:00"),
            )
            .unwrap();
    }
    let head = |id: &str, name: &str| Actor {
        staff: Some(EntityId(id.into())),
        ..device.actor(name, Role::DepartmentHead)
    };
    let (engineering, environment) = (head("staff-sun", "孙工"), head("staff-qian", "钱主管"));
    (device, admin, engineering, environment)
}

/// FB-25: a class-2 complaint forwarded to another department is in engineering's queue and
/// on its head's dashboard too; FB-26: only the head of the case's own department signs.
#[test]
fn fb_25_and_fb_26_engineering_sees_a_class_2_case_and_only_the_own_head_signs() {
    use estate_core::dashboard::department_agenda;
    use estate_core::ticket::open_tickets;
    let (mut device, manager, engineering, environment) = office_with_department_heads();
    let mut run = |who: &Actor, change: F, now: &str| {
        device.run(who, CASE, Change::Feedback(change), at(now))
    };
    run(
        &manager,
        received(FeedbackKind::Complaint),
        "2025-06-02T09:00:00+08:00",
    )
    .unwrap();
    run(
        &manager,
        F::Verified {
            course_of_events: "外墙渗水流到公共走道".into(),
        },
        "2025-06-02T09:30:00+08:00",
    )
    .unwrap();
    run(
        &manager,
        F::Classified {
            class: ComplaintClass::BuildingQuality,
            cause: "外墙渗漏".into(),
        },
        "2025-06-02T10:00:00+08:00",
    )
    .unwrap();
    run(
        &manager,
        F::Forwarded {
            department: Department::Environment,
            content: "走道积水".into(),
            demand: "清理并查明来源".into(),
        },
        "2025-06-02T10:05:00+08:00",
    )
    .unwrap();
    let now = at("2025-06-02T11:00:00+08:00");
    let desk = device.desk();
    assert!(desk.feedback[&EntityId(CASE.into())].engineering_notified);
    for department in [Department::Engineering, Department::Environment] {
        let agenda = department_agenda(desk, now, Role::DepartmentHead, Some(department));
        assert_eq!(
            agenda.awaiting_signature,
            vec![EntityId(CASE.into())],
            "{department:?}"
        );
        assert!(open_tickets(desk, now)
            .iter()
            .any(|ticket| ticket.entity.0 == CASE && ticket.concerns(department)));
    }
    let security = department_agenda(desk, now, Role::DepartmentHead, Some(Department::Security));
    assert!(security.awaiting_signature.is_empty());

    let sign = |signed_by: &str| F::DepartmentAccepted {
        method: "清理积水，修补外墙".into(),
        complete_by: at("2025-06-06T18:00:00+08:00"),
        signed_by: signed_by.into(),
    };
    let by_engineering = device
        .run(
            &engineering,
            CASE,
            Change::Feedback(sign("孙工")),
            at("2025-06-02T11:00:00+08:00"),
        )
        .unwrap_err();
    assert_eq!(rules(&by_engineering), vec![RuleId::Fb26]);
    device
        .run(
            &environment,
            CASE,
            Change::Feedback(sign("钱主管")),
            at("2025-06-02T11:00:00+08:00"),
        )
        .unwrap();
    // Signed, the work order has a deadline both heads see on their dashboards.
    for department in [Department::Engineering, Department::Environment] {
        let agenda = department_agenda(
            device.desk(),
            at("2025-06-06T09:00:00+08:00"),
            Role::DepartmentHead,
            Some(department),
        );
        assert!(agenda.awaiting_signature.is_empty());
        assert!(agenda
            .today
            .iter()
            .chain(&agenda.this_week)
            .any(|deadline| deadline.entity_id == CASE));
    }
}

/// FB-05: a resident's request to see management is recorded and must be answered before the
/// case closes.
#[test]
fn fb_05_a_request_to_see_management_is_answered_before_closing() {
    let mut office = Office::new();
    let (desk, manager) = (office.desk.clone(), office.manager.clone());
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    office.verify("2025-06-02T09:10:00+08:00");
    let blank = office.refused(
        &desk,
        F::ManagementRequested {
            request: String::new(),
        },
        "2025-06-02T09:20:00+08:00",
    );
    assert_eq!(rules(&blank), vec![RuleId::Fb05]);
    let unasked = office.refused(
        &manager,
        F::ManagementAnswered {
            by: "管理处主任".into(),
            outcome: "已当面解释".into(),
        },
        "2025-06-02T09:20:00+08:00",
    );
    assert_eq!(rules(&unasked), vec![RuleId::Fb05]);
    office.ok(
        &desk,
        F::ManagementRequested {
            request: "要求与管理处主任面谈".into(),
        },
        "2025-06-02T09:20:00+08:00",
    );
    assert!(office.case().awaits_management());
    office.ok(
        &desk,
        F::SolvedOnSpot {
            note: "当场更换门禁卡".into(),
        },
        "2025-06-02T09:30:00+08:00",
    );
    office.ok(
        &desk,
        F::FollowUpVisited {
            satisfied: true,
            opinion: "满意".into(),
        },
        "2025-06-03T10:00:00+08:00",
    );
    let closing = office.refused(
        &desk,
        F::ClosedBecause {
            reason: "处理完毕，业主满意".into(),
        },
        "2025-06-03T10:05:00+08:00",
    );
    assert_eq!(rules(&closing), vec![RuleId::Fb05]);
    office.ok(
        &manager,
        F::ManagementAnswered {
            by: "管理处主任".into(),
            outcome: "已当面解释并致歉".into(),
        },
        "2025-06-03T10:10:00+08:00",
    );
    office.ok(
        &desk,
        F::ClosedBecause {
            reason: "处理完毕，业主满意".into(),
        },
        "2025-06-03T10:15:00+08:00",
    );
}

/// FB-08: an unverified complaint cannot be classified or closed.
#[test]
fn fb_08_a_complaint_is_verified_before_it_is_classified_or_closed() {
    let mut office = Office::new();
    let (desk, manager) = (office.desk.clone(), office.manager.clone());
    office.receive(FeedbackKind::Complaint, "2025-06-02T09:00:00+08:00");
    let classify = F::Classified {
        class: ComplaintClass::Service,
        cause: "态度".into(),
    };
    let early = office.refused(&manager, classify.clone(), "2025-06-02T09:10:00+08:00");
    assert_eq!(rules(&early), vec![RuleId::Fb08]);
    assert!(matches!(
        early[0].problem,
        Problem::StepPending {
            step: estate_core::step::Step::Verify
        }
    ));
    office.ok(
        &desk,
        F::SolvedOnSpot {
            note: "当场解释".into(),
        },
        "2025-06-02T09:20:00+08:00",
    );
    office.ok(
        &desk,
        F::FollowUpVisited {
            satisfied: true,
            opinion: "满意".into(),
        },
        "2025-06-03T10:00:00+08:00",
    );
    let closing = office.refused(
        &desk,
        F::ClosedBecause {
            reason: "处理完毕，业主满意".into(),
        },
        "2025-06-03T10:05:00+08:00",
    );
    assert_eq!(rules(&closing), vec![RuleId::Fb08]);
    office.verify("2025-06-03T10:06:00+08:00");
    office.ok(
        &desk,
        F::ClosedBecause {
            reason: "处理完毕，业主满意".into(),
        },
        "2025-06-03T10:07:00+08:00",
    );
}
