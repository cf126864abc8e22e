use leptos::prelude::*;

use crate::error::AppError;
use crate::models::routing::LiveChatSettings;

/// Saves Settings → Live chat's business hours (admins only): whether they apply, the
/// zone, each weekday's opening (both times empty: closed), holidays (one date a line),
/// what the widget does outside them, and Max wait.
/// The Business hours form, posted as `form[field]`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct HoursForm {
    #[serde(default)]
    pub enabled: Option<String>,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub mon_open: String,
    #[serde(default)]
    pub mon_close: String,
    #[serde(default)]
    pub tue_open: String,
    #[serde(default)]
    pub tue_close: String,
    #[serde(default)]
    pub wed_open: String,
    #[serde(default)]
    pub wed_close: String,
    #[serde(default)]
    pub thu_open: String,
    #[serde(default)]
    pub thu_close: String,
    #[serde(default)]
    pub fri_open: String,
    #[serde(default)]
    pub fri_close: String,
    #[serde(default)]
    pub sat_open: String,
    #[serde(default)]
    pub sat_close: String,
    #[serde(default)]
    pub sun_open: String,
    #[serde(default)]
    pub sun_close: String,
    #[serde(default)]
    pub holidays: String,
    #[serde(default)]
    pub outside_hours: String,
    #[serde(default)]
    pub max_wait: String,
}

#[server(prefix = "/api", endpoint = "save_business_hours")]
pub async fn save_business_hours(form: HoursForm) -> Result<LiveChatSettings, AppError> {
    use crate::domain::business_hours::{known_zone, parse_day, parse_holidays, BusinessHours};
    use crate::ssr::chat::routing as store;
    use crate::ssr::request;
    use protocol::visitor::OutsideHours;

    let HoursForm {
        enabled,
        time_zone,
        mon_open,
        mon_close,
        tue_open,
        tue_close,
        wed_open,
        wed_close,
        thu_open,
        thu_close,
        fri_open,
        fri_close,
        sat_open,
        sat_close,
        sun_open,
        sun_close,
        holidays,
        outside_hours,
        max_wait,
    } = form;
    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let outside_hours = OutsideHours::parse(&outside_hours).ok_or_else(|| {
            AppError::validation("outside_hours", "Choose Take a message or Hide the widget.")
        })?;
        let max_wait_minutes = match max_wait.trim().parse::<u32>() {
            Ok(n) if (1..=240).contains(&n) => n,
            _ => {
                return Err(AppError::validation(
                    "max_wait",
                    "Enter whole minutes from 1 to 240.",
                ))
            }
        };
        let business_hours = if enabled.is_some() {
            let zone = time_zone.trim();
            if !known_zone(zone) {
                return Err(AppError::validation(
                    "time_zone",
                    "Use a time zone name like Europe/Berlin or America/New_York.",
                ));
            }
            let days = [
                ("mon", mon_open, mon_close),
                ("tue", tue_open, tue_close),
                ("wed", wed_open, wed_close),
                ("thu", thu_open, thu_close),
                ("fri", fri_open, fri_close),
                ("sat", sat_open, sat_close),
                ("sun", sun_open, sun_close),
            ];
            let mut week = [None; 7];
            for (i, (key, open, close)) in days.into_iter().enumerate() {
                week[i] = parse_day(&open, &close).map_err(|m| AppError::validation(key, m))?;
            }
            let holidays =
                parse_holidays(&holidays).map_err(|m| AppError::validation("holidays", m))?;
            Some(BusinessHours {
                time_zone: zone.to_string(),
                week,
                holidays,
            })
        } else {
            None
        };
        let saved = LiveChatSettings {
            business_hours,
            outside_hours,
            max_wait_minutes,
            ..store::settings(&state.db).await?
        };
        store::save_settings(&state.db, &saved).await?;
        tracing::info!(by = acting.id.0, "business hours saved");
        Ok(saved)
    })
    .await
}
