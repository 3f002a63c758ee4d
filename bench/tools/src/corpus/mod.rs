//! A deterministic, seeded generator of large, valid playbooks, for the build and search benchmarks.
//!
//! `generate(dir, &CorpusOptions { entries: 10_000, .. })` writes a playbook that `check` passes with no
//! warnings: every kind, references and body links between entries, bodies of 300–600 words, a share of
//! Chinese entries (with Chinese ids) and of bodies with fenced code. The same options give the same bytes.
//!
//! Two shapes ([`Shape`]): `bench`, the default the benchmarks have always used, and `wide`, which stresses the
//! pages that gather many entries: more objections and stages, smaller motions, and references spread at random.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use rayon::prelude::*;

mod words;
use words::{ADJECTIVES, NOUNS, SMALL, VERBS, ZH_COMMON, ZH_JOINS, ZH_PHRASES};

/// What to generate.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// How many entries in all.
    pub entries: usize,
    /// Seed of the pseudo-random generator.
    pub seed: u64,
    /// Share of entries written in Chinese (0.0–1.0).
    pub chinese: f64,
    /// Share of bodies with a fenced code block (0.0–1.0).
    pub code: f64,
    /// How the entries are shared among the kinds and how they refer to each other.
    pub shape: Shape,
}

/// How a generated playbook is shaped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shape {
    /// The benchmarks' usual playbook: 10 % each of selling points, stages and role-plays, 0.5 % each of
    /// segments and personas, the rest objections; motions of 40 stages; every selling point on two
    /// neighbouring segments, every objection on one stage, one segment and one persona.
    #[default]
    Bench,
    /// A playbook where lists grow: 60 % objections, 20 % stages in motions of 20, 10 % selling points,
    /// 5 % segments, 2 % personas, 3 % role-plays; a selling point on 1–3 segments and an objection on
    /// 1–2 segments and 2 stages, all picked at random, so a stage gathers objections from across the
    /// playbook and a few stages are named by no objection at all.
    Wide,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            entries: 1_000,
            seed: 42,
            chinese: 0.1,
            code: 0.05,
            shape: Shape::Bench,
        }
    }
}

/// SplitMix64: tiny, fast, good enough for text, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TITLES: &[&str] = &[
    "Budget",
    "Timing",
    "Competition",
    "Security",
    "Contract",
    "Renewal",
    "Onboarding",
    "Support",
    "Pilot",
    "Pricing",
    "Compliance",
    "Migration",
    "Stakeholders",
    "Value",
    "Risk",
];
const CODE_BLOCKS: &[&str] = &[
    "```json\n{\"plan\": \"business\", \"seats\": 25, \"retention_days\": 90, \"regions\": [\"eu-west\"]}\n```\n",
    "```bash\nshield-agent install --token \"$TOKEN\" --schedule hourly\nshield-agent verify --last 24h\n```\n",
    "```python\nsavings = downtime_hours * hourly_cost - annual_price\nprint(f\"Payback: {annual_price / hourly_cost:.1f} hours\")\n```\n",
    "```sql\nSELECT account, SUM(seats) FROM renewals WHERE due < '2027-01-01' GROUP BY account;\n```\n",
];

/// Picks from a bank with a skew towards its first items, as word frequencies are skewed.
fn zipf<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    items[((u * u * u) * items.len() as f64) as usize % items.len()]
}

fn english_sentence(rng: &mut Rng) -> String {
    let mut words: Vec<&str> = Vec::new();
    for _ in 0..2 + rng.below(3) {
        words.push(zipf(rng, SMALL));
        if rng.chance(0.5) {
            words.push(zipf(rng, ADJECTIVES));
        }
        words.push(zipf(rng, NOUNS));
        if rng.chance(0.6) {
            words.push(zipf(rng, VERBS));
        }
    }
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s.push('.');
    s
}

fn chinese_sentence(rng: &mut Rng) -> String {
    chinese_sentence_from(rng, &[])
}

