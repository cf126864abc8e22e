use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000001_create_agents::Agents;

/// Internal messaging: folders, channels, members, messages and mentions.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChannelFolders::Table)
                    .if_not_exists()
                    .col(pk_auto(ChannelFolders::Id).big_integer())
                    .col(string_len(ChannelFolders::Name, 60))
                    // Lower-cased name: folder names are unique whatever their case.
                    .col(string_len_uniq(ChannelFolders::NameKey, 60))
                    .col(integer(ChannelFolders::Position))
                    .col(timestamp_with_time_zone(ChannelFolders::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Channels::Table)
                    .if_not_exists()
                    .col(pk_auto(Channels::Id).big_integer())
                    .col(string_len_uniq(Channels::Name, 80))
                    .col(string_len(Channels::Description, 250).default(""))
                    .col(big_integer_null(Channels::FolderId))
                    .col(boolean(Channels::Private).default(false))
                    .col(big_integer_null(Channels::CreatedBy))
                    .col(timestamp_with_time_zone(Channels::CreatedAt))
                    // Bumped for every new, edited or deleted message: the channel's position.
                    .col(big_integer(Channels::LastSeq).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_channels_folder")
                            .from(Channels::Table, Channels::FolderId)
                            .to(ChannelFolders::Table, ChannelFolders::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChannelMembers::Table)
                    .if_not_exists()
                    .col(big_integer(ChannelMembers::ChannelId))
                    .col(big_integer(ChannelMembers::AgentId))
                    .col(big_integer(ChannelMembers::LastReadSeq).default(0))
                    .col(timestamp_with_time_zone(ChannelMembers::JoinedAt))
                    .primary_key(
                        Index::create()
                            .col(ChannelMembers::ChannelId)
                            .col(ChannelMembers::AgentId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_channel_members_channel")
                            .from(ChannelMembers::Table, ChannelMembers::ChannelId)
                            .to(Channels::Table, Channels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_channel_members_agent")
                            .from(ChannelMembers::Table, ChannelMembers::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_channel_members_agent")
                    .table(ChannelMembers::Table)
                    .col(ChannelMembers::AgentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChannelMessages::Table)
                    .if_not_exists()
                    .col(pk_auto(ChannelMessages::Id).big_integer())
                    .col(big_integer(ChannelMessages::ChannelId))
                    // Position when written (order of the history)…
                    .col(big_integer(ChannelMessages::Seq))
                    // …and when last changed (what a reconnecting client asks after).
                    .col(big_integer(ChannelMessages::Rev))
                    .col(big_integer_null(ChannelMessages::AuthorId))
                    .col(string_len(ChannelMessages::Kind, 16))
                    .col(text(ChannelMessages::Body))
                    .col(string_len_null(ChannelMessages::LinkUrl, 200))
                    .col(string_len_null(ChannelMessages::ClientId, 64))
                    .col(timestamp_with_time_zone(ChannelMessages::CreatedAt))
                    .col(timestamp_with_time_zone_null(ChannelMessages::EditedAt))
                    .col(timestamp_with_time_zone_null(ChannelMessages::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_channel_messages_channel")
                            .from(ChannelMessages::Table, ChannelMessages::ChannelId)
                            .to(Channels::Table, Channels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "uq_channel_messages_seq",
                [ChannelMessages::ChannelId, ChannelMessages::Seq],
                true,
            ),
            (
                "uq_channel_messages_client",
                [ChannelMessages::ChannelId, ChannelMessages::ClientId],
                true,
            ),
            (
                "idx_channel_messages_rev",
                [ChannelMessages::ChannelId, ChannelMessages::Rev],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(ChannelMessages::Table);
            for c in cols {
                index.col(c);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ChannelMentions::Table)
                    .if_not_exists()
                    .col(big_integer(ChannelMentions::MessageId))
                    .col(big_integer(ChannelMentions::AgentId))
                    .col(big_integer(ChannelMentions::ChannelId))
                    .col(big_integer(ChannelMentions::Seq))
                    .primary_key(
                        Index::create()
                            .col(ChannelMentions::MessageId)
                            .col(ChannelMentions::AgentId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_channel_mentions_message")
                            .from(ChannelMentions::Table, ChannelMentions::MessageId)
                            .to(ChannelMessages::Table, ChannelMessages::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_channel_mentions_agent")
                    .table(ChannelMentions::Table)
                    .col(ChannelMentions::AgentId)
                    .col(ChannelMentions::ChannelId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ChannelMentions::Table.into_iden(),
            ChannelMessages::Table.into_iden(),
            ChannelMembers::Table.into_iden(),
            Channels::Table.into_iden(),
            ChannelFolders::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum ChannelFolders {
    Table,
    Id,
    Name,
    NameKey,
    Position,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Channels {
    Table,
    Id,
    Name,
    Description,
    FolderId,
    Private,
    CreatedBy,
    CreatedAt,
    LastSeq,
}

#[derive(DeriveIden)]
pub enum ChannelMembers {
    Table,
    ChannelId,
    AgentId,
    LastReadSeq,
    JoinedAt,
}

#[derive(DeriveIden)]
pub enum ChannelMessages {
    Table,
    Id,
    ChannelId,
    Seq,
    Rev,
    AuthorId,
    Kind,
    Body,
    LinkUrl,
    ClientId,
    CreatedAt,
    EditedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
pub enum ChannelMentions {
    Table,
    MessageId,
    AgentId,
    ChannelId,
    Seq,
}
