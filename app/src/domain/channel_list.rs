//! Which channels the sidebar lists: the ones I am in, by folder, folders left empty
//! dropped.
use crate::models::channel::ChannelGroup;

pub fn my_channels(groups: Vec<ChannelGroup>) -> Vec<ChannelGroup> {
    groups
        .into_iter()
        .map(|mut g| {
            g.channels.retain(|c| c.member);
            g
        })
        .filter(|g| !g.channels.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::channel::{ChannelId, ChannelSummary, FolderId, FolderInfo};

    fn channel(id: i64, member: bool) -> ChannelSummary {
        ChannelSummary {
            id: ChannelId(id),
            name: format!("c{id}"),
            description: String::new(),
            folder_id: None,
            private: false,
            member,
            unread: 0,
            mentions: 0,
        }
    }

    fn folder(id: i64) -> Option<FolderInfo> {
        Some(FolderInfo {
            id: FolderId(id),
            name: format!("f{id}"),
            position: 0,
            channel_count: 0,
        })
    }

    #[test]
    fn keeps_only_my_channels_and_folders_that_still_have_one() {
        let groups = vec![
            ChannelGroup {
                folder: folder(1),
                channels: vec![channel(1, true), channel(2, false)],
            },
            ChannelGroup {
                folder: folder(2),
                channels: vec![channel(3, false)],
            },
            ChannelGroup {
                folder: None,
                channels: vec![channel(4, true)],
            },
        ];
        let mine = my_channels(groups);
        assert_eq!(mine.len(), 2);
        assert_eq!(mine[0].folder.as_ref().map(|f| f.id), Some(FolderId(1)));
        assert_eq!(
            mine[0].channels.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![ChannelId(1)]
        );
        assert!(mine[1].folder.is_none());
        assert_eq!(mine[1].channels[0].id, ChannelId(4));
    }

    #[test]
    fn nothing_joined_lists_nothing() {
        let groups = vec![ChannelGroup {
            folder: None,
            channels: vec![channel(1, false)],
        }];
        assert!(my_channels(groups).is_empty());
    }
}
