//! Settings → Widget, stored, and the look `widget.js` is served with.
use std::sync::Mutex;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::domain::widget_look::WidgetLook;
use crate::error::AppError;
use crate::ssr::entities::widget_setting;

const ROW: i32 = 1;

pub async fn look(db: &impl ConnectionTrait) -> Result<WidgetLook, AppError> {
    Ok(
        match widget_setting::Entity::find_by_id(ROW).one(db).await? {
            Some(row) => {
                WidgetLook::from_stored(&row.color, &row.title, &row.greeting, &row.position)
            }
            None => WidgetLook::default(),
        },
    )
}

pub async fn save(db: &impl ConnectionTrait, look: &WidgetLook) -> Result<(), AppError> {
    let row = widget_setting::ActiveModel {
        id: Set(ROW),
        color: Set(look.color.clone()),
        title: Set(look.title.clone()),
        greeting: Set(look.greeting.clone()),
        position: Set(look.position.as_str().to_string()),
        updated_at: Set(Utc::now()),
    };
    widget_setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(widget_setting::Column::Id)
                .update_columns([
                    widget_setting::Column::Color,
                    widget_setting::Column::Title,
                    widget_setting::Column::Greeting,
                    widget_setting::Column::Position,
                    widget_setting::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The look `widget.js` is served with: read on every request that reaches the server (one
/// primary-key lookup; browsers keep the file five minutes and revalidate with its ETag),
/// so every instance serves a save at once. The last look read stays here for when the
/// database cannot answer: the widget still loads, in the last look known.
#[derive(Default)]
pub struct LastLook {
    last: Mutex<Option<WidgetLook>>,
}

impl LastLook {
    pub async fn get(&self, db: &impl ConnectionTrait) -> WidgetLook {
        match look(db).await {
            Ok(fresh) => {
                self.set(fresh.clone());
                fresh
            }
            Err(e) => {
                tracing::warn!(error = %e, "widget look: could not read the settings");
                self.last
                    .lock()
                    .ok()
                    .and_then(|l| l.clone())
                    .unwrap_or_default()
            }
        }
    }

    fn set(&self, look: WidgetLook) {
        if let Ok(mut l) = self.last.lock() {
            *l = Some(look);
        }
    }
}

/// `widget.js` as served: the built template with `look` in it, and its ETag (the same
/// on every instance serving the same build and look).
pub fn served_loader(template: &str, look: &WidgetLook) -> (String, String) {
    use base64::Engine;
    use sha2::{Digest, Sha256};

    let body = look.loader_source(template);
    let digest = Sha256::digest(body.as_bytes());
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12]);
    (body, format!("\"{tag}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_etag_follows_the_look() {
        let template = "var look = {/*look*/};";
        let (a, tag_a) = served_loader(template, &WidgetLook::default());
        let other = WidgetLook {
            title: "Talk to us".into(),
            ..WidgetLook::default()
        };
        let (b, tag_b) = served_loader(template, &other);
        assert_ne!(a, b);
        assert_ne!(tag_a, tag_b);
        assert_eq!(served_loader(template, &WidgetLook::default()).1, tag_a);
        assert!(tag_a.starts_with('"') && tag_a.ends_with('"'));
    }
}
