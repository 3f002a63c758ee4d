//! `playbook funnel`: the same numbers in its three formats, and exit status 2 for a motion it cannot work
//! out. The expected numbers are worked by hand from the fixture: target 1,000,000 at a deal size of
//! 50,000 is 20 won deals; the proposal stage converts 40 % (20 / 0.4 = 50), discovery 25 % (50 / 0.25 = 200).

mod common;

use assert_cmd::Command;
use common::{Tree, TODAY};

fn playbook() -> Command {
    let mut cmd = Command::cargo_bin("playbook").expect("binary");
    cmd.env("PLAYBOOK_TODAY", TODAY);
    cmd
}

fn tree() -> Tree {
    let stage = |title: &str, order: u32, extra: &str| {
        format!(
            "---\ntitle: {title}\norder: {order}\nactions: [Do it]\npersonas: [cfo]\n{extra}---\n"
        )
    };
    Tree::minimal()
        .file(
            "playbook.yaml",
            "title: Minimal\nmotions:\n  - id: new\n    title: New business\n    deal_size: 50000\n    currency: USD\n  - id: bare\n",
        )
        .file(
            "content/stages/discovery.md",
            &stage("Discovery, first call", 1, "motion: new\nconversion: 25\ndays: 7\nstall_after: 14\n"),
        )
        .file(
            "content/stages/proposal.md",
            &stage("Proposal", 2, "motion: new\nconversion: \"40%\"\ndays: 14\n"),
        )
        .file(
            "content/stages/won.md",
            &stage("Won", 3, "motion: new\ndays: 3\n"),
        )
        .file(
            "content/stages/call.md",
            &stage("Call", 1, "motion: bare\n"),
        )
        .file(
            "content/stages/close.md",
            &stage("Close", 2, "motion: bare\n"),
        )
        .file(
            "content/objections/price.md",
            "---\nobjection: It's too expensive\nstages: [discovery, proposal, won, call, close]\n---\nCompared to what?\n",
        )
}

fn funnel(tree: &Tree, args: &[&str]) -> std::process::Output {
    playbook()
        .arg("funnel")
        .args(args)
        .arg("--root")
        .arg(tree.path())
        .output()
        .expect("runs")
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

#[test]
fn human_format_prints_each_stage_with_its_need() {
    let t = tree();
    let text = stdout(&funnel(&t, &["--motion", "new", "--target", "1000000"]));
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert!(
        text.starts_with(
            "New business: target 1000000 USD, deal size 50000 USD: 20 deals to win\n"
        ),
        "{text}"
    );
    assert_eq!(
        lines[1],
        ["stage", "need", "conversion %", "win rate %", "days"]
    );
    assert_eq!(lines[2], ["Discovery, first call", "200", "25", "10", "7"]);
    assert_eq!(lines[3], ["Proposal", "50", "40", "40", "14"]);
    assert_eq!(lines[4], ["Won", "20", "-", "100", "3"]);
    assert!(
        text.ends_with("win rate from the first stage: 10 %; sales cycle: 24 days\n"),
        "{text}"
    );
}

#[test]
fn json_format_has_the_same_numbers() {
    let t = tree();
    let out = funnel(
        &t,
        &[
            "--motion", "new", "--target", "1000000", "--deal", "40000", "--format", "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    // 1,000,000 / 40,000 = 25 won; 25 / 0.4 = 62.5 → 63; 63 / 0.25 = 252.
    assert_eq!(json["motion"], "new");
    assert_eq!(json["currency"], "USD");
    assert_eq!(json["deal_size"], 40000);
    assert_eq!(json["won_deals"], 25);
    assert_eq!(json["win_rate"], 10);
    assert_eq!(json["cycle_days"], 24);
    let rows: Vec<(String, u64)> = json["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or_default().to_string(),
                s["need"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("discovery".to_string(), 252),
            ("proposal".to_string(), 63),
            ("won".to_string(), 25)
        ]
    );
    assert_eq!(json["stages"][0]["conversion"], 25);
    assert_eq!(json["stages"][0]["stall_after"], 14);
    assert_eq!(json["stages"][2]["conversion"], serde_json::Value::Null);
}

#[test]
fn csv_format_is_one_row_per_stage_with_quoted_titles() {
    let t = tree();
    let text = stdout(&funnel(
        &t,
        &["--motion", "new", "--target", "999999.5", "--format", "csv"],
    ));
    // 999,999.5 / 50,000 = 19.99999 → 20 won: the same numbers as for 1,000,000.
    assert_eq!(
        text,
        "stage,title,need,conversion,win_rate,days\r\n\
         discovery,\"Discovery, first call\",200,25,10,7\r\n\
         proposal,Proposal,50,40,40,14\r\n\
         won,Won,20,,100,3\r\n"
    );
}

#[test]
fn an_unknown_motion_or_one_without_numbers_exits_2() {
    let t = tree();
    let out = funnel(&t, &["--motion", "renewal", "--target", "100"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown motion `renewal`") && err.contains("new, bare"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let out = funnel(&t, &["--motion", "bare", "--target", "100", "--deal", "10"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("motion `bare` has no numbers") && err.contains("call"),
        "{err}"
    );

    // A motion with conversions but no deal size, and none given.
    let t = tree().file(
        "playbook.yaml",
        "title: Minimal\nmotions:\n  - id: new\n  - id: bare\n",
    );
    let out = funnel(&t, &["--motion", "new", "--target", "100"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--deal"));

    for bad in ["0", "lots", "-5"] {
        let out = funnel(&t, &["--motion", "new", "--target", bad, "--deal", "1"]);
        assert_eq!(out.status.code(), Some(2), "--target {bad}");
    }
}

#[test]
fn a_playbook_with_errors_is_reported_not_computed() {
    let t = tree().file(
        "content/stages/won.md",
        "---\ntitle: Won\norder: 3\nmotion: new\nactions: [Do it]\npersonas: [cfo]\nconversion: 50\n---\n",
    );
    let out = funnel(&t, &["--motion", "new", "--target", "100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("conversion-on-last-stage"));
    assert!(out.stdout.is_empty());
}
