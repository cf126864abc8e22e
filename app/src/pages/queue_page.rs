use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::tachys::view::keyed::keyed;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::live_list::reload_on_change;
use crate::components::local_time::LocalDateTime;
use crate::domain::transcript::elapsed_label;
use crate::live::use_live;
use crate::models::chat::{QueueListing, QueueRow, QueueTab, Satisfaction};
use crate::server_fns::chat::{get_satisfaction, list_queue};

/// Chat → Queue: Waiting (oldest first), Active (mine first), Closed (most recent first).
/// The list is an island that reloads by itself whenever the queue changes anywhere.
#[component]
pub fn QueuePage() -> impl IntoView {
    let query = use_query_map();
    let tab = query
        .read_untracked()
        .get("tab")
        .and_then(|t| QueueTab::parse(&t))
        .unwrap_or_default();
    let page = query
        .read_untracked()
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(0);
    // Rendered here with the first list, which the island gets as its prop: the browser
    // starts from it and asks again only when the queue changes.
    let listing = Resource::new_blocking(|| (), move |_| list_queue(tab, page));
    view! {
        <Title text="Chat Queue" />
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Chat Queue"</h1>
            <Suspense fallback=|| view! { <p>"Loading the queue…"</p> }>
                {move || Suspend::new(async move {
                    match listing.await {
                        Ok(listing) => view! { <LiveQueue listing /> }.into_any(),
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <SatisfactionTable />
        </section>
    }
}

/// The tabs and one tab's rows, reloaded whenever the queue changes anywhere. A reload that
/// fails keeps the rows shown and says so.
#[island]
fn LiveQueue(listing: QueueListing) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let live = use_live();
    let (tab, page) = (listing.tab, listing.page);
    let shown = RwSignal::new(listing);
    let failed = RwSignal::new(None::<String>);
    reload_on_change(
        move || live.queue_version.get(),
        move || list_queue(tab, page),
        move |answer| match answer {
            Ok(l) => {
                failed.set(None);
                shown.set(l);
            }
            Err(e) => failed.set(Some(e.message().to_string())),
        },
    );
    view! {
        {move || failed.get().map(|m| view! { <p role="alert" class="form-error">{m}</p> })}
        <QueueView shown />
    }
}

/// How visitors rated their chats: everyone, then each agent, over 7 and 30 days.
#[component]
fn SatisfactionTable() -> impl IntoView {
    let figures = Resource::new(|| (), |_| get_satisfaction());
    view! {
        <section class="satisfaction" aria-labelledby="satisfaction-title">
            <h2 id="satisfaction-title">"Satisfaction"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match figures.await {
                        Ok(list) => view! { <SatisfactionRows list /> }.into_any(),
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SatisfactionRows(list: Vec<Satisfaction>) -> impl IntoView {
    view! {
        <table class="table satisfaction-table">
            <caption class="hint">"Share of good ratings among the chats visitors rated."</caption>
            <thead>
                <tr>
                    <th scope="col">"Agent"</th>
                    <th scope="col">"Last 7 days"</th>
                    <th scope="col">"Last 30 days"</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|s| {
                    let everyone = s.agent.is_none();
                    view! {
                        <tr class:total=everyone>
                            <th scope="row" class="cell-clip">{s.agent.unwrap_or_else(|| "Everyone".into())}</th>
                            <td>{s.last_7.label()}</td>
                            <td>{s.last_30.label()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn QueueView(shown: RwSignal<QueueListing>) -> impl IntoView {
    let live = use_live();
    let (current, page) = shown.with_untracked(|l| (l.tab, l.page));
    // The browser's clock once it ticks; the server's until then (same text on both sides).
    let now = move || {
        let c = live.clock.get();
        if c > 0 {
            c
        } else {
            shown.with_untracked(|l| l.now)
        }
    };
    let tabs = QueueTab::ALL
        .into_iter()
        .map(|t| {
            let count = move || {
                shown.with(|l| match t {
                    QueueTab::Waiting => Some(l.counts.waiting),
                    QueueTab::Active => Some(l.counts.active),
                    QueueTab::Closed => None,
                })
            };
            view! {
                <a
                    href=format!("/chat/queue?tab={}", t.as_str())
                    role="tab"
                    aria-selected=(t == current).to_string()
                    class="tab"
                >
                    {t.label()}
                    {(t != QueueTab::Closed).then(|| view! { <span class="tab-count">{move || count().unwrap_or_default()}</span> })}
                </a>
            }
        })
        .collect_view();
    let empty = match current {
        QueueTab::Waiting => "No one is waiting. New chats appear here as visitors start them.",
        QueueTab::Active => "No chats in progress.",
        QueueTab::Closed => "No closed chats yet.",
    };
    let is_empty = Memo::new(move |_| shown.with(|l| l.rows.is_empty()));
    let has_more = move || shown.with(|l| l.has_more);
    view! {
        <div class="tabs" role="tablist" aria-label="Chat sessions">{tabs}</div>
        <div class="tab-panel" role="tabpanel" aria-label=current.label()>
            {move || if is_empty.get() {
                Either::Left(view! { <p class="empty">{empty}</p> })
            } else {
                Either::Right(view! {
                    <table class="table queue-table">
                        <thead>
                            <tr>
                                <th scope="col">"Visitor"</th>
                                <th scope="col">"First message"</th>
                                <th scope="col">{match current {
                                    QueueTab::Waiting => "Waiting",
                                    QueueTab::Active => "Agent",
                                    QueueTab::Closed => "Closed",
                                }}</th>
                            </tr>
                        </thead>
                        // Keyed by the whole row: after a reload an unchanged row keeps its
                        // element (a click or the keyboard focus on it survives a queue change),
                        // and a row never shows another chat in an element that moved.
                        <tbody>
                            {move || keyed(shown.with(|l| l.rows.clone()), QueueRow::clone, move |_, row| (|_| {}, view! { <Row row tab=current now /> }))}
                        </tbody>
                    </table>
                })
            }}
            {move || (current == QueueTab::Closed && (page > 0 || has_more())).then(|| view! {
                <nav class="pager" aria-label="Closed chats pages">
                    {(page > 0).then(|| view! {
                        <a href=format!("/chat/queue?tab=closed&page={}", page - 1) class="button button-quiet">"Newer"</a>
                    })}
                    <span>{format!("Page {}", page + 1)}</span>
                    {has_more().then(|| view! {
                        <a href=format!("/chat/queue?tab=closed&page={}", page + 1) class="button button-quiet">"Older"</a>
                    })}
                </nav>
            })}
        </div>
    }
}

#[component]
fn Row(
    row: QueueRow,
    tab: QueueTab,
    now: impl Fn() -> i64 + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let href = format!("/chat/sessions/{}", row.id.0);
    let created = row.created_at;
    // Either*, not into_any(): an erased view keeps every way of rendering it in the
    // download (async hydration too), a plain enum only the ones this island uses.
    let detail = match tab {
        QueueTab::Waiting => EitherOf3::A(view! {
            <span class="waiting-time">{move || elapsed_label(created, now())}</span>
        }),
        QueueTab::Active => {
            let unread = row.unread;
            EitherOf3::B(view! {
                <span>{row.agent_name.clone().unwrap_or_default()}</span>
                {(unread > 0).then(|| view! {
                    <span class="pill pill-unread">{format!("{unread} unread")}</span>
                })}
            })
        }
        QueueTab::Closed => {
            let rating = row.rating.map(|r| {
                let class = match r {
                    protocol::visitor::Rating::Good => "pill pill-good",
                    protocol::visitor::Rating::Bad => "pill pill-bad",
                };
                view! { " " <span class=class>{r.icon()} " " {r.label()}</span> }
            });
            EitherOf3::C(view! {
                {row.closed_at.map(|ms| view! { <LocalDateTime ms /> })}
                {rating}
            })
        }
    };
    view! {
        <tr>
            <td class="cell-visitor"><a href=href>{row.visitor_name}</a></td>
            <td class="cell-preview">{row.preview}</td>
            <td>{detail}</td>
        </tr>
    }
}
