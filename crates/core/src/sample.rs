//! A deterministic sample office for benchmarks, the large-list tests and the benchmark
//! bundles: half renovation cases and half complaints, each taken through a realistic flow of
//! about ten events. The seed is passed in, so the same seed always gives the same office.

use chrono::{DateTime, Duration, Utc};

use crate::feedback::{Channel, ComplaintClass, Department, FeedbackChange as F, FeedbackKind};
use crate::party::{Contractor, Occupancy, Resident, UnitRef};
use crate::renovation::{
    required_documents, DeclaredChange, DrawingReview, Evidence, RenovationChange as R, ReviewPoint,
};
use crate::scenario::Scenario;
use crate::{Change, Role};

const SURNAMES: [&str; 8] = ["陈", "李", "张", "王", "刘", "赵", "周", "吴"];
const CONTRACTORS: [&str; 5] = ["安居装饰", "美家装修", "宏达建设", "锦程装饰", "鑫源工程"];

/// When the sample office's first case opens.
pub fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-05T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

/// A deterministic office: `cases` cases, half renovations and half complaints, taken through
/// realistic flows with about ten events each. The seed picks how far each case got.
pub fn office(cases: usize, seed: u64) -> Scenario {
    let mut device = Scenario::new("bench");
    let desk = device.actor("王芳", Role::FrontDesk);
    let supervisor = device.actor("李工", Role::RenovationSupervisor);
    let manager = device.actor("周经理", Role::CsManager);
    let head = device.actor("孙工", Role::DepartmentHead);
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let resident_of = |index: usize| Resident {
        name: format!("{}先生", SURNAMES[index % SURNAMES.len()]),
        occupancy: Occupancy::Owner,
        phone: format!("138{index:08}"),
    };
    let pass = || ReviewPoint {
        passed: true,
        remark: String::new(),
    };
    for index in 0..cases {
        let now = start() + Duration::minutes(index as i64 * 3);
        let id = format!("case-{index:06}");
        let mut run = |who: &crate::Actor, change: Change, minutes: i64| {
            let _ = device.run(who, &id, change, now + Duration::minutes(minutes));
        };
        let depth = next() % 4;
        if index % 2 == 0 {
            let unit = UnitRef::new(
                &format!("{}", index / 2000 + 1),
                &format!("{}", index % 4 + 1),
                &format!("{}", 100 + index % 2000),
            );
            let declared: std::collections::BTreeSet<_> =
                [DeclaredChange::Wiring].into_iter().collect();
            run(
                &desk,
                Change::Renovation(R::Opened {
                    unit,
                    resident: resident_of(index),
                    commercial_unit: false,
                    number: None,
                }),
                0,
            );
            run(
                &desk,
                Change::Renovation(R::ChangesDeclared {
                    changes: declared.clone(),
                }),
                1,
            );
            run(
                &desk,
                Change::Renovation(R::ContractorSet {
                    contractor: Contractor {
                        name: CONTRACTORS[index / 2 % CONTRACTORS.len()].into(),
                        phone: format!("021{index:08}"),
                    },
                }),
                2,
            );
            for (document, _) in required_documents(&declared, false, &crate::Policy::default()) {
                run(
                    &desk,
                    Change::Renovation(R::DocumentReceived {
                        document,
                        evidence: Evidence {
                            attachments: vec![],
                            paper_copies: document.copies_needed(),
                            stamped: true,
                        },
                    }),
                    3,
                );
            }
            run(&desk, Change::Renovation(R::Submitted), 4);
            if depth > 0 {
                run(
                    &supervisor,
                    Change::Renovation(R::DrawingsReviewed {
                        review: DrawingReview {
                            structure: pass(),
                            plumbing_and_gas: pass(),
                            power_and_low_voltage: pass(),
                            facade: pass(),
                        },
                    }),
                    5,
                );
            }
            if depth > 1 {
                // REN-20: fees, permit, two passes and the agreement; then construction.
                let policy = crate::Policy::default();
                for (step, change) in [
                    R::fees_from_policy(&policy, 2, 1),
                    R::PermitIssued {
                        number: format!("XK-{index:06}"),
                    },
                    R::PassesIssued {
                        numbers: vec![1, 2],
                    },
                    R::AgreementSigned,
                    R::ConstructionStarted,
                ]
                .into_iter()
                .enumerate()
                {
                    run(&desk, Change::Renovation(change), 6 + step as i64);
                }
            }
        } else {
            run(
                &desk,
                Change::Feedback(F::Received {
                    kind: FeedbackKind::Complaint,
                    channel: Channel::Phone,
                    resident: resident_of(index),
                    unit: UnitRef::new("9", "1", &format!("{index}")),
                    what: "漏水".into(),
                    happened_at: None,
                    acknowledged: true,
                    number: None,
                }),
                0,
            );
            if depth > 0 {
                // FB-08: the course of events is verified before the complaint is classified.
                run(
                    &desk,
                    Change::Feedback(F::Verified {
                        course_of_events: "顶楼渗漏".into(),
                    }),
                    1,
                );
                run(
                    &manager,
                    Change::Feedback(F::Classified {
                        class: ComplaintClass::BuildingQuality,
                        cause: "渗漏".into(),
                    }),
                    1,
                );
                run(
                    &manager,
                    Change::Feedback(F::Forwarded {
                        department: Department::Engineering,
                        content: "渗漏".into(),
                        demand: "维修".into(),
                    }),
                    2,
                );
                run(
                    &head,
                    Change::Feedback(F::DepartmentAccepted {
                        method: "维修".into(),
                        complete_by: now + Duration::days(3),
                        signed_by: "孙工".into(),
                    }),
                    3,
                );
            }
            if depth > 1 {
                run(
                    &desk,
                    Change::Feedback(F::ReplyGiven {
                        explanation: "处理中".into(),
                    }),
                    4,
                );
                run(
                    &head,
                    Change::Feedback(F::Handled {
                        result: "完成".into(),
                    }),
                    5,
                );
            }
        }
    }
    device
}
