//! Lists an island receives from the server as a prop and keeps current in the browser.
use std::future::Future;

use leptos::prelude::*;

use crate::domain::reload_order::ReloadOrder;
use crate::error::AppError;

/// Asks `fetch` again whenever what `changes` reads moves (a version the live connection
/// bumps on a change and on every reconnect, a count) and hands each answer to `apply`,
/// dropping an answer that a later one overtook. The first list comes with the page, so
/// nothing is asked until the first move.
pub fn reload_on_change<K, T, Fut>(
    changes: impl Fn() -> K + 'static,
    fetch: impl Fn() -> Fut + Clone + 'static,
    apply: impl Fn(Result<T, AppError>) + Clone + 'static,
) where
    K: PartialEq + 'static,
    T: 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let order = StoredValue::new(ReloadOrder::default());
    Effect::new(move |seen: Option<K>| {
        let now = changes();
        if seen.is_some_and(|s| s != now) {
            let ticket = order.try_update_value(|o| o.ask()).unwrap_or_default();
            let (fetch, apply) = (fetch.clone(), apply.clone());
            leptos::task::spawn_local(async move {
                let answer = fetch().await;
                if order.try_update_value(|o| o.accept(ticket)) == Some(true) {
                    apply(answer);
                }
            });
        }
        now
    });
}