/// A Chinese sentence of phrases, most of them from the document's own topic: real documents reuse
/// their own vocabulary, they do not each contain every stock phrase of the company.
fn chinese_sentence_from(rng: &mut Rng, topic: &[String]) -> String {
    let mut s = String::new();
    for i in 0..3 + rng.below(4) {
        if i > 0 {
            s.push_str(if rng.chance(0.25) {
                "，"
            } else {
                zipf(rng, ZH_JOINS)
            });
        }
        if !topic.is_empty() && rng.chance(0.85) {
            s.push_str(&topic[rng.below(topic.len())]);
        } else {
            s.push_str(zipf(rng, ZH_PHRASES));
        }
    }
    s.push('。');
    s
}

/// A document's topic: a few stock phrases and a few words of its own.
fn chinese_topic(rng: &mut Rng) -> Vec<String> {
    let common: Vec<char> = ZH_COMMON.chars().collect();
    let mut topic: Vec<String> = (0..12).map(|_| zipf(rng, ZH_PHRASES).to_string()).collect();
    for _ in 0..24 {
        let a = common[rng.below(common.len())];
        let b = common[rng.below(common.len())];
        topic.push(format!("{a}{b}"));
    }
    topic
}

/// A body of 300–600 words (Chinese: the same number of two-character words) in paragraphs.
fn body(rng: &mut Rng, chinese: bool, code: bool, links: &[String]) -> String {
    let words = 300 + rng.below(301);
    let mut out = String::new();
    let mut count = 0;
    let mut links = links.iter();
    let topic = if chinese {
        chinese_topic(rng)
    } else {
        Vec::new()
    };
    while count < words {
        if rng.chance(0.15) {
            let _ = writeln!(out, "## {}\n", rng.pick(TITLES));
        }
        for _ in 0..3 + rng.below(4) {
            let s = if chinese {
                chinese_sentence_from(rng, &topic)
            } else {
                english_sentence(rng)
            };
            count += if chinese {
                s.chars().count() / 2
            } else {
                s.split(' ').count()
            };
            out.push_str(&s);
            out.push(' ');
        }
        if let Some(link) = links.next() {
            let _ = write!(
                out,
                "See [{}]({link}).",
                if chinese {
                    "相关内容"
                } else {
                    "this related entry"
                }
            );
        }
        out.push_str("\n\n");
    }
    if code {
        out.push_str(rng.pick(CODE_BLOCKS));
    }
    out
}

#[derive(Clone, Copy)]
struct Plan {
    segments: usize,
    personas: usize,
    points: usize,
    stages: usize,
    objections: usize,
    roleplays: usize,
    stages_per_motion: usize,
    shape: Shape,
}

const PER_FOLDER: usize = 1_000;

impl Plan {
    fn new(n: usize, shape: Shape) -> Plan {
        if shape == Shape::Wide {
            let share = |per_cent: usize| (n * per_cent / 100).max(1);
            let (segments, personas, points, stages, roleplays) =
                (share(5), share(2), share(10), share(20), share(3));
            return Plan {
                segments,
                personas,
                points,
                stages,
                objections: n
                    .saturating_sub(segments + personas + points + stages + roleplays)
                    .max(stages),
                roleplays,
                stages_per_motion: 20,
                shape,
            };
        }
        let segments = (n / 200).max(1);
        let personas = (n / 200).max(1);
        let points = (n / 10).max(1);
        let stages = (n / 10).max(1);
        let roleplays = (n / 10).max(1);
        let objections = n
            .saturating_sub(segments + personas + points + stages + roleplays)
            .max(stages);
        Plan {
            segments,
            personas,
            points,
            stages,
            objections,
            roleplays,
            stages_per_motion: 40,
            shape,
        }
    }

    fn motions(&self) -> usize {
        self.stages.div_ceil(self.stages_per_motion)
    }
}

fn is_chinese(options: &CorpusOptions, kind: u64, i: usize) -> bool {
    Rng::new(options.seed, kind << 40 | i as u64).chance(options.chinese)
}

/// The id of entry `i` of a kind (Chinese entries get Chinese ids).
fn id(options: &CorpusOptions, kind: u64, prefix: &str, zh: &str, i: usize) -> String {
    if is_chinese(options, kind, i) {
        format!("{zh}{i:06}")
    } else {
        format!("{prefix}-{i:06}")
    }
}

