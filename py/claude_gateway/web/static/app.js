// Mission Control Web: new activity, messages and questions arrive over Server-Sent
// Events (the server polls activity and messages about every second, and wakes on
// the claude_messages and claude_questions notifications).  Rows are built with
// textContent only: agents' text is never parsed as markup.  A question comes as
// the server renders it for the questions page (its template, autoescaped).
"use strict";
(function () {
  function cell(tr, text, cls) {
    const td = document.createElement("td");
    if (cls) {
      const span = document.createElement("span");
      span.className = cls;
      span.textContent = text == null ? "" : String(text);
      td.appendChild(span);
    } else {
      td.textContent = text == null ? "" : String(text);
    }
    tr.appendChild(td);
    return td;
  }
  function when(iso) { return iso ? iso.replace("T", " ").slice(0, 19) : ""; }
  const KEEP = 500; // rows a live table keeps: a page left open for days stays light
  function prepend(tbody, tr) {
    const empty = tbody.querySelector("tr.empty");
    if (empty) { empty.remove(); }
    tbody.insertBefore(tr, tbody.firstChild);
    tr.classList.add("fresh");
    while (tbody.rows.length > KEEP) { tbody.deleteRow(-1); }
  }
  function start() {
    const activity = document.getElementById("activity");
    const messages = document.getElementById("messages");
    const questions = document.getElementById("questions");
    const live = document.getElementById("live");
    const params = new URLSearchParams();
    // Ask only for the feeds this page shows (from the key of its newest row, or from now).
    if (activity && activity.dataset.live === "on") { params.set("activity", activity.dataset.cursor || ""); }
    if (messages && messages.dataset.live === "on") { params.set("message", messages.dataset.cursor || ""); }
    if (questions && questions.dataset.state) {
      params.set("questions", questions.dataset.state);
      if (questions.dataset.since) { params.set("since", questions.dataset.since); }
    }
    const source = new EventSource("/events?" + params.toString());
    // A browser has few connections per host: give this one back as the page goes
    // (a page kept for back/forward would hold it open).
    window.addEventListener("pagehide", function () { source.close(); });
    source.onopen = function () { live.classList.add("on"); };
    source.onerror = function () { live.classList.remove("on"); };
    // One live table per feed.  The server may send again a row the page already
    // shows (it looks back a few seconds for rows that committed late): a row is
    // added once, by its key, above the others.
    function feed(name, table, bodyId, key, fill) {
      source.addEventListener(name, function (e) {
        if (!table || table.dataset.live !== "on") { return; }
        const body = document.getElementById(bodyId);
        JSON.parse(e.data).forEach(function (r) {
          if (body.querySelector('tr[data-id="' + CSS.escape(key(r)) + '"]')) { return; }
          const tr = document.createElement("tr");
          tr.dataset.id = key(r);
          fill(tr, r);
          prepend(body, tr);
        });
      });
    }
    feed("activity", activity, "activity-rows", function (r) { return r.id; }, function (tr, r) {
      tr.className = "sev-" + r.severity;
      cell(tr, when(r.created_at));
      cell(tr, r.severity, "badge");
      cell(tr, r.project_name);
      cell(tr, r.actor);
      cell(tr, r.title);
      cell(tr, r.summary);
    });
    feed("message", messages, "message-rows", function (m) { return m.message_id; }, function (tr, m) {
      tr.className = "prio-" + m.priority;
      cell(tr, when(m.created_at));
      cell(tr, m.priority, "badge");
      cell(tr, m.from_identity);
      cell(tr, m.to_identity || ("project " + m.to_project));
      const subject = cell(tr, "");
      const a = document.createElement("a");
      a.href = "/messages/" + encodeURIComponent(m.message_id);
      a.textContent = m.subject;
      subject.appendChild(a);
      cell(tr, m.body).className = "body";
      cell(tr, m.status);
    });
    source.addEventListener("question", function (e) {
      if (!questions) { return; }
      JSON.parse(e.data).forEach(function (q) {
        const tpl = document.createElement("template");
        tpl.innerHTML = q.html; // rendered by the server's autoescaped template: agents' text is text
        const fresh = tpl.content.querySelector("article.question");
        if (!fresh) { return; }
        const old = document.getElementById("q-" + q.question_id);
        if (old) {
          if (old.dataset.v === fresh.dataset.v) { return; } // shown as it is
          keepAnswer(old, fresh);
          old.replaceWith(fresh);
        } else if (q.shown) {
          const empty = questions.querySelector("p.empty");
          if (empty) { empty.remove(); }
          questions.insertBefore(fresh, questions.firstChild);
        } else {
          return;
        }
        fresh.classList.add("fresh");
      });
    });
  }
  // An answer being written survives its question's update (e.g. it escalated meanwhile).
  function keepAnswer(old, fresh) {
    const text = old.querySelector("textarea[name=answer]");
    const into = fresh.querySelector("textarea[name=answer]");
    if (text && into) { into.value = text.value; }
    const chosen = old.querySelector("input[name=choice]:checked");
    if (chosen) {
      fresh.querySelectorAll("input[name=choice]").forEach(function (i) {
        if (i.value === chosen.value) { i.checked = true; }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", start);
})();
