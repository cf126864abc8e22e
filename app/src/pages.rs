//! One module per screen.
pub mod channel_page;
pub mod channels_page;
pub mod chat_session_page;
pub mod contact_form;
pub mod contact_page;
pub mod contacts_page;
pub mod folders_page;
pub mod new_contact_page;
pub mod new_ticket_page;
pub mod not_found_page;
pub mod queue_page;
pub mod settings_agents_page;
pub mod settings_canned_page;
pub mod shell_layout;
pub mod sign_in_page;
pub mod ticket_page;
pub mod tickets_page;