const K_SEGMENT: u64 = 1;
const K_PERSONA: u64 = 2;
const K_POINT: u64 = 3;
const K_STAGE: u64 = 4;
const K_OBJECTION: u64 = 5;
const K_ROLEPLAY: u64 = 6;

fn folder(kind: &str, i: usize) -> String {
    format!("content/{kind}/g{:03}", i / PER_FOLDER)
}

/// Writes the playbook into `dir`, which must be missing or empty (nothing is overwritten), and returns
/// how many files were written.
pub fn generate(dir: &Path, options: &CorpusOptions) -> io::Result<usize> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "`{}` is not empty: the generated playbook goes into a new or empty folder",
                dir.display()
            ),
        ));
    }
    let plan = Plan::new(options.entries, options.shape);
    let mut config = String::from("title: Generated playbook\nlanguage: en\nmotions:\n");
    for m in 0..plan.motions() {
        let _ = writeln!(config, "  - id: motion-{m:03}\n    title: Motion {m}");
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("playbook.yaml"), config)?;
    let jobs: Vec<(u64, usize)> = [
        (K_SEGMENT, plan.segments),
        (K_PERSONA, plan.personas),
        (K_POINT, plan.points),
        (K_STAGE, plan.stages),
        (K_OBJECTION, plan.objections),
        (K_ROLEPLAY, plan.roleplays),
    ]
    .iter()
    .flat_map(|&(k, n)| (0..n).map(move |i| (k, i)))
    .collect();
    jobs.par_iter()
        .map(|&(kind, i)| {
            let (path, text) = entry(options, plan, kind, i);
            let full = dir.join(path);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(full, text)
        })
        .collect::<io::Result<Vec<()>>>()?;
    Ok(jobs.len() + 1)
}

/// `count` distinct ids out of `of` (fewer when there are fewer), picked at random, joined by ", ".
fn distinct(rng: &mut Rng, count: usize, of: usize, id: impl Fn(usize) -> String) -> String {
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < count.min(of) {
        let j = rng.below(of);
        if !picked.contains(&j) {
            picked.push(j);
        }
    }
    picked.into_iter().map(id).collect::<Vec<_>>().join(", ")
}

