//! The funnel in the site, rendered in memory: the motion pages exist and are linked, their table without
//! JavaScript carries the numbers of `playbook::funnel` (the same code as `playbook funnel`), stage pages
//! show their numbers, and a motion without conversions gets no calculator. The calculator itself runs in
//! the browser test (`tests/e2e/funnel.test.mjs`).

mod common;

use std::path::Path;

use common::{Tree, TODAY};
use playbook::check::{check_root, CheckOptions};
use playbook::content::{Date, Playbook};
use playbook::decimal::Decimal;
use playbook::funnel::{default_target, Funnel};
use playbook::render::{render_site, Site};
use playbook::theme::Theme;

fn render(root: &Path) -> (Playbook, Site) {
    let today = Date::parse(TODAY).expect("date");
    let (pb, report) = check_root(root, CheckOptions { today }).expect("loads");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let theme = Theme::load(root, &pb.config.theme).expect("theme");
    let site = render_site(&pb, &report, &theme).expect("renders");
    (pb, site)
}

fn page(site: &Site, path: &str) -> String {
    let bytes = site.get(path).unwrap_or_else(|| panic!("no page `{path}`"));
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// The `(data-stage, output)` pairs of a funnel page's table, in order.
fn rows(html: &str) -> Vec<(String, String)> {
    html.split("<tr data-stage=\"")
        .skip(1)
        .map(|chunk| {
            let id = chunk.split('"').next().unwrap_or_default().to_string();
            let out = chunk
                .split("<output for=\"pb-target pb-deal\">")
                .nth(1)
                .and_then(|s| s.split("</output>").next())
                .unwrap_or_default()
                .to_string();
            (id, out)
        })
        .collect()
}

#[test]
fn the_funnel_page_shows_the_rust_numbers_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (pb, site) = render(root);
    for motion in ["new-business", "renewal"] {
        let html = page(&site, &format!("motions/{motion}.html"));
        let funnel = Funnel::of(&pb, motion).expect("the example's motions are complete");
        let deal = funnel.motion.deal_size.expect("deal size");
        let target = default_target(deal).expect("target");
        assert_eq!(target, deal.checked_mul_whole(10).expect("ten deals"));
        let plan = funnel.plan(target, None).expect("plan");
        let want: Vec<(String, String)> = plan
            .rows
            .iter()
            .map(|r| (r.stage.meta.id.clone(), r.need.to_string()))
            .collect();
        assert_eq!(rows(&html), want, "{motion}");
        assert_eq!(plan.won, 10);
        assert!(html.contains("<svg class=\"funnel\""), "{motion}");
        assert!(
            html.contains("id=\"pb-funnel-data\""),
            "{motion}: the calculator's data"
        );
        assert!(site.get(&format!("motions/{motion}-review.html")).is_some());
    }
    // Worked by hand for new business at 120,000 USD: 10 won, then ÷0.45, ÷0.6, ÷0.5, ÷0.7, ÷0.4.
    let html = page(&site, "motions/new-business.html");
    let needs: Vec<String> = rows(&html).into_iter().map(|r| r.1).collect();
    assert_eq!(needs, ["280", "112", "78", "39", "23", "10"]);
    assert!(html.contains("3.78%"), "win rate from the first stage");

    let overview = page(&site, "index.html");
    assert!(overview.contains("href=\"motions/new-business.html\""));
    assert!(overview.contains("href=\"motions/renewal.html\""));
    let stage = page(&site, "stages/visit-done.html");
    assert!(
        stage.contains("<dd>50%</dd>"),
        "conversion on the stage page"
    );
    assert!(stage.contains("<dd>14 days</dd>") && stage.contains("<dd>30 days</dd>"));
    assert!(stage.contains("href=\"../motions/new-business.html\""));
}

#[test]
fn the_review_sheet_lists_exit_criteria_and_questions_per_stage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zh-CN");
    let (pb, site) = render(&root);
    let html = page(&site, "motions/new-business-review.html");
    let stages = playbook::funnel::stages_of(&pb, "new-business");
    assert_eq!(stages.len(), 6);
    for s in &stages {
        assert!(html.contains(&format!("data-stage=\"{}\"", s.meta.id)));
        for q in &s.review_questions {
            assert!(html.contains(&format!("<li>{q}</li>")), "{q}");
        }
    }
    let criteria = html.matches("data-criterion").count();
    assert_eq!(criteria, stages.iter().map(|s| s.exit.len()).sum::<usize>());
    assert!(html.contains("第 1 阶段，共 6 个"));
}

#[test]
fn a_motion_without_conversions_has_a_page_but_no_calculator() {
    let tree = Tree::minimal().file(
        "content/stages/proposal.md",
        "---\ntitle: Proposal\norder: 2\nactions: [Send it]\npersonas: [cfo]\n---\n",
    );
    let (_, site) = render(tree.path());
    let html = page(&site, "motions/default.html");
    assert!(!html.contains("pb-funnel-data") && !html.contains("<output"));
    assert!(html.contains("Some stages have no conversion yet"));
    assert!(
        html.contains("worked back: Discovery</p>"),
        "names the stage"
    );
    // The stage page has no numbers to show, and no link to the funnel from them.
    assert!(!page(&site, "stages/discovery.html").contains("stage-numbers"));
}

#[test]
fn title_and_numbers_reach_the_page_escaped() {
    let tree = Tree::minimal()
        .file(
            "playbook.yaml",
            "title: Minimal\nmotions:\n  - id: default\n    title: \"<b>New</b>\"\n    deal_size: 100\n",
        )
        .file(
            "content/stages/discovery.md",
            "---\ntitle: \"Disco <script>x</script>\"\norder: 1\nactions: [Ask]\npersonas: [cfo]\ndays: 2.5\n---\n",
        );
    let (_, site) = render(tree.path());
    let html = page(&site, "motions/default.html");
    assert!(
        !html.contains("<script>x") && !html.contains("<b>New"),
        "{html}"
    );
    assert!(html.contains("Disco &lt;script&gt;"));
    // A single stage: its need is the won deals, ten at the deal size.
    assert_eq!(rows(&html), [("discovery".to_string(), "10".to_string())]);
    assert_eq!(
        Decimal::parse("2.5").map(|d| d.to_string()),
        Ok("2.5".to_string())
    );
    assert!(html.contains(">2.5<"));
}
