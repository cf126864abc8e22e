use serde::{Deserialize, Serialize};

use crate::domain::widget_look::WidgetLook;

/// Settings → Widget: the saved look and the tag to paste into a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSettings {
    pub look: WidgetLook,
    pub snippet: String,
}
