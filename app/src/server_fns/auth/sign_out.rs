use leptos::prelude::*;

use crate::error::AppError;

/// Ends the current session (server side) and clears the cookie.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{auth_sessions, cookies, request};

    request::respond(async {
        let state = request::state()?;
        if let Some(token) = request::session_token() {
            auth_sessions::sign_out(&state.db, state.hub.as_ref(), &token).await?;
        }
        request::set_cookie(&cookies::clear_session_cookie(request::secure_cookies(
            &state,
        )));
        if request::is_plain_form_post() {
            leptos_axum::redirect("/sign-in");
        }
        Ok(())
    })
    .await
}
