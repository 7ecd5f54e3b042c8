//! Named spans on the browser's performance timeline (`performance.measure`), so a benchmark
//! or a DevTools profile can say where the time of a long step went. Native builds (the tests)
//! have no timeline, and a span there costs nothing.

/// A span that is measured from `start` until it is dropped.
pub struct Span {
    #[cfg(target_arch = "wasm32")]
    name: &'static str,
}

impl Span {
    /// Starts the span called `name`; `performance.getEntriesByName(name)` lists its runs.
    pub fn start(name: &'static str) -> Span {
        #[cfg(target_arch = "wasm32")]
        {
            if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
                let _ = performance.mark(&start_mark(name));
            }
            Span { name }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = name;
            Span {}
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn start_mark(name: &str) -> String {
    format!("{name}:start")
}

impl Drop for Span {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
            let _ = performance.measure_with_start_mark(self.name, &start_mark(self.name));
        }
    }
}
