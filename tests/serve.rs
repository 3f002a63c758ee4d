//! `playbook serve`, run as the real binary on a free loopback port over a temporary playbook, and talked
//! to over plain TCP: pages, live reload, the error overlay's data, folders deleted and recreated, path
//! traversal, and many clients at once. Nothing here asserts on timing: waits poll for up to
//! `PATIENCE`.

mod common;
#[path = "serve/harness.rs"]
mod harness;

use std::io::Write;
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, Tree};
use harness::{read_one_response, request, write, Serve, PATIENCE};
use serde_json::Value;

const DISCOVERY: &str = "content/stages/discovery.md";

fn discovery(body: &str) -> String {
    format!(
        "---\ntitle: Discovery\norder: 1\nactions:\n  - Ask how they back up today\npersonas: [cfo]\n---\n{body}\n"
    )
}

#[test]
fn serves_pages_assets_and_the_404_page_with_safe_headers() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());

    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    let text = home.text();
    let script = text
        .find("<script src=\"/__playbook/reload.js\"")
        .expect("script");
    assert!(script < text.rfind("</body>").expect("body"), "{text}");
    assert_eq!(serve.get("/index.html").status, 200);

    let page = serve.get("/stages/discovery.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Listen first."), "{}", page.text());

    let folder = serve.get("/objections/");
    assert_eq!(folder.status, 200);
    let redirect = serve.get("/objections");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/objections/"));

    let css = serve.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains("__playbook"));

    let js = serve.get("/__playbook/reload.js");
    assert_eq!(js.status, 200);
    assert!(js.text().contains("EventSource"));

    let missing = serve.get("/stages/nope.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(missing.text().contains("/__playbook/reload.js"));

    let head = serve.request("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(home.body.len().to_string().as_str())
    );

    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = serve.request(&format!(
            "{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }

    let errors = serve.errors();
    assert_eq!(errors["errors"], 0);
    assert_eq!(errors["fatal"], Value::Null);
    assert!(
        !tree.path().join("public").exists(),
        "serve never writes the site"
    );
}

#[test]
fn a_saved_change_is_announced_and_served() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let events = serve.events();
    let hello = events.next();
    assert_eq!(hello.name, "hello");
    let build = hello.data["build"].as_u64().expect("build number");

    write(tree.path(), DISCOVERY, &discovery("Listen twice as long."));
    let reload = events.until("a new build", |e| e.data["build"].as_u64() > Some(build));
    assert_eq!(reload.name, "reload");
    assert_eq!(reload.data["errors"], 0);
    let page = serve.get("/stages/discovery.html");
    assert!(
        page.text().contains("Listen twice as long."),
        "{}",
        page.text()
    );
    // The page carries the number of the build it comes from.
    let n = reload.data["build"].as_u64().expect("number");
    assert!(page.text().contains(&format!("data-build=\"{n}\"")));

    // A reconnecting client learns the current build at once, and so sees that its page is stale.
    let again = serve.events().next();
    assert_eq!(again.name, "hello");
    assert_eq!(again.data["build"].as_u64(), Some(n));
    assert!(serve
        .lines()
        .iter()
        .any(|l| l.starts_with("content/stages/discovery.md changed: built")));
}

#[test]
fn an_edit_renders_the_changed_pages_at_once_and_the_search_index_after() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let events = serve.events();
    let build = events.next().data["build"].as_u64().expect("build number");

    let text = discovery("Listen.").replace("title: Discovery", "title: Discovery zebracorn");
    write(tree.path(), DISCOVERY, &text);
    events.until("a new build", |e| e.data["build"].as_u64() > Some(build));
    assert!(serve
        .get("/stages/discovery.html")
        .text()
        .contains("Discovery zebracorn"));
    assert!(
        serve
            .lines()
            .iter()
            .any(|l| l.contains("(changed pages only)")),
        "the edit was not rendered incrementally: {:#?}",
        serve.lines()
    );
    // The search index follows, built in the background.
    let start = Instant::now();
    loop {
        let found = (0..8).any(|i| {
            let r = serve.get(&format!("/search/d{i}.js"));
            r.status == 200 && r.text().contains("Discovery zebracorn")
        });
        if found {
            break;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the search index never showed the edit"
        );
        std::thread::sleep(Duration::from_millis(25));
    }

    // A new file changes the shape of the playbook: everything is rendered again.
    write(
        tree.path(),
        "content/segments/startups.md",
        "---\nname: Startups\nmode: intensive\n---\nYoung.\n",
    );
    serve.wait_for("/segments/startups.html", "the new segment", |r| {
        r.status == 200
    });
}

