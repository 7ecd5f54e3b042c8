//! A small bar chart as inline SVG: the month against the months before it. Our own few lines,
//! so no chart library ships for one picture.

use leptos::prelude::*;

/// The height of the tallest bar, in SVG units.
const PLOT_HEIGHT: f64 = 120.0;
const BAR_WIDTH: f64 = 36.0;
const GAP: f64 = 16.0;

/// The height of each bar, scaled so the largest value fills the plot (all zero: no bars).
pub fn bar_heights(values: &[f64]) -> Vec<f64> {
    let largest = values.iter().copied().fold(0.0_f64, f64::max);
    values
        .iter()
        .map(|value| {
            if largest > 0.0 {
                value / largest * PLOT_HEIGHT
            } else {
                0.0
            }
        })
        .collect()
}

/// A small bar chart of six months, drawn as SVG with its numbers as text.
#[component]
pub fn BarChart(
    /// What the chart shows, for screen readers.
    label: String,
    /// `(month label, value)`, oldest first; the last bar is the month of the form.
    bars: Vec<(String, f64)>,
) -> impl IntoView {
    let values: Vec<f64> = bars.iter().map(|(_, value)| *value).collect();
    let heights = bar_heights(&values);
    let width = bars.len() as f64 * (BAR_WIDTH + GAP) + GAP;
    let last = bars.len().saturating_sub(1);
    view! {
        <svg
            class="bar-chart"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {width} {}", PLOT_HEIGHT + 44.0)
            width=width
            height=PLOT_HEIGHT + 44.0
        >
            {bars
                .into_iter()
                .zip(heights)
                .enumerate()
                .map(|(index, ((month, value), height))| {
                    let x = GAP + index as f64 * (BAR_WIDTH + GAP);
                    let y = 18.0 + PLOT_HEIGHT - height;
                    let class = if index == last { "bar bar--current" } else { "bar" };
                    view! {
                        <g>
                            <rect class=class x=x y=y width=BAR_WIDTH height=height></rect>
                            <text x=x + BAR_WIDTH / 2.0 y=y - 4.0 text-anchor="middle" class="bar__value">{value.to_string()}</text>
                            <text x=x + BAR_WIDTH / 2.0 y=PLOT_HEIGHT + 36.0 text-anchor="middle" class="bar__label">{month}</text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::bar_heights;

    #[test]
    fn the_largest_bar_fills_the_plot_and_zero_stays_flat() {
        assert_eq!(bar_heights(&[1.0, 2.0, 4.0]), vec![30.0, 60.0, 120.0]);
        assert_eq!(bar_heights(&[0.0, 0.0]), vec![0.0, 0.0]);
        assert!(bar_heights(&[]).is_empty());
    }
}
