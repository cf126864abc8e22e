use leptos::prelude::*;
use leptos::reactive::wrappers::read::Signal;

use crate::error::AppError;

/// The last result of a form's action, as a signal (`action.value()` converted with `.into()`).
pub type ActionResult<T> = Signal<Option<Result<T, AppError>>>;

/// The message of a validation error on `field`.
pub fn field_error<T>(
    result: ActionResult<T>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static
where
    T: Clone + Send + Sync + 'static,
{
    move || match result.get() {
        Some(Err(AppError::Validation { field: f, message })) if f == field => Some(message),
        _ => None,
    }
}

/// The message of any error not tied to a field.
pub fn general_error<T>(
    result: ActionResult<T>,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static
where
    T: Clone + Send + Sync + 'static,
{
    move || match result.get() {
        Some(Err(e)) if e.field().is_none() => Some(e.message().to_string()),
        _ => None,
    }
}