#[test]
fn a_changed_image_under_content_is_served_anew() {
    let tree = Tree::minimal();
    write(tree.path(), "content/stages/diagram.png", "first image");
    write(
        tree.path(),
        DISCOVERY,
        &discovery("See ![the diagram](diagram.png)."),
    );
    let serve = Serve::start(tree.path());
    serve.wait_for("/content/stages/diagram.png", "the image", |r| {
        r.status == 200 && r.text() == "first image"
    });
    // Not an entry file: the whole site is rendered again, with the new copy.
    write(tree.path(), "content/stages/diagram.png", "second image");
    serve.wait_for("/content/stages/diagram.png", "the new image", |r| {
        r.text() == "second image"
    });
}

#[test]
fn serving_the_current_folder_sees_changes_too() {
    // Regression: with the default root `.`, the watcher's events (absolute paths) did not match the
    // relative root, so `cd mykit && playbook serve` never rebuilt.
    let tree = Tree::minimal();
    let serve = Serve::start_in(tree.path());
    let events = serve.events();
    let build = events.next().data["build"].as_u64().expect("build number");
    write(
        tree.path(),
        DISCOVERY,
        &discovery("Served from the current folder."),
    );
    let reload = events.until("a new build", |e| e.data["build"].as_u64() > Some(build));
    assert_eq!(reload.name, "reload");
    assert!(serve
        .get("/stages/discovery.html")
        .text()
        .contains("Served from the current folder."));
}

#[test]
fn errors_show_over_the_last_good_site_and_clear_when_fixed() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let events = serve.events();
    let build = events.next().data["build"].clone();

    // `order` must be a number: an error on line 3, column 8.
    write(
        tree.path(),
        DISCOVERY,
        "---\ntitle: Discovery\norder: first\nactions:\n  - Ask\npersonas: [cfo]\n---\nBroken now.\n",
    );
    let status = events.until("errors", |e| e.data["errors"].as_u64() > Some(0));
    assert_eq!(status.name, "status");
    assert_eq!(status.data["build"], build, "the site is not swapped");

    // (A slow machine may first build the file truncated, between the editor's two steps.)
    let at_line_3 = |v: &Value| {
        v["diagnostics"]
            .as_array()
            .is_some_and(|ds| ds.iter().any(|d| d["file"] == DISCOVERY && d["line"] == 3))
    };
    let errors = serve.wait_for_errors("the error on line 3", at_line_3);
    let d = errors["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["file"] == DISCOVERY)
        .unwrap_or_else(|| panic!("no diagnostic for {DISCOVERY}: {errors:#}"));
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 8);
    assert!(d["code"].is_string() && d["message"].is_string(), "{d}");

    // The last good site is still served, with the script that shows the overlay.
    let page = serve.get("/stages/discovery.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Listen first."));
    assert!(!page.text().contains("Broken now."));
    assert!(page.text().contains("/__playbook/reload.js"));

    write(tree.path(), DISCOVERY, &discovery("Fixed."));
    let fixed = events.until("a clean build", |e| e.data["errors"] == 0);
    assert_eq!(fixed.name, "reload");
    assert_eq!(serve.errors()["errors"], 0);
    serve.wait_for("/stages/discovery.html", "the fix", |r| {
        r.text().contains("Fixed.")
    });
}

