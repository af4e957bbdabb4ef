import HTTPTypes
import Hummingbird
import NIOCore

/// The web app's only script and style sheet, compiled into the binary: nothing is fetched from
/// elsewhere at run time (no Node, no CDN).
enum WebAssets {
    static func response(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let style = #"""
    :root { --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #2f6fde; --bad: #c4320a; --ok: #138a55; --warn: #b54708; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f7f8fa; }
    header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #111827; color: #fff; }
    header a, header button.link { color: #e5e7eb; text-decoration: none; }
    header .brand { font-weight: 700; color: #fff; }
    header .who { margin-left: auto; color: #9ca3af; }
    main { padding: 1rem 1.4rem 3rem; max-width: 1400px; }
    h1 { font-size: 1.4rem; margin: .4rem 0 .6rem; } h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
    small, .meta, .crumbs, .hint { color: var(--muted); }
    a { color: var(--accent); }
    table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); margin: .3rem 0 1rem; }
    th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    th { background: #f2f4f7; font-weight: 600; white-space: nowrap; }
    .state { display: inline-block; padding: 0 .45rem; border-radius: 9px; font-size: .8rem; background: #eef2f6; color: #344054; }
    .state-running, .state-leased, .state-starting, .state-polling { background: #dbeafe; color: #1e40af; }
    .state-finished, .state-done { background: #dcfce7; color: #166534; }
    .state-failed, .state-crashed, .state-cancelled { background: #fee2e2; color: #991b1b; }
    .state-stopped, .state-paused, .state-preempted { background: #fef3c7; color: #92400e; }
    .tag { background: #eef2ff; color: #3730a3; border-radius: 4px; padding: 0 .35rem; font-size: .8rem; }
    form.inline { display: inline; margin: 0; }
    button { font: inherit; padding: .25rem .7rem; border: 1px solid #c7ccd6; border-radius: 5px; background: #fff; cursor: pointer; }
    button:hover { border-color: var(--accent); } button.danger { color: var(--bad); }
    button.link { border: 0; background: none; padding: 0; cursor: pointer; }
    .error { color: var(--bad); } li.warning { color: var(--warn); }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; max-width: 460px; display: grid; gap: .5rem; }
    input, select, textarea { font: inherit; padding: .3rem .4rem; border: 1px solid #c7ccd6; border-radius: 5px; background: #fff; }
    pre.log { background: #0f172a; color: #e2e8f0; padding: .6rem .8rem; max-height: 22rem; overflow: auto; font-size: 12px; border-radius: 6px; white-space: pre-wrap; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
    form.launch { display: grid; grid-template-columns: minmax(420px, 2fr) minmax(260px, 1fr); gap: 1.2rem; align-items: start; }
    fieldset.fields { display: grid; gap: .35rem; border: 1px solid var(--line); border-radius: 8px; background: #fff; padding: .8rem 1rem; }
    fieldset.fields button { margin-top: .6rem; background: var(--accent); color: #fff; border-color: var(--accent); padding: .45rem; }
    .editor { position: relative; display: grid; grid-template-columns: 3rem 1fr 16rem; border: 1px solid #c7ccd6; border-radius: 6px; background: #fff; height: 26rem; overflow: hidden; }
    .editor pre.gutter, .editor textarea, .editor .notes { margin: 0; font: 13px/20px ui-monospace, "SF Mono", Menlo, monospace; padding: 6px; }
    .editor pre.gutter { color: #98a2b3; text-align: right; background: #f9fafb; border-right: 1px solid var(--line); overflow: hidden; }
    .editor pre.gutter .bad { color: #fff; background: var(--bad); border-radius: 3px; }
    .editor textarea { border: 0; border-radius: 0; resize: none; height: 100%; overflow: auto; white-space: pre; tab-size: 2; }
    .editor .notes { position: relative; overflow: hidden; border-left: 1px solid var(--line); background: #fffafa; }
    .editor .note { position: absolute; left: 6px; right: 4px; color: var(--bad); font: 12px/20px system-ui, sans-serif; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .editor .note.warning { color: var(--warn); }
    .validity.ok { color: var(--ok); } .validity.bad { color: var(--bad); }
    ul.diagnostics { font: 12px/1.4 ui-monospace, Menlo, monospace; padding-left: 1.2rem; color: var(--bad); }
    progress { width: 6rem; vertical-align: middle; }
    svg { max-width: 100%; height: auto; }
    /* SwoopReports' fragments */
    .swoop-badge { display: inline-block; padding: 0 .45rem; border-radius: 9px; font-size: .8rem; background: #eef2f6; color: #344054; vertical-align: middle; }
    .swoop-badge-running, .swoop-badge-starting, .swoop-badge-pending, .swoop-badge-queued { background: #dbeafe; color: #1e40af; }
    .swoop-badge-finished { background: #dcfce7; color: #166534; }
    .swoop-badge-failed, .swoop-badge-crashed, .swoop-badge-cancelled { background: #fee2e2; color: #991b1b; }
    .swoop-badge-stopped, .swoop-badge-paused, .swoop-badge-preempted { background: #fef3c7; color: #92400e; }
    dl.swoop-facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0 1rem; }
    dl.swoop-facts dt { color: var(--muted); } dl.swoop-facts dd { margin: 0; }
    .swoop-charts, .swoop-scatters { display: flex; flex-wrap: wrap; gap: .8rem; }
    .swoop-figure, figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; }
    .swoop-state-filter, .swoop-pager { margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .6rem; }
    .swoop-state-filter a.swoop-active, .swoop-pager a.swoop-active { font-weight: 700; color: var(--fg); text-decoration: none; }
    .swoop-num { text-align: right; font-variant-numeric: tabular-nums; }
    .swoop-empty { color: var(--muted); } .swoop-error { color: var(--bad); }
    .swoop-run-page section, .swoop-sweep section { margin-bottom: 1rem; }
    .swoop-sweep-log pre, .swoop-run-log pre, pre.swoop-log { background: #0f172a; color: #e2e8f0; padding: .6rem .8rem; max-height: 22rem; overflow: auto; font-size: 12px; border-radius: 6px; white-space: pre-wrap; }
    """#

    static let script = #"""
    // Swoop web app: live fragments over server-sent events (the runs table sorts and filters through
    // its links' query, which the refresh keeps), the launch form's validate-as-you-type editor and job
    // version choice. No libraries.
    (function () {
      "use strict";
      var csrfMeta = document.querySelector('meta[name="csrf"]');
      var csrf = csrfMeta ? csrfMeta.content : "";
      // Live regions: on an event, fetch the fragment again (at most once a second) and swap it in.
      document.querySelectorAll("[data-events]").forEach(function (el) {
        if (!window.EventSource) return;
        var last = 0, timer = null, busy = false;
        function refresh() {
          timer = null;
          if (busy) { schedule(); return; }
          busy = true; last = Date.now();
          fetch(el.dataset.fragment + location.search, { credentials: "same-origin", headers: { "Accept": "text/html" } })
            .then(function (r) { return r.ok ? r.text() : null; })
            .then(function (html) {
              if (html !== null) { el.innerHTML = html; el.dispatchEvent(new CustomEvent("swoop:updated")); }
            })
            .catch(function () {})
            .then(function () { busy = false; });
        }
        function schedule() { if (!timer) timer = setTimeout(refresh, Math.max(0, 1000 - (Date.now() - last))); }
        var source = new EventSource(el.dataset.events);
        source.addEventListener("change", schedule);
        el.dataset.live = "connected";
      });

      // Launch form: versions follow the chosen job; priority only for queues that have priorities.
      var job = document.getElementById("job"), version = document.getElementById("version");
      function syncVersions() {
        if (!job || !version) return;
        Array.prototype.forEach.call(version.options, function (o) {
          o.hidden = !!o.dataset.job && o.dataset.job !== job.value;
          if (o.hidden && o.selected) version.value = "latest";
        });
      }
      if (job) { job.addEventListener("change", syncVersions); syncVersions(); }
      var queue = document.getElementById("queue"), priority = document.getElementById("priority");
      function syncPriority() {
        if (!queue || !priority) return;
        var o = queue.options[queue.selectedIndex];
        var prioritized = o && o.dataset.prioritized === "true";
        priority.disabled = !prioritized && queue.value !== "";
        if (priority.disabled) priority.value = "medium";
      }
      if (queue) { queue.addEventListener("change", syncPriority); syncPriority(); }

      // The configuration editor: line numbers, and each diagnostic shown next to its line.
      var config = document.getElementById("config");
      if (config) {
        var editor = config.closest(".editor");
        var gutter = editor.querySelector(".gutter"), notes = editor.querySelector(".notes");
        var list = document.getElementById("diagnostics"), validity = document.getElementById("validity");
        var lineHeight = 20, pad = 6, bad = {}, pending = null, seq = 0;
        function drawGutter() {
          var n = config.value.split("\n").length, out = [];
          for (var i = 1; i <= n; i++) out.push(bad[i] ? '<span class="bad">' + i + "</span>" : String(i));
          gutter.innerHTML = out.join("\n");
          gutter.scrollTop = config.scrollTop;
          notes.style.transform = "";
          Array.prototype.forEach.call(notes.children, function (note) {
            note.style.top = (pad + (Number(note.dataset.line) - 1) * lineHeight - config.scrollTop) + "px";
          });
        }
        function show(result) {
          bad = {};
          notes.innerHTML = ""; list.innerHTML = "";
          result.diagnostics.forEach(function (d) {
            var li = document.createElement("li");
            li.className = d.severity; li.textContent = d.text; list.appendChild(li);
            var line = d.line || 1;
            if (d.severity === "error") bad[line] = true;
            var note = document.createElement("div");
            note.className = "note " + d.severity; note.dataset.line = line;
            note.textContent = (d.line ? "" : "(no line) ") + (d.key ? d.key + ": " : "") + d.message;
            note.title = d.text;
            notes.appendChild(note);
          });
          validity.textContent = result.valid ? (result.diagnostics.length ? "valid, with warnings" : "valid") : "invalid";
          validity.className = "validity " + (result.valid ? "ok" : "bad");
          drawGutter();
        }
        function check() {
          pending = null;
          var mine = ++seq;
          fetch("/validate", {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
            body: new URLSearchParams({ config: config.value }).toString()
          }).then(function (r) { return r.ok ? r.json() : null; })
            .then(function (j) { if (j && mine === seq) show(j); })
            .catch(function () {});
        }
        config.addEventListener("input", function () { drawGutter(); if (pending) clearTimeout(pending); pending = setTimeout(check, 250); });
        config.addEventListener("scroll", drawGutter);
        config.addEventListener("keydown", function (e) {
          if (e.key === "Tab") { e.preventDefault(); var s = config.selectionStart; config.setRangeText("  ", s, config.selectionEnd, "end"); config.dispatchEvent(new Event("input")); }
        });
        drawGutter();
        check();
      }
    })();
    """#
}
