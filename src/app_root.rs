//! Where the app is deployed. `dist/` is served from any sub-path (for example
//! `/estate-desk/`), so the router base and the service-worker URL are found at run time.

/// The deploy root as a router base: `""` at the site root, `"/estate-desk"` under a sub-path.
///
/// The service worker's script sits at the deploy root, so once it controls the page its URL is
/// the surest answer. On a first visit there is no controller yet, and the page itself is the
/// app shell at the root, so the directory of the page's path is the root.
pub fn root_from_paths(service_worker_script_path: Option<&str>, page_path: &str) -> String {
    let path = service_worker_script_path.unwrap_or(page_path);
    let directory = match path.rfind('/') {
        Some(slash) => &path[..slash],
        None => "",
    };
    directory.to_owned()
}

/// The deploy root of the running page (see [`root_from_paths`]).
pub fn current_root() -> String {
    let window = web_sys::window().expect("Estate Desk runs in a browser window");
    let page_path = window.location().pathname().unwrap_or_default();
    let controller_path = controller_script_url(&window)
        .and_then(|url| web_sys::Url::new(&url).ok())
        .map(|url| url.pathname());
    root_from_paths(controller_path.as_deref(), &page_path)
}

/// The script URL of the worker controlling this page, if any.
pub fn controller_script_url(window: &web_sys::Window) -> Option<String> {
    service_worker_container(window)?
        .controller()
        .map(|worker| worker.script_url())
}

pub fn service_worker_container(
    window: &web_sys::Window,
) -> Option<web_sys::ServiceWorkerContainer> {
    // Insecure origins have no `navigator.serviceWorker`; the app then simply runs online.
    let navigator = window.navigator();
    let has_container = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    has_container.then(|| navigator.service_worker())
}

/// The deploy root in context. leptos_router matches routes under its `base`, but leaves
/// absolute link targets alone, so every in-app link goes through [`AppRoot::href`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRoot {
    base: String,
}

impl AppRoot {
    /// A root at `base` (`""` or a path without a trailing slash, as [`root_from_paths`] gives).
    pub fn new(base: String) -> AppRoot {
        AppRoot { base }
    }

    /// Finds the root of the running page and provides it to the component tree.
    pub fn provide() -> AppRoot {
        let root = AppRoot::new(current_root());
        leptos::prelude::provide_context(root.clone());
        root
    }

    /// The root provided by [`AppRoot::provide`].
    pub fn expect() -> AppRoot {
        leptos::prelude::expect_context::<AppRoot>()
    }

    /// The router base.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The link target for an app route such as `"/renovations"`.
    pub fn href(&self, route: &str) -> String {
        format!("{}{}", self.base, route)
    }
}

#[cfg(test)]
mod tests {
    use super::{root_from_paths, AppRoot};

    #[test]
    fn links_are_prefixed_with_the_root() {
        let root = AppRoot::new("/estate-desk".into());
        assert_eq!(root.href("/"), "/estate-desk/");
        assert_eq!(root.href("/sync"), "/estate-desk/sync");
        assert_eq!(AppRoot::new(String::new()).href("/sync"), "/sync");
    }

    #[test]
    fn first_visit_at_site_root() {
        assert_eq!(root_from_paths(None, "/"), "");
        assert_eq!(root_from_paths(None, "/index.html"), "");
    }

    #[test]
    fn first_visit_under_a_sub_path() {
        assert_eq!(root_from_paths(None, "/estate-desk/"), "/estate-desk");
        assert_eq!(
            root_from_paths(None, "/estate-desk/index.html"),
            "/estate-desk"
        );
        assert_eq!(
            root_from_paths(None, "/a/b/estate-desk/"),
            "/a/b/estate-desk"
        );
    }

    #[test]
    fn the_service_worker_wins_on_deep_routes() {
        assert_eq!(
            root_from_paths(Some("/estate-desk/sw.js"), "/estate-desk/renovations/42"),
            "/estate-desk"
        );
        assert_eq!(root_from_paths(Some("/sw.js"), "/renovations/42"), "");
    }
}
