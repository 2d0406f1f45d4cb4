//! What a row of a list of changes does (增补, 调整, 退出), read from its 变更类型 cell.

/// What one row of a list of changes does to the programme's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeAction {
    /// 增补 / 新增: a pair that was not in the list.
    Add,
    /// 调整 / 变更: the recipient's pair changes (a new supporter, lead or stage).
    Change,
    /// 退出 / 撤销: the recipient's pair ends.
    End,
}

/// Words a 变更类型 cell may hold, by action (a cell is read by the first word it contains).
const WORDS: [(ChangeAction, &[&str]); 3] = [
    (
        ChangeAction::End,
        &[
            "退出",
            "撤销",
            "撤出",
            "取消",
            "终止",
            "删除",
            "删去",
            "结束",
            "不再结对",
            "解除",
        ],
    ),
    (
        ChangeAction::Add,
        &["增补", "新增", "增加", "补充", "新加入", "加入", "新结对"],
    ),
    (
        ChangeAction::Change,
        &["调整", "变更", "更换", "调换", "改为", "变动", "更改"],
    ),
];

impl ChangeAction {
    /// The action a cell names (`增补`, `调整为…`, `退出结对`), or `None`.
    pub fn read(cell: &str) -> Option<ChangeAction> {
        let cell = cell.trim();
        WORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| cell.contains(w)))
            .map(|(action, _)| *action)
    }

    /// How the 变更 page and `check` name it.
    pub fn label(self) -> &'static str {
        match self {
            ChangeAction::Add => "增补",
            ChangeAction::Change => "调整",
            ChangeAction::End => "退出",
        }
    }
}

/// The words a cell may hold, for a hint.
pub fn known_words() -> &'static str {
    "增补（或 新增）、调整（或 变更、更换）、退出（或 撤销、终止）"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_by_their_word() {
        assert_eq!(ChangeAction::read("增补"), Some(ChangeAction::Add));
        assert_eq!(ChangeAction::read(" 新增结对 "), Some(ChangeAction::Add));
        assert_eq!(ChangeAction::read("调整支援学校"), Some(ChangeAction::Change));
        assert_eq!(ChangeAction::read("退出"), Some(ChangeAction::End));
        assert_eq!(ChangeAction::read("撤销结对"), Some(ChangeAction::End));
        assert_eq!(ChangeAction::read("继续"), None);
        assert_eq!(ChangeAction::read(""), None);
    }
}
