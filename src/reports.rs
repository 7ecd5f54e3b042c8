//! The three monthly forms as labelled rows in the user's language (REN-21, FB-11, FB-12), and
//! their CSV: UTF-8 with a byte-order mark and CRLF lines, so Excel opens Chinese text right.

use estate_core::report::{ComplaintMonthReport, RenovationMonthReport, SuggestionMonthReport};

use crate::i18n::feedback::CLASSES;
use crate::i18n::{Lang, Text};

/// One line of a form: what, and how many (or how much).
pub type ReportRow = (String, String);

pub fn renovation_rows(report: &RenovationMonthReport, lang: Lang) -> Vec<ReportRow> {
    let t = |text: Text| text.in_lang(lang).to_owned();
    vec![
        (t(Text::RApplications), report.applications.to_string()),
        (t(Text::RApprovals), report.approvals.to_string()),
        (t(Text::RRejections), report.rejections.to_string()),
        (
            t(Text::RUnderConstruction),
            report.under_construction.to_string(),
        ),
        (t(Text::RAccepted), report.accepted.to_string()),
        (t(Text::RRefunded), report.refunded_cases.to_string()),
        (t(Text::RFees), report.fees_collected.to_string()),
        (t(Text::RDeposits), report.deposits_collected.to_string()),
        (
            t(Text::RDepositsRefunded),
            report.deposits_refunded.to_string(),
        ),
        (t(Text::RDeductions), report.deductions.to_string()),
    ]
}

pub fn complaint_rows(report: &ComplaintMonthReport, lang: Lang) -> Vec<ReportRow> {
    let t = |text: Text| text.in_lang(lang).to_owned();
    let mut rows = vec![(t(Text::CReceived), report.received.to_string())];
    for (class, _, label) in CLASSES {
        let count = report.by_class.get(&class).copied().unwrap_or(0);
        rows.push((t(label), count.to_string()));
    }
    rows.push((t(Text::CUnclassified), report.unclassified.to_string()));
    for (cause, count) in &report.by_cause {
        rows.push((
            format!("{} · {cause}", t(Text::CauseLabel)),
            count.to_string(),
        ));
    }
    rows.extend([
        (t(Text::COnTime), report.answered_on_time.to_string()),
        (t(Text::CLate), report.answered_late.to_string()),
        (t(Text::CUnanswered), report.unanswered.to_string()),
        (t(Text::CSatisfied), report.follow_up_satisfied.to_string()),
        (
            t(Text::CUnsatisfied),
            report.follow_up_unsatisfied.to_string(),
        ),
    ]);
    if !report.measures.is_empty() {
        rows.push((t(Text::CMeasures), report.measures.join("；")));
    }
    rows
}