fn entry(o: &CorpusOptions, p: Plan, kind: u64, i: usize) -> (String, String) {
    let mut rng = Rng::new(o.seed, kind << 40 | i as u64 | 1 << 60);
    let zh = is_chinese(o, kind, i);
    let code = rng.chance(o.code);
    let seg = |j: usize| id(o, K_SEGMENT, "segment", "细分", j % p.segments);
    let per = |j: usize| id(o, K_PERSONA, "persona", "角色", j % p.personas);
    let stg = |j: usize| id(o, K_STAGE, "stage", "阶段", j % p.stages);
    let obj = |j: usize| id(o, K_OBJECTION, "objection", "异议", j % p.objections);
    let obj_link = |from_depth: &str, j: usize| {
        let j = j % p.objections;
        format!(
            "{from_depth}{}/{}.md",
            folder("objections", j).trim_start_matches("content/"),
            obj(j)
        )
    };
    let mut fm = String::from("---\n");
    let (folder_kind, own_id) = match kind {
        K_SEGMENT => ("segments", seg(i)),
        K_PERSONA => ("personas", per(i)),
        K_POINT => ("selling-points", id(o, K_POINT, "point", "卖点", i)),
        K_STAGE => ("stages", stg(i)),
        K_OBJECTION => ("objections", obj(i)),
        _ => ("roleplays", id(o, K_ROLEPLAY, "roleplay", "演练", i)),
    };
    let title = if zh {
        chinese_sentence(&mut rng)
    } else {
        english_sentence(&mut rng)
    };
    let title = title.trim_end_matches(['.', '。']).replace('"', "'");
    let links: Vec<String> = (0..1 + rng.below(3))
        .map(|_| obj_link("../../", rng.below(p.objections)))
        .collect();
    let mut text_body = body(&mut rng, zh, code, &links);
    match kind {
        K_SEGMENT => {
            let _ = writeln!(
                fm,
                "name: \"{title}\"\nmode: {}",
                if i % 2 == 0 { "expert" } else { "intensive" }
            );
        }
        K_PERSONA => {
            let roles = ["economic-buyer", "user-buyer", "technical-buyer", "coach"];
            let _ = writeln!(fm, "name: \"{title}\"\nrole: {}", roles[i % roles.len()]);
        }
        K_POINT => {
            let segments = if p.shape == Shape::Wide {
                let count = 1 + rng.below(3);
                distinct(&mut rng, count, p.segments, seg)
            } else {
                format!("{}, {}", seg(i), seg(i + 1))
            };
            let _ = writeln!(fm, "title: \"{title}\"\nsegments: [{segments}]\nfeature: Immutable backups\nbenefit: Restore in minutes");
        }
        K_STAGE => {
            let motion = i / p.stages_per_motion;
            let _ = writeln!(
                fm,
                "title: \"{title}\"\nmotion: motion-{motion:03}\norder: {}\ngoal: Get a dated next step\nexit:\n  - The customer confirmed the next meeting in writing\nactions:\n  - do: Send the recap e-mail\n    owner: Account executive\n    evidence: E-mail logged in the CRM\n  - Book the next meeting\npersonas: [{}]",
                i % p.stages_per_motion + 1,
                per(i)
            );
        }
        K_OBJECTION => {
            let alias = english_sentence(&mut rng);
            let (stages, segments) = if p.shape == Shape::Wide {
                let segments = 1 + rng.below(2);
                (
                    distinct(&mut rng, 2, p.stages, stg),
                    distinct(&mut rng, segments, p.segments, seg),
                )
            } else {
                (stg(i), seg(i))
            };
            let _ = writeln!(
                fm,
                "objection: \"{title}\"\naliases:\n  - \"{}\"\nstages: [{stages}]\nsegments: [{segments}]\npersonas: [{}]",
                alias.trim_end_matches('.'),
                per(i + 1)
            );
        }
        _ => {
            let _ = writeln!(
                fm,
                "title: \"{title}\"\npersona: {}\nstage: {}\npass_score: 75\nquestions:\n  - prompt: What do you answer?\n    objection: {}\n    choices:\n      - Offer a discount at once\n      - {{text: Ask what they compare it with, correct: true, feedback: Right. Find the reference point first.}}\n  - prompt: Say your answer out loud, then compare.\n    model_answer: Acknowledge, ask, then answer with their own numbers.\n    rubric: [Acknowledges, Asks a question]",
                per(i),
                stg(i),
                obj(i)
            );
            text_body = format!("Trainer notes. {text_body}");
        }
    }
    fm.push_str("---\n");
    fm.push_str(&text_body);
    (format!("{}/{own_id}.md", folder(folder_kind, i)), fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_cover_every_kind_and_add_up() {
        let p = Plan::new(10_000, Shape::Bench);
        let total = p.segments + p.personas + p.points + p.stages + p.objections + p.roleplays;
        assert_eq!(total, 10_000);
        assert!(p.objections >= p.stages);
        assert_eq!(p.motions(), 25);
    }

    #[test]
    fn the_wide_shape_has_more_objections_and_smaller_motions() {
        let p = Plan::new(100_000, Shape::Wide);
        let total = p.segments + p.personas + p.points + p.stages + p.objections + p.roleplays;
        assert_eq!(total, 100_000);
        assert_eq!(p.objections, 60_000);
        assert_eq!(p.stages, 20_000);
        assert_eq!(p.motions(), 1_000);
    }

    #[test]
    fn distinct_ids_are_distinct_even_when_asked_for_more_than_exist() {
        let mut rng = Rng::new(1, 2);
        assert_eq!(
            distinct(&mut rng, 3, 2, |j| j.to_string())
                .split(", ")
                .count(),
            2
        );
        let three = distinct(&mut rng, 3, 1000, |j| j.to_string());
        let mut ids: Vec<&str> = three.split(", ").collect();
        ids.dedup();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 3);
    }

    #[test]
    fn the_same_seed_gives_the_same_entry() {
        let o = CorpusOptions::default();
        let p = Plan::new(o.entries, o.shape);
        assert_eq!(entry(&o, p, K_OBJECTION, 7), entry(&o, p, K_OBJECTION, 7));
        assert_ne!(entry(&o, p, K_OBJECTION, 7), entry(&o, p, K_OBJECTION, 8));
    }
}
