//! Route `/reports`: the three monthly forms of the manual for any month (REN-21 每月装修统计表,
//! FB-11 投诉情况月度汇总单, FB-12 建议情况月度表), each with a bar chart against the months
//! before, an A4 print layout and a CSV for Excel; and the year-end suggestion summary.

use chrono::Utc;
use estate_core::report::{
    complaint_month, renovation_month, suggestion_month, suggestion_year, Month,
};
use leptos::prelude::*;

use crate::components::bar_chart::BarChart;
use crate::device_settings::load_office_name;
use crate::download::download;
use crate::i18n::{I18n, Text};
use crate::reports::{complaint_rows, renovation_rows, suggestion_rows, to_csv, ReportRow};
use crate::services::Services;

/// `2026-03` as a month; `None` for anything else.
pub fn parse_month(value: &str) -> Option<Month> {
    let (year, month) = value.split_once('-')?;
    let (year, month) = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month).then(|| Month::new(year, month))
}

fn month_text(month: Month) -> String {
    format!("{:04}-{:02}", month.year, month.month)
}

/// The month and the five before it, oldest first.
fn six_months(month: Month) -> Vec<Month> {
    let mut months = vec![month];
    for _ in 0..5 {
        let earlier = months.last().expect("starts with one").previous();
        months.push(earlier);
    }
    months.reverse();
    months
}

/// One form as shown: its rows and its chart.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    key: &'static str,
    title: Text,
    rows: Vec<ReportRow>,
    chart: Vec<(String, f64)>,
}

/// Route `/reports`: the three monthly forms of a month, printable and as CSV.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let today = services
        .desk()
        .with_desk(|desk| Month::of(Utc::now(), desk.policy_at(Utc::now())));
    let chosen = RwSignal::new(month_text(today));
    let forms = Memo::new(move |_| {
        services.version();
        let month = parse_month(&chosen.get())?;
        let lang = i18n.lang();
        Some(services.desk().with_device(|device| {
            let (events, desk) = (device.log(), device.desk());
            let months = six_months(month);
            let chart = |value: &dyn Fn(Month) -> u32| {
                months
                    .iter()
                    .map(|m| (format!("{:02}", m.month), f64::from(value(*m))))
                    .collect::<Vec<_>>()
            };
            vec![
                Form {
                    key: "renovation",
                    title: Text::RenovationReportTitle,
                    rows: renovation_rows(&renovation_month(events, desk, month), lang),
                    chart: chart(&|m| renovation_month(events, desk, m).applications),
                },
                Form {
                    key: "complaint",
                    title: Text::ComplaintReportTitle,
                    rows: complaint_rows(&complaint_month(desk, month), lang),
                    chart: chart(&|m| complaint_month(desk, m).received),
                },
                Form {
                    key: "suggestion",
                    title: Text::SuggestionReportTitle,
                    rows: suggestion_rows(&suggestion_month(desk, month), lang),
                    chart: chart(&|m| suggestion_month(desk, m).received),
                },
            ]
        }))
    });
    let year = Memo::new(move |_| {
        services.version();
        let month = parse_month(&chosen.get())?;
        Some((
            month.year,
            services
                .desk()
                .with_desk(|desk| suggestion_year(desk, month.year)),
        ))
    });
    view! {
        <section class="page reports" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavReports)}</h1>
            <div class="field no-print">
                <label for="report-month">{move || i18n.t(Text::MonthLabel)}</label>
                <input id="report-month" type="month" bind:value=chosen />
            </div>
            {move || {
                forms
                    .get()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|form| view! { <ReportForm form=form month=chosen.get() /> })
                    .collect_view()
            }}
            {move || year.get().map(|(year, (months, total))| view! {
                <section class="case-section report" data-report="year" aria-labelledby="year-title">
                    <h2 id="year-title">{format!("{} · {year}", i18n.t(Text::YearSummaryTitle))}</h2>
                    <table class="ledger">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(Text::MonthLabel)}</th>
                                <th scope="col">{i18n.t(Text::SReceived)}</th>
                                <th scope="col">{i18n.t(Text::AdoptedState)}</th>
                                <th scope="col">{i18n.t(Text::NotAdoptedState)}</th>
                                <th scope="col">{i18n.t(Text::OwnerInformedState)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {months.into_iter().enumerate().map(|(index, m)| view! {
                                <tr>
                                    <th scope="row">{format!("{year}-{:02}", index + 1)}</th>
                                    <td>{m.received}</td>
                                    <td>{m.adopted}</td>
                                    <td>{m.not_adopted}</td>
                                    <td>{m.owner_informed}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">{i18n.t(Text::TotalLabel)}</th>
                                <td>{total.received}</td>
                                <td>{total.adopted}</td>
                                <td>{total.not_adopted}</td>
                                <td>{total.owner_informed}</td>
                            </tr>
                        </tfoot>
                    </table>
                </section>
            })}
        </section>
    }
}

/// Prints only the form `key`: the print stylesheet hides the others while this attribute is set.
fn print_only(key: &str) {
    let Some(body) = document().body() else {
        return;
    };
    let _ = body.set_attribute("data-print", key);
    let _ = window().print();
    let _ = body.remove_attribute("data-print");
}

/// One monthly form, its six-month chart, and its CSV.
#[component]
fn ReportForm(form: Form, month: String) -> impl IntoView {
    let i18n = I18n::expect();
    let Form {
        key,
        title,
        rows,
        chart,
    } = form;
    let heading_id = format!("report-{key}-title");
    let csv_rows = rows.clone();
    let csv_month = month.clone();
    let office = load_office_name().unwrap_or_else(|| i18n.t(Text::DefaultOfficeName).to_owned());
    view! {
        <section class="case-section report" data-report=key aria-labelledby=heading_id.clone()>
            <p class="print-only print-sheet__office">{office}</p>
            <h2 id=heading_id.clone()>{i18n.t(title)} " · " {month.clone()}</h2>
            <table class="ledger">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Text::ItemColumn)}</th>
                        <th scope="col">{i18n.t(Text::ValueColumn)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(label, value)| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td class="amount">{value}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <figure class="chart">
                <BarChart label=format!("{} · {}", i18n.t(title), i18n.t(Text::ChartCaption)) bars=chart />
                <figcaption>{i18n.t(Text::ChartCaption)}</figcaption>
            </figure>
            <div class="choice-row no-print">
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        let csv = to_csv(i18n.t(title), &csv_month, [i18n.t(Text::ItemColumn), i18n.t(Text::ValueColumn)], &csv_rows);
                        let _ = download(&format!("{}-{csv_month}.csv", i18n.t(title)), &csv, "text/csv;charset=utf-8");
                    }
                >
                    {i18n.t(Text::DownloadCsv)} " · " {i18n.t(title)}
                </button>
                <button type="button" class="button" on:click=move |_| print_only(key)>
                    {i18n.t(Text::PrintButton)} " · " {i18n.t(title)}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ren_21_a_month_is_picked_as_yyyy_mm() {
        assert_eq!(parse_month("2026-03"), Some(Month::new(2026, 3)));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month(""), None);
        let months = six_months(Month::new(2026, 2));
        assert_eq!(months.first(), Some(&Month::new(2025, 9)));
        assert_eq!(months.last(), Some(&Month::new(2026, 2)));
        assert_eq!(month_text(Month::new(2026, 2)), "2026-02");
    }
}
