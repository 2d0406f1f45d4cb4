//! Synthetic national-size sites for the scale benchmark and tests: one programme whose pairing
//! table names schools by real county and township names of the embedded division table (so
//! placement works), plus notices that mention some of them.

use crate::lcg::Lcg;
use jiedui::divisions::{Level, divisions};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// School-name endings with their 学段.
const SUFFIXES: [(&str, &str); 12] = [
    ("中心小学", "小学"),
    ("中心幼儿园", "幼儿园"),
    ("中学", "初中"),
    ("初级中学", "初中"),
    ("第一小学", "小学"),
    ("第二小学", "小学"),
    ("实验小学", "小学"),
    ("民族小学", "小学"),
    ("完全小学", "小学"),
    ("九年一贯制学校", "九年一贯制"),
    ("第二幼儿园", "幼儿园"),
    ("民族中学", "初中"),
];
/// Lead universities (real institutions), chosen by the recipient's province.
const LEADS: [&str; 16] = [
    "北京师范大学",
    "华东师范大学",
    "东北师范大学",
    "华中师范大学",
    "陕西师范大学",
    "西南大学",
    "华南师范大学",
    "广西师范大学",
    "南宁师范大学",
    "四川师范大学",
    "云南师范大学",
    "贵州师范大学",
    "西北师范大学",
    "新疆师范大学",
    "湖南师范大学",
    "河南大学",
];
const SENTENCES: [&str; 4] = [
    "为进一步提升县域普通高中和义务教育学校办学水平，经研究，决定开展结对帮扶工作。",
    "支援学校每学期派出骨干教师到受援学校开展送教下乡、同课异构和教研指导。",
    "各地教育行政部门要加强统筹，建立健全工作台账，按季度报送工作进展。",
    "牵头高校负责组织专家团队，对结对学校开展校长培训和课堂教学诊断。",
];

/// One school of the pool: name, 学段, the county column as a table would give it.
struct School {
    name: String,
    stage: &'static str,
    county: String,
}

/// Distinct school names from real counties and townships, in a shuffled but fixed order.
fn school_pool(need: usize) -> Vec<School> {
    let d = divisions();
    let counties = d.all_at(Level::County);
    let mut repeats: HashMap<&str, usize> = HashMap::new();
    for c in &counties {
        *repeats.entry(c.name).or_default() += 1;
    }
    let mut pool = Vec::new();
    let mut seen = std::collections::HashSet::new();
    'outer: for (suffix, stage) in SUFFIXES {
        for c in &counties {
            let path = d.path(c.code);
            // A county name that repeats nationally (城中区) is written after its prefecture.
            let head = if repeats[c.name] > 1 {
                path.iter()
                    .rev()
                    .nth(1)
                    .map(|p| format!("{}{}", p.name, c.name))
                    .unwrap_or_else(|| c.name.to_string())
            } else {
                c.name.to_string()
            };
            // Township names with punctuation (额敏（兵地、辽阳）工业园区) are left out: the table
            // reader normalises them, which the scale test does not set out to check.
            for town in d
                .children(c.code)
                .iter()
                .filter(|t| t.level() == Level::Township && t.name.chars().all(char::is_alphanumeric))
            {
                let name = format!("{head}{}{suffix}", town.name);
                if seen.insert(name.clone()) {
                    pool.push(School {
                        name,
                        stage,
                        county: head.clone(),
                    });
                }
            }
            if pool.len() >= need * 2 + 1000 {
                break 'outer;
            }
        }
    }
    let mut rng = Lcg(20_241_123);
    for i in (1..pool.len()).rev() {
        pool.swap(i, rng.next(i + 1));
    }
    pool.truncate(need);
    pool
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes a site under `root`: `site.toml`, one programme with a `rows`-row pairing table
/// (about 2 × rows schools across about 3,000 counties) and `notices` notices.
pub fn write_national_site(root: &Path, rows: usize, notices: usize) -> io::Result<()> {
    std::fs::create_dir_all(root.join("content/notices"))?;
    std::fs::create_dir_all(root.join("content/programmes"))?;
    std::fs::write(
        root.join("site.toml"),
        "title = \"全国教育结对帮扶信息公开\"\nbase_url = \"https://national.example.cn/\"\n\n[[taxonomies]]\nname = \"topics\"\ntitle = \"主题分类\"\n",
    )?;
    let schools = school_pool(rows * 2);
    let mut table = String::from("编号,受援学校,县（市、区）,支援学校,牵头高校,学段\n");
    for r in 0..rows.min(schools.len() / 2) {
        let recipient = &schools[2 * r];
        let supporter = &schools[2 * r + 1];
        let lead = LEADS[recipient.name.chars().map(|c| c as usize).sum::<usize>() % LEADS.len()];
        let _ = writeln!(
            table,
            "{},{},{},{},{},{}",
            r + 1,
            csv_cell(&recipient.name),
            csv_cell(&recipient.county),
            csv_cell(&supporter.name),
            lead,
            recipient.stage
        );
    }
    std::fs::write(root.join("content/programmes/national.csv"), table)?;
    std::fs::write(
        root.join("content/programmes/national.toml"),
        "title = \"全国县域学校结对帮扶\"\nperiod = \"2024年起，为期3年\"\nnotice = \"notices/n0.md\"\n\n[[tables]]\nfile = \"national.csv\"\n",
    )?;
    let mut rng = Lcg(7);
    for i in 0..notices.max(1) {
        let year = 2015 + (i % 11);
        let (month, day) = (1 + i % 12, 1 + i % 28);
        let mut body = String::new();
        for p in 0..6 {
            let school = &schools[rng.next(schools.len().max(1))].name;
            let _ = writeln!(
                body,
                "## {}、第{}项工作\n\n{school}{}{}\n",
                p + 1,
                p + 1,
                SENTENCES[rng.next(SENTENCES.len())],
                SENTENCES[rng.next(SENTENCES.len())]
            );
        }
        let front = format!(
            "+++\ntitle = \"关于做好第{i}批县域学校结对帮扶工作的通知\"\ndate = {year}-{month:02}-{day:02}\n\"文号\" = \"教基发〔{year}〕{i}号\"\n\"发文机关\" = \"教育部办公厅\"\n\"主题分类\" = [\"结对帮扶\"]\n+++\n\n"
        );
        std::fs::write(root.join(format!("content/notices/n{i}.md")), front + &body)?;
    }
    Ok(())
}

