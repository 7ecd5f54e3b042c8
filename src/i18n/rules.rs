//! What each rule of the manual says, in a line (issue #22): a refusal leads with plain words,
//! and its rule ID is a small reference that opens this line. Matched exhaustively, so a new
//! rule without words does not compile.

use estate_core::RuleId;

use super::Lang;

/// The rule's one-line summary in `lang`.
pub fn rule_summary(rule: RuleId, lang: Lang) -> &'static str {
    let (zh, en) = summary(rule);
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

fn summary(rule: RuleId) -> (&'static str, &'static str) {
    use RuleId as R;
    match rule {
        R::Fee1 => ("装修保证金：施工单位与业主各 1000 元，验收合格后退还。", "Renovation deposit: 1,000 yuan each from contractor and owner, refunded after acceptance."),
        R::Fee2 => ("维护费 300 元，由施工单位缴纳，不退。", "Maintenance fee: 300 yuan from the contractor, not refunded."),
        R::Fee3 => ("施工证工本费 5 元/张，不退；遗失每张从押金扣 100 元。", "Pass card cost: 5 yuan a card, not refunded; a lost card deducts 100 yuan from the deposit."),
        R::Fee4 => ("施工证押金 20 元/张，交回一张退一张。", "Pass deposit: 20 yuan a card, refunded card by card on return."),
        R::Fee5 => ("施工许可证工本费 20 元/张，由业主缴纳；遗失每张扣 100 元。", "Permit cost: 20 yuan a card from the owner; a lost permit deducts 100 yuan."),
        R::Fee6 => ("金额精确到分；每笔收、退、扣都记账并注明经手人、时间和原因。", "Money is exact to the fen; every charge, refund and deduction is recorded with who, when and why."),
        R::Fee7 => ("扣款不会使退款为负，超出部分记为仍欠金额。", "A deduction never makes a refund negative; the excess is shown as still owed."),
        R::Ren10 => ("住户资料：照片 3 张、身份证复印件和《住户基本资料》。", "Resident file: 3 photos, an ID card copy and the resident form."),
        R::Ren11 => ("《装修申请审批表》及图纸：平面图、立面图，按改动加电气、给排水、燃气图。", "Application form with drawings: floor plan and elevation, plus electrical, plumbing and gas plans as the work requires."),
        R::Ren12 => ("施工单位营业执照、资质证书复印件，均需加盖公章。", "Contractor: business licence and qualification certificate copies, each with the company seal."),
        R::Ren13 => ("消防审批意见书和消防平面图。", "Fire bureau approval opinion and fire plan."),
        R::Ren14 => ("有废水、废气、废渣排放的，需环保部门审批。", "Work emitting waste water, gas or solids needs environmental approval."),
        R::Ren15 => ("使用燃气需报批的，需相应批准文件。", "Gas use needing approval needs its approval document."),
        R::Ren16 => ("资料不齐不能提交审图，并列明缺少的项目。", "An application with items missing cannot go to review; the missing items are named."),
        R::Ren20 => ("前台收费、发施工许可证和出入证，双方签署装修管理协议后方可施工。", "The front desk collects fees, issues the permit and passes, and both parties sign the agreement before work starts."),
        R::Ren21 => ("前台每月填写装修统计表，月底资料归入业主资料袋。", "The front desk fills the monthly renovation table; documents go into the owner's file at month end."),
        R::Ren30 => ("装修主管在提交后 5 个工作日内审图，四项审核点逐项判定。", "The supervisor reviews the drawings within 5 working days, judging four points one by one."),
        R::Ren31 => ("工作日按国家日历：周末和节假日休息，调休日上班。", "Working days follow the official calendar: weekends and holidays off, make-up days on."),
        R::Ren32 => ("许可证张贴在门外，工人佩戴出入证，按装修指南施工。", "The permit is posted at the door, workers wear passes, work follows the guide."),
        R::Ren33 => ("定期和随机巡视；违规开整改单，限期整改。", "Scheduled and random patrols; a violation becomes a rectification with a deadline."),
        R::Ren34 => ("出入证、许可证遗失时登记并按规定扣款。", "Lost passes and permits are recorded and deducted as the fee table says."),
        R::Ren40 => ("完工申请验收，填写装修验收单；不合格列明问题，整改后再验收。", "On completion the owner applies for acceptance; a failed acceptance lists defects until a new one."),
        R::Ren41 => ("验收合格后退还押金（扣除扣款）：目标 3 个工作日，最迟 7 个工作日。", "After acceptance the deposit, less deductions, is refunded: 3 working days targeted, 7 at most."),
        R::Fb01 => ("登记来访人姓名、房号、电话、事由、时间和渠道。", "Record who (name, room, phone), what, when and the channel."),
        R::Fb02 => ("投诉代表公司致歉，建议致谢，并记录已做。", "Apologise for a complaint, thank for a suggestion, and record it."),
        R::Fb03 => ("在职权范围内公正解释。", "Explain fairly, within one's authority."),
        R::Fb04 => ("好建议当日汇报；采纳的电话告知业主，不采纳的向业主解释。", "Good suggestions are reported the same day; the owner is told whether it was adopted."),
        R::Fb05 => ("服务投诉核实后报直接上级或公司管理层。", "A verified service complaint is reported to the superior or management."),
        R::Fb06 => ("严重投诉须上门或电话致歉。", "A serious complaint needs an apology by visit or phone."),
        R::Fb07 => ("突发事件先控制，再立即报告有关单位。", "A special incident is contained first, then reported at once."),
        R::Fb08 => ("投诉须立即核实，查清事情经过。", "Every complaint is verified at once: the course of events established."),
        R::Fb09 => ("及时处理；不能即时处理的，与业主约定答复时间。", "Handle promptly; otherwise agree a reply time with the owner."),
        R::Fb10 => ("处理后一周内回访，记录业主意见。", "A follow-up visit within a week records the owner's opinion."),
        R::Fb11 => ("每月汇总投诉情况。", "Monthly complaint summary."),
        R::Fb12 => ("每月汇总建议情况，年底总结。", "Monthly suggestion table and a year-end summary."),
        R::Fb20 => ("接到的部门致歉或致谢并登记。", "Whoever receives it apologises or thanks and records it."),
        R::Fb21 => ("能当场解决的当场解决，并报客服中心。", "What can be solved on the spot is, and reported to customer service."),
        R::Fb22 => ("客服在收到后 24 小时内答复客户。", "Customer service replies within 24 hours of receipt."),
        R::Fb23 => ("客服分类：一类物业服务，二类开发商或房屋质量，三类外部环境。", "Customer service classifies: 1 service, 2 developer or building, 3 outside the office."),
        R::Fb24 => ("客服经理填写处理记录表并转责任部门。", "The CS manager writes the handling record and forwards it to the department."),
        R::Fb25 => ("二类投诉（及工程部负责的）立即通知工程部。", "Class 2 complaints, and engineering's own, are passed to engineering at once."),
        R::Fb26 => ("责任部门填写处理方法和完成期限，负责人签字后按期完成。", "The department fills the method and deadline, its head signs, and it finishes in time."),
        R::X1 => ("每一步都记录经手人、岗位、设备和时间，历史不可改写。", "Every step records who, role, device and time; history is never rewritten."),
        R::X2 => ("违反规定的操作被拒绝，并说明所违反的规定。", "A step that breaks a rule is refused, naming the rule."),
        R::X3 => ("期限自动计算，显示剩余时间，逾期的排在最前。", "Deadlines are computed and shown as time left, overdue first."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_2_every_rule_has_words_in_both_languages() {
        for rule in RuleId::ALL {
            let chinese = rule_summary(*rule, Lang::ZhCn);
            assert!(
                chinese
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{rule}"
            );
            let english = rule_summary(*rule, Lang::En);
            assert!(english.is_ascii() && english.len() > 10, "{rule}");
        }
    }
}
