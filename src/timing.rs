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

/// Sleeps without blocking the page.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// How long a task runs on, when its work comes in small steps, before the page gets a turn:
/// long enough that the turns themselves (a yield, the progress bar drawn again) are a small
/// part of the work, and well under the 200 ms of issue #19 on a slow machine.
#[cfg(target_arch = "wasm32")]
const TURN_MS: f64 = 50.0;

/// The work of one task, taken in small steps until [`TURN_MS`] have passed: steps sized by
/// time instead of by bytes get the same work done in fewer turns on a fast machine and still
/// keep each task short on a slow one (issue #19).
pub struct Turn {
    #[cfg(target_arch = "wasm32")]
    started_ms: f64,
}

impl Turn {
    pub fn start() -> Turn {
        Turn {
            #[cfg(target_arch = "wasm32")]
            started_ms: now_ms(),
        }
    }

    /// Takes `step` until it says it is done (true) or this turn's time is up; whether it is
    /// done. The caller gives the page its turn before the next.
    pub fn take_steps(&self, mut step: impl FnMut() -> bool) -> bool {
        loop {
            if step() {
                return true;
            }
            if self.is_over() {
                return false;
            }
        }
    }

    /// Whether the task has run its time. Native builds (the tests) have no page to keep
    /// responsive: there every step is a turn of its own, so a test sees each step.
    pub fn is_over(&self) -> bool {
        #[cfg(target_arch = "wasm32")]
        {
            now_ms() - self.started_ms >= TURN_MS
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            true
        }
    }
}

/// The page's clock, in milliseconds.
#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// How many items [`release_in_slices`] frees between two turns of the page.
const RELEASE_SLICE: usize = 10_000;

/// Frees `items` a slice at a time, the page getting a turn between slices: freeing the 125k
/// decoded events or stored records of a 10k-case import at once was itself the longest task
/// of the import (issue #19).
pub async fn release_in_slices<T>(mut items: Vec<T>) {
    while items.len() > RELEASE_SLICE {
        items.truncate(items.len() - RELEASE_SLICE);
        yield_to_page().await;
    }
}

/// Lets the page paint and take input before the next long step of a task (issue #19: no
/// main-thread task over 200 ms): `scheduler.yield()` where the browser has it, else a zero
/// timeout. Native builds (the tests) have no page: they give the executor one turn, so a
/// test can run another task in between.
pub async fn yield_to_page() {
    #[cfg(target_arch = "wasm32")]
    match scheduler_yield() {
        Some(turn) => {
            let _ = wasm_bindgen_futures::JsFuture::from(turn).await;
        }
        None => sleep_ms(0).await,
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut turned = false;
        std::future::poll_fn(|context| {
            if std::mem::replace(&mut turned, true) {
                std::task::Poll::Ready(())
            } else {
                context.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await;
    }
}

/// `scheduler.yield()`: the task goes on as soon as the page has painted and taken input.
/// A zero timeout nested in others waits at least 4 ms, and a 10k-case import gives the page
/// about 400 turns (issue #19).
#[cfg(target_arch = "wasm32")]
fn scheduler_yield() -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok()?;
    let turn: js_sys::Function = js_sys::Reflect::get(&scheduler, &"yield".into())
        .ok()?
        .dyn_into()
        .ok()?;
    turn.call0(&scheduler).ok()?.dyn_into().ok()
}