#[test]
fn deleted_and_recreated_folders_keep_being_watched() {
    let tree = Tree::minimal();
    let root = tree.path();
    let serve = Serve::start(root);
    let saved = std::fs::read_to_string(root.join(DISCOVERY)).expect("read");

    std::fs::remove_dir_all(root.join("content/stages")).expect("rm stages");
    serve.wait_for_errors("the missing stage", |v| v["errors"].as_u64() > Some(0));
    assert_eq!(serve.get("/").status, 200, "still serving");

    write(
        root,
        DISCOVERY,
        &saved.replace("Listen first.", "Back again."),
    );
    serve.wait_for_errors("no errors", |v| v["errors"] == 0);
    serve.wait_for("/stages/discovery.html", "the recreated stage", |r| {
        r.text().contains("Back again.")
    });

    // The whole `content/` folder, removed and written anew.
    let copy = tempfile::tempdir().expect("temp");
    copy_dir(&root.join("content"), copy.path());
    std::fs::remove_dir_all(root.join("content")).expect("rm content");
    serve.wait_for_errors("an empty playbook", |v| {
        v["errors"].as_u64() > Some(0) || v["files"] == 1
    });
    assert_eq!(serve.get("/").status, 200, "still serving");
    copy_dir(copy.path(), &root.join("content"));
    write(
        root,
        DISCOVERY,
        &saved.replace("Listen first.", "Third time."),
    );
    serve.wait_for("/stages/discovery.html", "the recreated content", |r| {
        r.text().contains("Third time.")
    });
    assert_eq!(serve.errors()["errors"], 0);

    // Changes inside the recreated folder are still seen.
    write(root, DISCOVERY, &saved.replace("Listen first.", "Fourth."));
    serve.wait_for("/stages/discovery.html", "a later change", |r| {
        r.text().contains("Fourth.")
    });
}

#[test]
fn editor_temp_and_swap_files_do_not_trigger_rebuilds() {
    let tree = Tree::minimal();
    let root = tree.path();
    let serve = Serve::start(root);
    for noise in [
        "content/stages/.#discovery.md",
        "content/stages/discovery.md~",
        "content/stages/.discovery.md.swp",
        "content/stages/4913",
        "content/stages/discovery.md.tmp",
        "Cargo.lock",
    ] {
        write(root, noise, "noise");
        std::fs::remove_file(root.join(noise)).expect("remove");
    }
    // A save storm: a temp file renamed over the original, then its permissions set.
    let tmp = root.join("content/stages/discovery.md.tmp");
    std::fs::write(&tmp, discovery("Saved by an editor.")).expect("write");
    std::fs::rename(&tmp, root.join(DISCOVERY)).expect("rename");
    let file = std::fs::File::open(root.join(DISCOVERY)).expect("open");
    let perms = file.metadata().expect("metadata").permissions();
    std::fs::set_permissions(root.join(DISCOVERY), perms).expect("chmod");
    serve.wait_for("/stages/discovery.html", "the saved text", |r| {
        r.text().contains("Saved by an editor.")
    });
    let start = Instant::now();
    // The URL, the first build, then the line of the rebuild that served the new text.
    while serve.lines().len() < 3 {
        assert!(
            start.elapsed() < PATIENCE,
            "no rebuild line: {:?}",
            serve.lines()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    for line in serve.lines().iter().skip(2) {
        assert!(
            line.starts_with("content/stages/discovery.md ")
                && !["4913", "~", ".swp", ".#", "Cargo"]
                    .iter()
                    .any(|n| line.contains(n)),
            "a rebuild for editor noise: {line}"
        );
    }
}

#[test]
fn the_first_build_failing_serves_the_overlay_on_a_minimal_page() {
    let tree = Tree::minimal().file(
        DISCOVERY,
        "---\ntitle: Discovery\norder: first\nactions: [Ask]\npersonas: [cfo]\n---\nx\n",
    );
    let serve = Serve::start(tree.path());
    let page = serve.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("/__playbook/reload.js"));
    assert!(page.text().contains("data-build=\"0\""));
    assert_eq!(serve.get("/stages/discovery.html").status, 404);
    let errors = serve.errors();
    assert!(errors["errors"].as_u64() > Some(0), "{errors:#}");

    write(tree.path(), DISCOVERY, &discovery("Good now."));
    serve.wait_for("/stages/discovery.html", "the first good build", |r| {
        r.status == 200 && r.text().contains("Good now.")
    });
}

#[test]
fn traversal_and_malformed_paths_never_reach_the_disk() {
    let tree = Tree::minimal().file("secret.txt", "TOP-SECRET");
    let serve = Serve::start(tree.path());
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/",
        "/%2e%2e/secret.txt",
        "/..%2fCargo.toml",
        "/..%2fsecret.txt",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/%00",
        "/index.html%00.css",
        "/..\\Cargo.toml",
        "/..%5csecret.txt",
        "/secret.txt",
        "/playbook.yaml",
        "/content/stages/discovery.md",
        "/stages/../../secret.txt",
        "/%ff",
        "/%zz",
    ] {
        let r = serve.get(target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: {} {}",
            r.status,
            r.text()
        );
        let text = r.text();
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("[package]") && !text.contains("root:"),
            "{target} leaked: {text}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_static_pointing_outside_are_not_followed() {
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(outside.path().join("secret.txt"), "TOP-SECRET").expect("write");
    let tree = Tree::minimal().file("static/ok.txt", "fine");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        tree.path().join("static/link.txt"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), tree.path().join("static/dir")).expect("symlink");
    let serve = Serve::start(tree.path());
    let ok = serve.get("/static/ok.txt");
    assert_eq!(ok.status, 200);
    assert_eq!(ok.text(), "fine");
    assert_eq!(ok.header("content-type"), Some("text/plain; charset=utf-8"));
    for target in ["/static/link.txt", "/static/dir/secret.txt"] {
        let r = serve.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.text().contains("TOP-SECRET"), "{target}");
    }
}

