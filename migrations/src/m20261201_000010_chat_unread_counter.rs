//! `chat_sessions.agent_unread`: the visitor messages after the assignee's read marker, kept
//! in the same statement that takes a message's position. The Chat badge adds these up
//! (one indexed read) instead of counting messages on every change.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000004_create_chat_sessions::ChatSessions;
use crate::m20261124_000005_create_chat_messages::ChatMessages;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChatSessions::Table)
                    .add_column(big_integer(Unread::AgentUnread).default(0))
                    .to_owned(),
            )
            .await?;
        // Existing chats: count what is unread now.
        let count = Query::select()
            .expr(Expr::col((ChatMessages::Table, ChatMessages::Id)).count())
            .from(ChatMessages::Table)
            .and_where(
                Expr::col((ChatMessages::Table, ChatMessages::SessionId))
                    .equals((ChatSessions::Table, ChatSessions::Id)),
            )
            .and_where(Expr::col((ChatMessages::Table, ChatMessages::Sender)).eq("visitor"))
            .and_where(
                Expr::col((ChatMessages::Table, ChatMessages::Seq))
                    .gt(Expr::col((ChatSessions::Table, ChatSessions::AgentReadSeq))),
            )
            .to_owned();
        let backfill = Query::update()
            .table(ChatSessions::Table)
            .value(
                Unread::AgentUnread,
                SimpleExpr::SubQuery(None, Box::new(count.into_sub_query_statement())),
            )
            .to_owned();
        manager.exec_stmt(backfill).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChatSessions::Table)
                    .drop_column(Unread::AgentUnread)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Unread {
    AgentUnread,
}
