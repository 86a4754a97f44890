/* Sahel Report: filter and sort the chronology tables (plain JavaScript, no library).
 *
 * The tables are generated from events.csv: each row's date cell is a span with the event's anchor id
 * (event-<id>) and classes for its type, relationship and year (ev-type-*, ev-rel-*, ev-year-*). This script
 * adds the controls into #sahel-chronology-tools, hides the rows that do not match and keeps the filter in the
 * page address (?type=&rel=&from=&to=&q=&sort=), so a filtered view can be shared. Without JavaScript nothing
 * changes: the tables stay whole.
 */
(function () {
  "use strict";

  const PARAMS = ["type", "rel", "from", "to", "q", "sort"];
  const SORTS = ["date", "date-desc", "type", "title"];
  // The interface texts in the page's language (tools/texts.js, written by the build from the texts table).
  const TEXTS = window.SAHEL_TEXTS || {texts: {}, types: {}, relationships: {}};
  const say = (key, fields) => (TEXTS.texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(fields[name]));

  function classValue(span, prefix) {
    const found = [...span.classList].find((c) => c.startsWith(prefix));
    return found ? found.slice(prefix.length) : "";
  }

  function readEvents() {
    return [...document.querySelectorAll("span.sahel-event[id]")].map((span, order) => {
      const row = span.closest("tr");
      return {
        id: span.id, row, body: row.parentElement, order,
        type: classValue(span, "ev-type-"), rel: classValue(span, "ev-rel-"),
        year: Number(classValue(span, "ev-year-")),
        title: row.cells[1] ? row.cells[1].textContent.trim() : "",
        text: row.textContent.toLowerCase(),
      };
    });
  }

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function labelled(id, text, control) {
    control.id = id;
    return element("div", {class: "sahel-control"}, [element("label", {for: id}, [text]), control]);
  }

  function choice(values, all, names) {
    const select = element("select");
    select.append(element("option", {value: ""}, [all]));
    values.forEach((value) => select.append(element("option", {value}, [names[value] || value.replace(/-/g, " ")])));
    return select;
  }

  function buildControls(host, events) {
    const years = events.map((e) => e.year);
    const first = Math.min(...years), last = Math.max(...years);
    const unique = (key) => [...new Set(events.map((e) => e[key]).filter(Boolean))].sort();
    const controls = {
      type: choice(unique("type"), say("all-types"), TEXTS.types),
      rel: choice(unique("rel"), say("all-relationships"), TEXTS.relationships),
      from: element("input", {type: "number", min: first, max: last, step: 1, placeholder: String(first)}),
      to: element("input", {type: "number", min: first, max: last, step: 1, placeholder: String(last)}),
      q: element("input", {type: "search", placeholder: say("words-placeholder")}),
      sort: element("select"),
    };
    SORTS.forEach((value) => controls.sort.append(element("option", {value}, [say("sort." + value)])));
    const reset = element("button", {type: "button", class: "sahel-reset"}, [say("show-all")]);
    const status = element("p", {class: "sahel-status", role: "status", "aria-live": "polite"});
    const form = element("form", {class: "sahel-filter", role: "search", "aria-label": say("filter-chronology")}, [
      labelled("sahel-f-type", say("type"), controls.type),
      labelled("sahel-f-rel", say("relationship"), controls.rel),
      labelled("sahel-f-from", say("from-year"), controls.from),
      labelled("sahel-f-to", say("to-year"), controls.to),
      labelled("sahel-f-q", say("words"), controls.q),
      labelled("sahel-f-sort", say("order"), controls.sort),
      reset,
    ]);
    form.addEventListener("submit", (event) => event.preventDefault());
    host.append(form, status);
    return {controls, reset, status};
  }

  function state(controls) {
    const s = {};
    PARAMS.forEach((name) => { s[name] = controls[name].value.trim(); });
    return s;
  }

  function matches(event, s) {
    return (!s.type || event.type === s.type) && (!s.rel || event.rel === s.rel)
      && (!s.from || event.year >= Number(s.from)) && (!s.to || event.year <= Number(s.to))
      && (!s.q || s.q.toLowerCase().split(/\s+/).every((word) => event.text.includes(word)));
  }

  function compare(sort) {
    if (sort === "date-desc") return (a, b) => b.order - a.order;
    if (sort === "type") return (a, b) => a.type.localeCompare(b.type) || a.order - b.order;
    if (sort === "title") return (a, b) => a.title.localeCompare(b.title) || a.order - b.order;
    return (a, b) => a.order - b.order;
  }

  function emptyNote(body) {
    const table = body.closest("table");
    let note = table.nextElementSibling;
    if (!note || !note.classList.contains("sahel-empty")) {
      note = element("p", {class: "sahel-empty"}, [say("no-match")]);
      table.after(note);
    }
    return note;
  }

  function apply(events, ui) {
    const s = state(ui.controls);
    let shown = 0;
    events.forEach((event) => {
      event.row.hidden = !matches(event, s);
      shown += event.row.hidden ? 0 : 1;
    });
    [...events].sort(compare(s.sort)).forEach((event) => event.body.append(event.row));
    new Set(events.map((e) => e.body)).forEach((body) => {
      const visible = [...body.rows].some((row) => !row.hidden);
      emptyNote(body).hidden = visible;
      body.closest("table").hidden = !visible;
    });
    const filtered = ["type", "rel", "from", "to", "q"].some((name) => s[name]);
    ui.status.textContent = filtered ? say("status-filtered", {shown, total: events.length})
      : say("status-all", {total: events.length});
    const params = new URLSearchParams();
    PARAMS.forEach((name) => { if (s[name] && !(name === "sort" && s[name] === "date")) params.set(name, s[name]); });
    const query = params.toString();
    history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
  }

  function fromAddress(controls) {
    const params = new URLSearchParams(location.search);
    PARAMS.forEach((name) => {
      const value = params.get(name);
      if (value === null) return;
      const control = controls[name];
      if (control.tagName === "SELECT" && ![...control.options].some((o) => o.value === value)) return;
      control.value = value;
    });
  }

  function citeAddresses(events) {
    const page = location.origin + location.pathname;
    events.forEach((event) => {
      const cite = event.row.querySelector(".sahel-cite");
      if (!cite) return;
      const relative = "chapters/chronology.html#" + event.id;
      cite.textContent = cite.textContent.replace(relative, page + "#" + event.id);
    });
  }

  function showTarget(events, ui) {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = events.find((e) => e.id === id);
    if (!target || !target.row.hidden) return;
    PARAMS.forEach((name) => { ui.controls[name].value = name === "sort" ? "date" : ""; });
    apply(events, ui);
    target.row.scrollIntoView();
  }

  function start() {
    const host = document.getElementById("sahel-chronology-tools");
    const events = readEvents();
    if (!host || !events.length) return;
    const ui = buildControls(host, events);
    fromAddress(ui.controls);
    citeAddresses(events);
    Object.values(ui.controls).forEach((control) => control.addEventListener("input", () => apply(events, ui)));
    ui.reset.addEventListener("click", () => {
      PARAMS.forEach((name) => { ui.controls[name].value = name === "sort" ? "date" : ""; });
      apply(events, ui);
    });
    apply(events, ui);
    showTarget(events, ui);
    window.addEventListener("hashchange", () => showTarget(events, ui));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
