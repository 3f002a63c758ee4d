// playbook serve: reloads the page when the site is rebuilt and shows the errors of a failed build over
// the page. Injected by `playbook serve` only; `playbook build` output never contains it.
(() => {
  "use strict";
  const me = document.currentScript;
  if (!me || !window.EventSource) return;
  const server = me.dataset.server;
  const build = Number(me.dataset.build);
  const errorsUrl = me.dataset.errors;
  let host = null;
  let shown = 0;

  const hide = () => {
    if (host) host.remove();
    host = null;
  };

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const CSS = `
    :host { all: initial; }
    .panel { position: fixed; z-index: 2147483647; left: 1rem; right: 1rem; bottom: 1rem; max-height: 60vh;
      overflow: auto; background: #1e1e24; color: #f4f4f5; border-left: 6px solid #e5484d; border-radius: 6px;
      box-shadow: 0 8px 30px rgba(0,0,0,.35); font: 14px/1.45 system-ui, sans-serif; padding: .75rem 1rem; }
    .head { display: flex; gap: .5rem; align-items: baseline; }
    .head strong { color: #ff8a8d; font-size: 15px; }
    .note { color: #a1a1aa; flex: 1; }
    button { all: unset; cursor: pointer; color: #a1a1aa; font-size: 20px; padding: 0 .25rem; }
    button:hover { color: #fff; }
    ol { margin: .5rem 0 0; padding-left: 1.25rem; }
    li { margin: .35rem 0; }
    .where { font: 13px ui-monospace, monospace; color: #93c5fd; margin-right: .5rem; }
    code { font: 12px ui-monospace, monospace; color: #fbbf24; margin-left: .5rem; }
    pre { white-space: pre-wrap; font: 13px ui-monospace, monospace; margin: .5rem 0 0; }
    .shown pre { white-space: pre; overflow-x: auto; border-top: 1px solid #3f3f46; padding-top: .5rem; }
  `;

  const show = (report) => {
    hide();
    const errors = (report.diagnostics || []).filter((d) => d.severity === "error");
    host = document.createElement("playbook-overlay");
    const root = host.attachShadow({ mode: "open" });
    const style = el("style");
    style.textContent = CSS;
    const panel = el("div", "panel");
    panel.setAttribute("role", "alert");
    const head = el("div", "head");
    const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
    head.append(el("strong", "", report.fatal ? "The site could not be built" : count));
    head.append(el("span", "note", build > 0 ? "The page shows the last good build." : ""));
    const close = el("button", "", "\u00d7");
    close.title = "Hide until the next change";
    close.setAttribute("aria-label", close.title);
    close.addEventListener("click", hide);
    head.append(close);
    panel.append(head);
    if (report.fatal) panel.append(el("pre", "", report.fatal));
    if (report.overlay) {
      // The errors as the terminal shows them (code, place, source line and caret, help), made and
      // escaped for HTML by the server.
      const shown = el("div", "shown");
      shown.innerHTML = report.overlay;
      panel.append(shown);
    } else if (errors.length) {
      const list = el("ol");
      for (const d of errors) {
        const li = el("li");
        const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
        li.append(el("span", "where", where), el("span", "", d.message), el("code", "", d.code));
        list.append(li);
      }
      panel.append(list);
    }
    root.append(style, panel);
    (document.body || document.documentElement).append(host);
  };

  const refresh = (attempt) => {
    shown = attempt;
    fetch(errorsUrl, { cache: "no-store" })
      .then((r) => r.json())
      .then((report) => {
        if (shown !== attempt) return;
        if (report.errors > 0 || report.fatal) show(report);
        else hide();
      })
      .catch(() => {});
  };

  const onEvent = (e) => {
    let data;
    try {
      data = JSON.parse(e.data);
    } catch (_) {
      return;
    }
    if (data.server !== server || data.build !== build) {
      location.reload();
    } else if (data.errors > 0 || data.fatal) {
      refresh(data.attempt);
    } else {
      shown = data.attempt;
      hide();
    }
  };

  const source = new EventSource(me.dataset.events);
  for (const name of ["hello", "reload", "status"]) source.addEventListener(name, onEvent);
})();
