//! Windowing for long lists: only the rows in view (plus a few either side) are in the DOM, so
//! a list of ten thousand cases scrolls and filters as fast as a list of ten.

use std::ops::Range;

/// The rows to render for a viewport of `viewport` pixels scrolled to `scroll_top`, with
/// `overscan` extra rows either side so a fast scroll does not show blank space.
pub fn visible_range(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    total: usize,
    overscan: usize,
) -> Range<usize> {
    if total == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let shown = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(total);
    let end = (first + shown + overscan).min(total);
    start..end
}

#[cfg(test)]
mod tests {
    use super::visible_range;

    #[test]
    fn the_top_of_the_list_renders_a_screenful_and_the_overscan() {
        assert_eq!(visible_range(0.0, 720.0, 72.0, 10_000, 5), 0..16);
    }

    #[test]
    fn a_scrolled_list_renders_around_the_viewport() {
        assert_eq!(visible_range(7200.0, 720.0, 72.0, 10_000, 5), 95..116);
    }

    #[test]
    fn the_window_never_passes_the_end() {
        assert_eq!(visible_range(1e9, 720.0, 72.0, 30, 5), 30..30);
        assert_eq!(visible_range(0.0, 720.0, 72.0, 3, 5), 0..3);
        assert_eq!(visible_range(0.0, 720.0, 72.0, 0, 5), 0..0);
    }
}