/// Adds a second version to a site written by [`write_national_site`]: an 调整通知 whose list of
/// changes touches one row in a hundred (a third of them 退出, a third a new supporter — the next
/// row's — and a third 增补: the recipient gets the next row's supporter as a second partner).
/// Returns the number of rows of the list of changes.
pub fn add_national_revision(root: &Path) -> io::Result<usize> {
    let table = std::fs::read_to_string(root.join("content/programmes/national.csv"))?;
    let rows: Vec<Vec<&str>> = table.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let mut changes = String::from("编号,变更类型,受援学校,县（市、区）,支援学校,牵头高校,学段\n");
    let mut count = 0;
    for (r, row) in rows.iter().enumerate().step_by(100) {
        let (Some(next), [_, recipient, county, supporter, lead, stage, ..]) = (rows.get(r + 1), row.as_slice()) else {
            continue;
        };
        let other = next[3];
        let line = match (r / 100) % 3 {
            0 => format!("{},退出,{recipient},{county},{supporter},,", count + 1),
            1 => format!("{},调整,{recipient},{county},{other},{lead},{stage}", count + 1),
            _ => format!("{},增补,{recipient},{county},{other},{lead},{stage}", count + 1),
        };
        changes.push_str(&line);
        changes.push('\n');
        count += 1;
    }
    std::fs::write(root.join("content/programmes/national-changes.csv"), changes)?;
    std::fs::write(
        root.join("content/notices/adjustment.md"),
        "+++\ntitle = \"关于调整县域学校结对帮扶名单的通知\"\ndate = 2026-03-01\n\"文号\" = \"教基发〔2026〕3号\"\n\"发文机关\" = \"教育部办公厅\"\n+++\n\n名单调整见附件。\n",
    )?;
    let programme = root.join("content/programmes/national.toml");
    let mut text = std::fs::read_to_string(&programme)?;
    text.push_str("\n[[versions]]\nnotice = \"notices/adjustment.md\"\nkind = \"changes\"\n[[versions.tables]]\nfile = \"national-changes.csv\"\n");
    std::fs::write(programme, text)?;
    Ok(count)
}
