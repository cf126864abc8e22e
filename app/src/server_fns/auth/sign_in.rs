use leptos::prelude::*;

use crate::error::AppError;

/// Checks the credentials, sets the session cookie and returns where to go next.
/// Works as a plain HTML form post too: then it answers with a redirect.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::domain::navigation::safe_next;
    use crate::ssr::{auth_sessions, cookies, request};

    let target = safe_next(next.as_deref());
    let result: Result<String, AppError> = async {
        let state = request::state()?;
        let addr = request::client_addr(&state);
        let (agent, token) =
            auth_sessions::sign_in(&state.db, &state.sign_in_policy, &email, &password, &addr)
                .await?;
        tracing::info!(agent_id = agent.id.0, "agent signed in");
        request::set_cookie(&cookies::session_cookie(
            &token,
            request::secure_cookies(&state),
        ));
        Ok(target.clone())
    }
    .await;

    if request::is_plain_form_post() {
        // Without JavaScript the browser follows a redirect: back to the form with the
        // error's code, or on to the page it came for.
        let location = match &result {
            Ok(t) => t.clone(),
            Err(e) => format!(
                "/sign-in?error={}&next={}",
                e.code(),
                crate::domain::navigation::encode_query_value(&target)
            ),
        };
        leptos_axum::redirect(&location);
        return result;
    }
    if let Err(err) = &result {
        request::set_error_status(err);
    }
    result
}