#[test]
fn many_parallel_requests_are_answered_while_clients_stall() {
    // A file larger than any socket buffer, for the client that does not read.
    let big = "0123456789abcdef".repeat(1 << 16);
    let tree = Tree::minimal().file("static/big.txt", &big);
    let serve = Serve::start(tree.path());
    let expected = serve.get("/stages/discovery.html").body;
    assert!(!expected.is_empty());
    assert_eq!(serve.get("/static/big.txt").body.len(), big.len());

    // A client that sends half a request and waits; one that opens the event stream and never reads;
    // one that sends many requests at once and never reads the answers.
    let mut half = TcpStream::connect(serve.addr).expect("connects");
    half.write_all(b"GET / HTTP/1.1\r\nHost: loc")
        .expect("sends");
    let mut deaf = TcpStream::connect(serve.addr).expect("connects");
    deaf.write_all(b"GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("sends");
    let mut greedy = TcpStream::connect(serve.addr).expect("connects");
    let one = "GET /static/big.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";
    greedy.write_all(one.repeat(300).as_bytes()).expect("sends");

    let addr = serve.addr;
    let answers: Vec<(u16, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..200)
            .map(|i| {
                let expected = &expected;
                s.spawn(move || {
                    let path = if i % 2 == 0 {
                        "/stages/discovery.html"
                    } else {
                        "/__playbook/errors"
                    };
                    let r = request(
                        addr,
                        &format!(
                            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        ),
                    );
                    let right = if i % 2 == 0 {
                        r.body == *expected
                    } else {
                        serde_json::from_slice::<Value>(&r.body).is_ok()
                    };
                    (r.status, right)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client thread"))
            .collect()
    });
    assert_eq!(answers.len(), 200);
    assert!(
        answers
            .iter()
            .all(|&(status, right)| status == 200 && right),
        "{answers:?}"
    );
    drop((half, deaf, greedy));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let tree = Tree::minimal();
    let mut serve = Serve::start(tree.path());
    let _events = serve.events();
    assert_eq!(serve.get("/").status, 200);
    let pid = serve.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = serve.child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn requests_for_a_foreign_host_name_are_refused() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    // A page whose name was rebound to 127.0.0.1 sends its own name as `Host`.
    let r = serve.request("GET / HTTP/1.1\r\nHost: evil.example:1111\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 403);
    assert!(!r.text().contains("Minimal"));
    let host = format!("Host: {}", serve.addr);
    let r = serve.request(&format!(
        "GET / HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 200);
}

#[test]
fn a_taken_port_is_an_error_not_a_hang() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let output = Command::new(assert_cmd::cargo::cargo_bin("playbook"))
        .args(["serve", "--port", &serve.addr.port().to_string(), "--root"])
        .arg(tree.path())
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot listen on"), "{stderr}");
}

/// Regression: connections were once read by a pool of threads that could leave a new connection queued
/// until another one ended. A browser opens six keep-alive connections at once and keeps them open, so
/// one stylesheet or script could stay pending for ever. Every connection now has a thread of its own:
/// connections opened at once are all answered, and answered again when they are reused.
#[test]
fn keep_alive_connections_opened_at_once_are_all_answered() {
    let tree = Tree::minimal();
    let serve = Serve::start(tree.path());
    let mut kept = Vec::new();
    for _round in 0..3 {
        let mut streams: Vec<TcpStream> = (0..8)
            .map(|_| TcpStream::connect_timeout(&serve.addr, PATIENCE).expect("connects"))
            .collect();
        for s in &mut streams {
            s.write_all(b"GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .expect("sends");
        }
        for mut s in streams {
            s.set_read_timeout(Some(PATIENCE)).expect("timeout");
            let (status, close) = read_one_response(&mut s);
            assert_eq!(status, 200);
            // Do as a browser does: close only when told to.
            if !close {
                kept.push(s);
            }
        }
    }
    assert_eq!(kept.len(), 24, "the connections are kept open");
    for s in &mut kept {
        s.write_all(b"GET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .expect("sends again");
    }
    for mut s in kept {
        assert_eq!(read_one_response(&mut s).0, 200);
    }
}

#[test]
fn build_output_never_carries_the_reload_script() {
    let tree = Tree::minimal();
    let out = tempfile::tempdir().expect("temp");
    let site = out.path().join("site");
    let status = Command::new(assert_cmd::cargo::cargo_bin("playbook"))
        .args(["build", "--root"])
        .arg(tree.path())
        .arg("--output")
        .arg(&site)
        .env("PLAYBOOK_TODAY", common::TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("runs");
    assert!(status.success());
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages += 1;
            let text = std::fs::read_to_string(entry.path()).expect("read");
            assert!(!text.contains("__playbook"), "{}", entry.path().display());
        }
    }
    assert!(pages > 0);
}

#[test]
fn a_failed_build_prints_no_control_characters_from_the_playbook() {
    let tree = Tree::minimal().file(
        "playbook.yaml",
        "title: Minimal\ntheme: \"evil\\e]0;PWNED\\a\\e[2J\"\n",
    );
    let serve = Serve::start(tree.path());
    let waited = Instant::now();
    let line = loop {
        if let Some(line) = serve.lines().into_iter().find(|l| l.contains("evil")) {
            break line;
        }
        assert!(
            waited.elapsed() < PATIENCE,
            "no build line: {:?}",
            serve.lines()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        !line.chars().any(|c| c.is_control()),
        "control characters on the terminal: {line:?}"
    );
    assert!(
        line.contains("evil\\u{1b}]0;PWNED\\u{7}"),
        "escaped: {line}"
    );
}

/// The overlay shows each error as the terminal does (#16): the code and message, the file, line and
/// column, the source line with its caret, and the help line, with the content's text escaped for HTML.
#[test]
fn the_overlay_shows_the_source_line_and_the_help_escaped() {
    const FILE: &str = "content/objections/already-have-backup.md";
    const GOOD: &str = "stages: [relationship-established, visit-done]\n";
    let dir = tempfile::tempdir().expect("tmp");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &dir.path().join("content"));
    std::fs::copy(root.join("playbook.yaml"), dir.path().join("playbook.yaml")).expect("copy");
    let serve = Serve::start(dir.path());
    serve.wait_for("/index.html", "the first build", |r| r.status == 200);

    let text = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
    assert!(text.contains(GOOD), "the example changed: {text}");
    // A misspelt stage on line 8 (after `---`, the objection and its five aliases), with markup after it.
    let bad = "stages: [relationship-establishd, visit-done] # <script>alert(1)</script>\n";
    let line = text[..text.find(GOOD).expect("line")].lines().count() + 1;
    write(dir.path(), FILE, &text.replace(GOOD, bad));

    let errors = serve.wait_for_errors("the unknown stage", |v| {
        v["overlay"]
            .as_str()
            .is_some_and(|o| o.contains("relationship-establishd"))
    });
    let overlay = errors["overlay"].as_str().expect("overlay");
    for shown in [
        "error[unknown-reference]: no stage has the id `relationship-establishd`".to_string(),
        format!("{FILE}:{line}:10"),
        format!(
            "{line} │ stages: [relationship-establishd, visit-done] # &lt;script&gt;alert(1)&lt;/script&gt;"
        ),
        format!("  │          {}", "^".repeat("relationship-establishd".len())),
        "help: did you mean `relationship-established`?".to_string(),
    ] {
        assert!(overlay.contains(&shown), "no {shown:?} in\n{overlay}");
    }
    assert!(!overlay.contains("<script>"), "{overlay}");
    assert_eq!(
        overlay.matches("<pre class=\"diagnostic\">").count(),
        1,
        "{overlay}"
    );

    // Fixed: the overlay's text goes with the errors.
    write(dir.path(), FILE, &text);
    let fixed = serve.wait_for_errors("no errors", |v| v["errors"] == 0);
    assert_eq!(fixed["overlay"], Value::Null, "{fixed:#}");
}
