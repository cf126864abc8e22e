//! Visitor ratings: given once per closed chat, and the satisfaction figures.
use std::collections::HashMap;

use chrono::{Duration, Utc};
use protocol::visitor::{RateChat, Rating};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::domain::rating::{comment, Tally};
use crate::error::AppError;
use crate::models::chat::{ChatSessionId, Satisfaction};
use crate::ssr::entities::chat_session;
use crate::ssr::hub::{Hub, HubEvent, Topic};

/// Rates the visitor's chat: only once it is closed, only once. Agents watching it see the
/// rating at once.
pub async fn rate(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    session: &chat_session::Model,
    req: RateChat,
) -> Result<(), AppError> {
    let text = comment(req.comment.as_deref()).map_err(|m| AppError::validation("comment", m))?;
    let done = chat_session::Entity::update_many()
        .col_expr(
            chat_session::Column::Rating,
            Expr::value(req.rating.as_str()),
        )
        .col_expr(chat_session::Column::RatingComment, Expr::value(text))
        .col_expr(chat_session::Column::RatedAt, Expr::value(Utc::now()))
        .filter(chat_session::Column::Id.eq(session.id))
        .filter(chat_session::Column::Status.eq("closed"))
        .filter(chat_session::Column::Rating.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        let fresh = super::sessions::by_id(db, ChatSessionId(session.id)).await?;
        return Err(AppError::conflict(if fresh.rating.is_some() {
            "You have already rated this chat."
        } else {
            "You can rate the chat once it has ended."
        }));
    }
    let id = ChatSessionId(session.id);
    hub.publish(
        Topic::Session(id),
        HubEvent::SessionChanged { session_id: id },
    );
    Ok(())
}

/// Satisfaction over the last 7 and 30 days: everyone first, then each agent by name.
pub async fn satisfaction(db: &impl ConnectionTrait) -> Result<Vec<Satisfaction>, AppError> {
    let now = Utc::now();
    let rated = chat_session::Entity::find()
        .filter(chat_session::Column::RatedAt.gt(now - Duration::days(30)))
        .all(db)
        .await?;
    let week_ago = now - Duration::days(7);
    let mut everyone = (Tally::default(), Tally::default());
    let mut by_agent: HashMap<i64, (Tally, Tally)> = HashMap::new();
    for s in &rated {
        let (Some(rating), Some(at)) = (s.rating.as_deref().and_then(Rating::parse), s.rated_at)
        else {
            continue;
        };
        let good = rating == Rating::Good;
        let count = |t: &mut (Tally, Tally)| {
            t.1.add(good);
            if at > week_ago {
                t.0.add(good);
            }
        };
        count(&mut everyone);
        if let Some(agent) = s.agent_id {
            count(by_agent.entry(agent).or_default());
        }
    }
    let names = crate::ssr::agents::names(db, by_agent.keys().copied()).await?;
    let mut agents: Vec<Satisfaction> = by_agent
        .into_iter()
        .map(|(id, (last_7, last_30))| Satisfaction {
            agent: Some(names.get(&id).cloned().unwrap_or_else(|| "Unknown".into())),
            last_7,
            last_30,
        })
        .collect();
    agents.sort_by(|a, b| a.agent.cmp(&b.agent));
    let mut out = vec![Satisfaction {
        agent: None,
        last_7: everyone.0,
        last_30: everyone.1,
    }];
    out.extend(agents);
    Ok(out)
}
