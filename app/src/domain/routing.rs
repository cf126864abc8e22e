//! Who gets a chat: capacity, fairness and availability for auto-assignment, and the
//! limit that Accept respects in both modes.
use crate::models::agent::AgentId;
use crate::models::routing::LiveChatSettings;

/// An agent as the assignment rule sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: AgentId,
    /// Chose Available and has the app open somewhere.
    pub ready: bool,
    pub active_chats: u32,
    pub capacity: u32,
    /// When they were last given a chat (ms since the epoch); `None`: never.
    pub last_assigned_ms: Option<i64>,
}

impl Candidate {
    pub fn has_room(&self) -> bool {
        self.active_chats < self.capacity
    }
}

/// The agent's limit: their own when an admin set one, else everyone's.
pub fn capacity(own: Option<u32>, settings: &LiveChatSettings) -> u32 {
    own.unwrap_or(settings.max_chats)
}

/// The agent the next waiting chat goes to: Available and connected, under capacity, with
/// the fewest active chats, then the one who waited longest since their last chat (never
/// assigned counts as longest), then the lowest id so the choice is stable. `None` when
/// nobody has room: the chat waits.
pub fn pick(candidates: &[Candidate]) -> Option<AgentId> {
    candidates
        .iter()
        .filter(|c| c.ready && c.has_room())
        .min_by_key(|c| (c.active_chats, c.last_assigned_ms.unwrap_or(i64::MIN), c.id))
        .map(|c| c.id)
}

/// What a full agent hears when they try to take one more.
pub fn limit_message(capacity: u32) -> String {
    let chats = if capacity == 1 { "chat" } else { "chats" };
    format!("You are at your limit of {capacity} {chats}.")
}

/// Checks a limit typed into a settings field.
pub fn parse_limit(raw: &str) -> Result<u32, &'static str> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=LiveChatSettings::MOST_CHATS).contains(&n) => Ok(n),
        _ => Err("Enter a whole number from 1 to 50."),
    }
}

/// The system line that explains an automatic assignment.
pub fn assigned_line(agent_name: &str) -> String {
    format!("Assigned to {agent_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: i64, active: u32, last: Option<i64>) -> Candidate {
        Candidate {
            id: AgentId(id),
            ready: true,
            active_chats: active,
            capacity: 3,
            last_assigned_ms: last,
        }
    }

    #[test]
    fn the_agent_with_the_fewest_chats_gets_the_next_one() {
        let list = [agent(1, 2, None), agent(2, 0, Some(50)), agent(3, 1, None)];
        assert_eq!(pick(&list), Some(AgentId(2)));
    }

    #[test]
    fn on_a_tie_the_longest_idle_wins_and_never_assigned_counts_as_longest() {
        let list = [
            agent(1, 1, Some(300)),
            agent(2, 1, Some(100)),
            agent(3, 1, Some(200)),
        ];
        assert_eq!(pick(&list), Some(AgentId(2)));
        let list = [agent(1, 1, Some(100)), agent(2, 1, None)];
        assert_eq!(pick(&list), Some(AgentId(2)));
        // Same history: the lowest id, every time.
        let list = [agent(7, 0, None), agent(4, 0, None)];
        assert_eq!(pick(&list), Some(AgentId(4)));
    }

    #[test]
    fn full_away_and_offline_agents_get_nothing() {
        let mut away = agent(1, 0, None);
        away.ready = false;
        let full = agent(2, 3, None);
        assert_eq!(pick(&[away.clone(), full.clone()]), None);
        assert_eq!(pick(&[away, full, agent(3, 2, Some(9))]), Some(AgentId(3)));
        assert_eq!(pick(&[]), None);
    }

    #[test]
    fn round_robin_fills_three_agents_evenly() {
        // Nine chats, three agents of capacity 3: 3/3/3, then the tenth waits.
        let mut list = vec![agent(1, 0, None), agent(2, 0, None), agent(3, 0, None)];
        for clock in 0..9 {
            let id = pick(&list).expect("room left");
            let c = list.iter_mut().find(|c| c.id == id).unwrap();
            c.active_chats += 1;
            c.last_assigned_ms = Some(clock);
        }
        assert!(list.iter().all(|c| c.active_chats == 3));
        assert_eq!(pick(&list), None);
    }

    #[test]
    fn an_own_limit_overrides_the_default() {
        let settings = LiveChatSettings::default();
        assert_eq!(capacity(None, &settings), 3);
        assert_eq!(capacity(Some(5), &settings), 5);
        let mut big = agent(1, 4, None);
        big.capacity = capacity(Some(5), &settings);
        assert!(big.has_room());
    }

    #[test]
    fn limits_and_their_messages() {
        assert_eq!(limit_message(3), "You are at your limit of 3 chats.");
        assert_eq!(limit_message(1), "You are at your limit of 1 chat.");
        assert_eq!(parse_limit(" 4 "), Ok(4));
        assert!(parse_limit("0").is_err());
        assert!(parse_limit("51").is_err());
        assert!(parse_limit("three").is_err());
        assert!(parse_limit("-1").is_err());
        assert_eq!(assigned_line("Ada"), "Assigned to Ada");
    }
}
