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

/// Lets the page paint and take input before the next long step of a task: a zero timeout, so
/// the wait is one turn of the event loop (issue #19: no main-thread task over 200 ms). Native
/// builds (the tests) have no page: they give the executor one turn, so a test can run another
/// task in between.
pub async fn yield_to_page() {
    #[cfg(target_arch = "wasm32")]
    if let Some(window) = web_sys::window() {
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
    }
    #[cfg(not(target_arch = "wasm32"))]
    OneTurn(false).await;
}

/// Pending once, then ready: one turn of whatever executor polls it.
#[cfg(not(target_arch = "wasm32"))]
struct OneTurn(bool);

#[cfg(not(target_arch = "wasm32"))]
impl std::future::Future for OneTurn {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            context.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}