pub fn suggestion_rows(report: &SuggestionMonthReport, lang: Lang) -> Vec<ReportRow> {
    let t = |text: Text| text.in_lang(lang).to_owned();
    vec![
        (t(Text::SReceived), report.received.to_string()),
        (t(Text::AdoptedState), report.adopted.to_string()),
        (t(Text::NotAdoptedState), report.not_adopted.to_string()),
        (t(Text::Undecided), report.undecided.to_string()),
        (
            t(Text::OwnerInformedState),
            report.owner_informed.to_string(),
        ),
    ]
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    // Issue #21: a cell a spreadsheet would run as a formula (`=HYPERLINK(…)` typed as a
    // handling method) is written as text; a plain number stays a number.
    let is_number = text.parse::<f64>().is_ok();
    let text = if !is_number && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A value as Excel should read it: amounts as plain numbers (`¥3,630.00` → `3630.00`), so
/// they can be summed; everything else as shown.
fn spreadsheet_value(shown: &str) -> String {
    let (sign, rest) = shown
        .strip_prefix('-')
        .map_or(("", shown), |rest| ("-", rest));
    match rest.strip_prefix('¥') {
        Some(amount) => format!("{sign}{}", amount.replace(',', "")),
        None => shown.to_owned(),
    }
}

/// The CSV of a form: the title and month, a header, then one line per row.
pub fn to_csv(title: &str, month: &str, header: [&str; 2], rows: &[ReportRow]) -> String {
    let mut csv = String::from("\u{FEFF}");
    for line in [[title, month], header]
        .into_iter()
        .map(|pair| pair.map(str::to_owned))
        .chain(
            rows.iter()
                .map(|(label, value)| [label.clone(), spreadsheet_value(value)]),
        )
    {
        csv.push_str(&format!("{},{}\r\n", field(&line[0]), field(&line[1])));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use estate_core::feedback::ComplaintClass;
    use estate_core::Money;

    #[test]
    fn ren_21_the_renovation_form_lists_every_line_of_the_table() {
        let report = RenovationMonthReport {
            applications: 3,
            fees_collected: Money::yuan(710),
            ..RenovationMonthReport::default()
        };
        let rows = renovation_rows(&report, Lang::ZhCn);
        assert_eq!(rows.len(), 10);
        assert_eq!(rows[0], ("装修申请".to_owned(), "3".to_owned()));
        assert_eq!(rows[6], ("收取费用".to_owned(), "¥710.00".to_owned()));
    }

    #[test]
    fn fb_11_complaints_are_counted_by_class_and_cause() {
        let mut report = ComplaintMonthReport {
            received: 2,
            ..ComplaintMonthReport::default()
        };
        report.by_class.insert(ComplaintClass::BuildingQuality, 2);
        report.by_cause.insert("渗漏".into(), 2);
        let rows = complaint_rows(&report, Lang::ZhCn);
        assert!(rows.contains(&("2类：开发商或房屋质量".to_owned(), "2".to_owned())));
        assert!(rows.contains(&("1类：物业服务不到位".to_owned(), "0".to_owned())));
        assert!(rows.contains(&("原因 · 渗漏".to_owned(), "2".to_owned())));
    }

    #[test]
    fn fb_12_the_csv_opens_in_excel_with_chinese_text() {
        let rows = vec![
            ("收到建议".to_owned(), "2".to_owned()),
            ("说明".to_owned(), "甲, \"乙\"".to_owned()),
            ("收取费用".to_owned(), "¥3,630.00".to_owned()),
            ("扣款".to_owned(), "-¥5.50".to_owned()),
        ];
        let csv = to_csv("建议情况月度表", "2026-03", ["项目", "数值"], &rows);
        assert!(csv.starts_with('\u{FEFF}'), "UTF-8 with BOM");
        let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(lines[0], "建议情况月度表,2026-03");
        assert_eq!(lines[1], "项目,数值");
        assert_eq!(lines[2], "收到建议,2");
        assert_eq!(lines[3], "说明,\"甲, \"\"乙\"\"\"");
        assert_eq!(lines[4], "收取费用,3630.00");
        assert_eq!(lines[5], "扣款,-5.50");
        assert_eq!(lines[6], "");
    }

    /// Issue #21: text typed by staff that a spreadsheet would run as a formula is written as
    /// text; negative amounts stay numbers.
    #[test]
    fn fb_11_csv_cells_that_start_a_formula_are_neutralised() {
        let rows = vec![
            (
                "=HYPERLINK(\"http://x\",\"点我\")".to_owned(),
                "1".to_owned(),
            ),
            ("原因 · 渗漏".to_owned(), "@SUM(A1)".to_owned()),
            ("扣款".to_owned(), "-¥5.50".to_owned()),
        ];
        let csv = to_csv("投诉情况月度汇总单", "2026-03", ["项目", "数值"], &rows);
        let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(lines[2], "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",1");
        assert_eq!(lines[3], "原因 · 渗漏,'@SUM(A1)");
        assert_eq!(lines[4], "扣款,-5.50");
    }
}
