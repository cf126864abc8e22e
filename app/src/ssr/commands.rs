//! Running slash commands typed in a channel or a chat session composer. Parsing and the
//! registry are domain code (`domain::slash_command`); this applies them.
use sea_orm::TransactionTrait;

use super::channels::access;
use super::channels::membership::{self, Invitee};
use super::channels::posts::{self, NewPost};
use super::tickets::{self, ChannelSource, NewTicket};
use super::{contacts, AppState};
use crate::domain::slash_command::{help, parse, Command, Input, Place};
use crate::domain::ticket_input;
use crate::error::AppError;
use crate::models::agent::CurrentAgent;
use crate::models::channel::{ChannelId, ChannelPost, CommandOutcome, CommandPlace, PostKind};
use crate::models::ticket::{Priority, TicketRef};

pub async fn run(
    state: &AppState,
    me: &CurrentAgent,
    place: CommandPlace,
    text: &str,
) -> Result<CommandOutcome, AppError> {
    let where_ = match place {
        CommandPlace::Channel(_) => Place::Channel,
        CommandPlace::ChatSession(_) => Place::ChatSession,
    };
    // Commands are only shown to the caller when refused: nothing is posted.
    let command = match parse(where_, text) {
        Ok(Input::Command(c)) => c,
        Ok(Input::Text(_)) => {
            return Err(AppError::validation(
                "text",
                "That is a message, not a command.",
            ))
        }
        Err(e) => return Err(AppError::validation("text", e.0)),
    };
    let db = &state.db;
    let hub = state.hub.as_ref();
    // The place must be one the caller may act in.
    if let CommandPlace::Channel(id) = place {
        let access = access::readable(db, id, me.id).await?;
        if !matches!(command, Command::Help | Command::Contact { .. }) {
            access.require_member()?;
        }
    }
    let mut out = CommandOutcome::default();
    match (command, place) {
        (Command::Help, _) => out.note = Some(help(where_)),
        (Command::Contact { query }, _) => {
            let found = contacts::list(db, &query, 0).await?;
            out.note = Some(match found.total {
                0 => format!("No contacts match “{query}”."),
                1 => "1 contact:".to_string(),
                n if n > 5 => format!("{n} contacts; the first 5:"),
                n => format!("{n} contacts:"),
            });
            out.contacts = found.rows.into_iter().take(5).collect();
        }
        (Command::Ticket { subject }, CommandPlace::ChatSession(session)) => {
            let subject = ticket_input::subject(&subject)?;
            let t = tickets::create_from_chat(db, me, session, subject).await?;
            out.note = Some(format!("Ticket #{} is ready.", t.number));
            out.ticket = Some(t);
        }
        (Command::Ticket { subject }, CommandPlace::Channel(id)) => {
            let subject = ticket_input::subject(&subject)?;
            let (ticket, posted) = ticket_from_channel(state, me, id, subject).await?;
            out.note = Some(format!("Ticket #{} created.", ticket.number));
            out.ticket = Some(ticket);
            out.posted = Some(posted);
        }
        (Command::Invite { handle }, CommandPlace::Channel(id)) => {
            out.posted = Some(membership::invite(db, hub, me, id, Invitee::Handle(&handle)).await?);
        }
        (Command::Leave, CommandPlace::Channel(id)) => {
            out.posted = Some(membership::leave(db, hub, me, id).await?);
            out.left = true;
        }
        (Command::Topic { text }, CommandPlace::Channel(id)) => {
            out.posted = Some(membership::set_topic(db, hub, me, id, &text).await?);
        }
        // parse() refuses commands that do not belong to the place.
        (_, CommandPlace::ChatSession(_)) => {
            return Err(AppError::validation(
                "text",
                "That command does not work here.",
            ))
        }
    }
    Ok(out)
}

/// `/ticket` in a channel: the ticket and the message announcing it, in one transaction.
/// Every agent may read the ticket, so its text does not name the channel (a private one
/// would leak); the ticket records where it came from and the ticket page shows that link
/// only to those who may read the channel.
async fn ticket_from_channel(
    state: &AppState,
    me: &CurrentAgent,
    id: ChannelId,
    subject: String,
) -> Result<(TicketRef, ChannelPost), AppError> {
    let txn = state.db.begin().await?;
    let seq = posts::next_seq(&txn, id.0).await?;
    access::readable(&txn, id, me.id).await?.require_member()?;
    let ticket = tickets::create_in(
        &txn,
        me,
        NewTicket {
            subject: subject.clone(),
            description: format!("Created by {} from a team channel message.", me.name),
            priority: Priority::Normal,
            requester_name: me.name.clone(),
            requester_email: Some(me.email.clone()),
            assignee: None,
        },
        Some(ChannelSource { channel: id, seq }),
    )
    .await?;
    let written = posts::insert_at(
        &txn,
        id,
        seq,
        Some(me),
        NewPost {
            kind: PostKind::Notice,
            body: &format!("{} created ticket #{}: {subject}", me.name, ticket.number),
            link_url: Some(format!("/tickets/{}", ticket.id.0)),
            client_id: None,
        },
    )
    .await?;
    let posted = written.commit(txn, state.hub.as_ref()).await?;
    Ok((ticket, posted))
}
