//! Where the webview may go: only the app's own pages. A link, a redirect or a script that tries to load another
//! page (a web site, a `file:` URL, a `data:` page) is refused before the webview leaves the app, so no foreign page
//! ever runs with the app's commands within reach. The UI has no external links; if it ever needs one, it must go to
//! the system browser through a command, never by navigating this webview.

use tauri::{Manager, Runtime, Url};

/// Whether the webview may navigate to `url`: the app's own origin (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows), or in a development build the dev server's origin (`dev_url`, the
/// `build.devUrl` of tauri.conf.json). Any other scheme, host or port is refused.
pub fn is_app_url(url: &Url, dev_url: Option<&Url>) -> bool {
    let host = url.host_str();
    let own = match url.scheme() {
        "tauri" => host == Some("localhost"),
        "http" | "https" => host == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    };
    own || dev_url.is_some_and(|dev| {
        url.scheme() == dev.scheme()
            && host == dev.host_str()
            && url.port_or_known_default() == dev.port_or_known_default()
    })
}

/// The plugin that refuses every navigation [`is_app_url`] does not allow, in every webview of the app.
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let config = webview.config();
            let dev_url = if tauri::is_dev() { config.build.dev_url.as_ref() } else { None };
            is_app_url(url, dev_url)
        })
        .build()
}
