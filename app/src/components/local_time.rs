use leptos::prelude::*;

use crate::domain::utc_time::UtcParts;

/// A time of day. The server renders UTC (it cannot know the reader's zone); once the page
/// is live in the browser it switches to the reader's local time.
#[component]
pub fn LocalTime(ms: i64) -> impl IntoView {
    let text = RwSignal::new(utc_hh_mm(ms));
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            text.set(format!("{:02}:{:02}", d.get_hours(), d.get_minutes()));
        }
    });
    let iso = iso_utc(ms);
    view! { <time datetime=iso>{text}</time> }
}

/// A date and time, e.g. "2026-11-24 14:05".
#[component]
pub fn LocalDateTime(ms: i64) -> impl IntoView {
    let text = RwSignal::new(format!("{} {} UTC", utc_date(ms), utc_hh_mm(ms)));
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            text.set(format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                d.get_full_year(),
                d.get_month() + 1,
                d.get_date(),
                d.get_hours(),
                d.get_minutes()
            ));
        }
    });
    let iso = iso_utc(ms);
    view! { <time datetime=iso>{text}</time> }
}

fn utc_hh_mm(ms: i64) -> String {
    UtcParts::from_millis(ms).hh_mm()
}

fn utc_date(ms: i64) -> String {
    UtcParts::from_millis(ms).date()
}

fn iso_utc(ms: i64) -> String {
    UtcParts::from_millis(ms).iso()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc() {
        // 2026-11-24T14:05:09Z
        let ms = 1_795_529_109_000;
        assert_eq!(utc_hh_mm(ms), "14:05");
        assert_eq!(utc_date(ms), "2026-11-24");
        assert_eq!(iso_utc(ms), "2026-11-24T14:05:09Z");
    }
}
