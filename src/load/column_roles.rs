//! What a pairing table's column holds (recipient, supporter, lead …), the keys a programme's
//! `columns` mapping uses for them and the headers that name them.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Number,
    Recipient,
    Supporter,
    Lead,
    Stage,
    County,
    Note,
    /// The province of the row (省份): a hint for placing its schools.
    Province,
    /// The region of the row (地区): a county, or a prefecture or province as a hint.
    Area,
    /// What a row of a list of changes does (变更类型: 增补, 调整, 退出).
    Change,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Number,
        Role::Recipient,
        Role::Supporter,
        Role::Lead,
        Role::Stage,
        Role::County,
        Role::Note,
        Role::Province,
        Role::Area,
        Role::Change,
    ];

    /// The key used in a programme's `columns` mapping.
    pub fn key(self) -> &'static str {
        match self {
            Role::Number => "number",
            Role::Recipient => "recipient",
            Role::Supporter => "supporter",
            Role::Lead => "lead",
            Role::Stage => "stage",
            Role::County => "county",
            Role::Note => "note",
            Role::Province => "province",
            Role::Area => "area",
            Role::Change => "change",
        }
    }

    /// The reader-facing name.
    pub fn label(self) -> &'static str {
        match self {
            Role::Number => "编号",
            Role::Recipient => "受援方",
            Role::Supporter => "支援方",
            Role::Lead => "牵头单位",
            Role::Stage => "学段",
            Role::County => "县（市、区）",
            Role::Note => "备注",
            Role::Province => "省份",
            Role::Area => "地区",
            Role::Change => "变更类型",
        }
    }

    /// Headers recognised for this role (compared after removing spaces and unifying brackets).
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Role::Number => &["编号", "序号", "结对编号"],
            Role::Recipient => &[
                "受援学校",
                "受援园",
                "受援方",
                "受援单位",
                "受援学校（幼儿园）",
                "被帮扶学校",
                "被帮扶方",
                "受援地区",
                "受援校",
                "受援学校名称",
                "被帮扶学校名称",
                "帮扶对象",
            ],
            Role::Supporter => &[
                "支援学校",
                "支援园",
                "支援方",
                "支援单位",
                "支援学校（幼儿园）",
                "帮扶学校",
                "帮扶单位",
                "帮扶方",
                "托管高校",
                "托管学校",
                "托管单位",
                "支援校",
                "对口学校",
                "对口帮扶学校",
                "对口支援学校",
                "结对学校",
                "帮扶学校名称",
                "支援学校名称",
            ],
            Role::Lead => &["牵头高校", "牵头单位", "牵头学校"],
            Role::Stage => &["学段"],
            Role::County => &["县（市、区）", "县（区）", "县区", "所在县", "县（市、区、旗）"],
            Role::Note => &["备注", "备注说明", "说明"],
            Role::Province => &[
                "省份",
                "省（区、市）",
                "省区市",
                "所在省份",
                "省（自治区、直辖市）",
                "省",
            ],
            Role::Area => &["地区", "所在地区", "所在地", "地市", "市（州）"],
            Role::Change => &[
                "变更类型",
                "变更情况",
                "变更",
                "调整类型",
                "调整情况",
                "调整方式",
                "调整内容",
                "变动类型",
                "变动情况",
            ],
        }
    }
}
