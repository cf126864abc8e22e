use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::pager::Pager;
use crate::domain::navigation::encode_query_value;
use crate::server_fns::contacts::list_contacts;

/// Contacts: search by name, email or company (partial words), 25 a page.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).unwrap_or_default();
    let listing = Resource::new(
        move || (param("q"), param("page")),
        |(q, page)| list_contacts(q, page.parse().unwrap_or(0)),
    );
    view! {
        <Title text="Contacts" />
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">"Contacts"</h1>
                <a href="/contacts/new" class="button button-primary">"New Contact"</a>
            </div>
            <form method="get" action="/contacts" class="filters" role="search">
                <div class="field">
                    <label for="contact-q">"Search"</label>
                    <input id="contact-q" name="q" type="search" placeholder="Name, email or company"
                        value=move || param("q") />
                </div>
                <button type="submit" class="button button-quiet">"Search"</button>
            </form>
            <Transition fallback=|| view! { <p>"Loading contacts…"</p> }>
                {move || Suspend::new(async move {
                    match listing.await {
                        Ok(l) if l.rows.is_empty() => view! { <p class="empty">"No contacts match."</p> }.into_any(),
                        Ok(l) => {
                            let base = format!("/contacts?q={}", encode_query_value(&param("q")));
                            view! {
                                <p class="hint">{format!("{} contact{}", l.total, if l.total == 1 { "" } else { "s" })}</p>
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Email"</th>
                                        <th scope="col">"Company"</th>
                                        <th scope="col">"Phone"</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.rows.into_iter().map(|c| view! {
                                            <tr>
                                                <td><a href=format!("/contacts/{}", c.id.0)>{c.name}</a></td>
                                                <td>{c.email.unwrap_or_default()}</td>
                                                <td>{c.company.unwrap_or_default()}</td>
                                                <td>{c.phone.unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pager base page=l.page has_more=l.has_more label="Contact pages" />
                            }.into_any()
                        }
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
