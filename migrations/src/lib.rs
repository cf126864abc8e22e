//! Database schema, as SeaORM migrations that run on SQLite and PostgreSQL alike.
pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261124_000001_create_agents;
mod m20261124_000002_create_agent_sessions;
mod m20261124_000003_agent_presence;
mod m20261124_000004_create_chat_sessions;
mod m20261124_000005_create_chat_messages;
mod m20261124_000006_create_contacts;
mod m20261124_000007_create_tickets;
mod m20261124_000008_create_channels;
mod m20261201_000009_security_hardening;
mod m20261201_000010_chat_unread_counter;
mod m20261202_000011_cluster_state;
mod m20261202_000012_unlogged_rate_buckets;
mod m20261203_000013_chat_notes;
mod m20261203_000014_canned_responses;
mod m20261203_000015_routing;
mod m20261203_000016_chat_rating;
mod m20261203_000017_business_hours;
mod m20261204_000018_mail_outbox;
mod m20261204_000019_chat_files;
mod m20261205_000020_widget_settings;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_agents::Migration),
            Box::new(m20261124_000002_create_agent_sessions::Migration),
            Box::new(m20261124_000003_agent_presence::Migration),
            Box::new(m20261124_000004_create_chat_sessions::Migration),
            Box::new(m20261124_000005_create_chat_messages::Migration),
            Box::new(m20261124_000006_create_contacts::Migration),
            Box::new(m20261124_000007_create_tickets::Migration),
            Box::new(m20261124_000008_create_channels::Migration),
            Box::new(m20261201_000009_security_hardening::Migration),
            Box::new(m20261201_000010_chat_unread_counter::Migration),
            Box::new(m20261202_000011_cluster_state::Migration),
            Box::new(m20261202_000012_unlogged_rate_buckets::Migration),
            Box::new(m20261203_000013_chat_notes::Migration),
            Box::new(m20261203_000014_canned_responses::Migration),
            Box::new(m20261203_000015_routing::Migration),
            Box::new(m20261203_000016_chat_rating::Migration),
            Box::new(m20261203_000017_business_hours::Migration),
            Box::new(m20261204_000018_mail_outbox::Migration),
            Box::new(m20261204_000019_chat_files::Migration),
            Box::new(m20261205_000020_widget_settings::Migration),
        ]
    }
}
