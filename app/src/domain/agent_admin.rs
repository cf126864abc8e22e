//! What an admin may change on another agent's account (Settings → Agents → Edit).
use crate::models::agent::Role;

/// Why a role change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleRefusal {
    /// An admin demoting themselves could lock everyone out of Settings.
    OwnRole,
    /// Someone must stay able to manage agents.
    LastAdmin,
}

impl RoleRefusal {
    pub fn message(self) -> &'static str {
        match self {
            RoleRefusal::OwnRole => "You cannot remove your own admin role.",
            RoleRefusal::LastAdmin => "The team needs at least one active admin.",
        }
    }
}

/// `is_self`: the admin is editing their own account. `now`: the account's role today;
/// `active_admins`: active admins today, this account included if it is one.
pub fn check_role_change(
    is_self: bool,
    now: Role,
    new: Role,
    active: bool,
    active_admins: u64,
) -> Result<(), RoleRefusal> {
    if now != Role::Admin || new == Role::Admin {
        return Ok(());
    }
    if is_self {
        return Err(RoleRefusal::OwnRole);
    }
    if active && active_admins <= 1 {
        return Err(RoleRefusal::LastAdmin);
    }
    Ok(())
}

/// Whether an account counts as locked by the sign-in throttle: some address has used up
/// its attempts on it (`attempts` from that address within the window).
pub fn is_locked(attempts_from_one_address: u64, per_pair: u64) -> bool {
    attempts_from_one_address >= per_pair
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promoting_and_keeping_are_always_allowed() {
        assert_eq!(
            check_role_change(true, Role::Agent, Role::Admin, true, 1),
            Ok(())
        );
        assert_eq!(
            check_role_change(true, Role::Admin, Role::Admin, true, 1),
            Ok(())
        );
        assert_eq!(
            check_role_change(false, Role::Agent, Role::Agent, true, 0),
            Ok(())
        );
    }

    #[test]
    fn demoting_needs_another_admin_and_someone_else() {
        assert_eq!(
            check_role_change(true, Role::Admin, Role::Agent, true, 3),
            Err(RoleRefusal::OwnRole)
        );
        assert_eq!(
            check_role_change(false, Role::Admin, Role::Agent, true, 1),
            Err(RoleRefusal::LastAdmin)
        );
        assert_eq!(
            check_role_change(false, Role::Admin, Role::Agent, true, 2),
            Ok(())
        );
        // A deactivated admin is not one of the active ones: demoting them leaves the count.
        assert_eq!(
            check_role_change(false, Role::Admin, Role::Agent, false, 1),
            Ok(())
        );
    }

    #[test]
    fn locked_once_an_address_has_used_its_attempts() {
        assert!(!is_locked(4, 5));
        assert!(is_locked(5, 5));
    }
}
