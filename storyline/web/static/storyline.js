// Storyline: timeline filters for the web app (asks /api/timeline) and the one-file
// report (filters the JSON embedded in the page). No dependencies, no network in
// the report. Only ids and numbers are written into the page, never text.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var api = document.body.getAttribute("data-api");
  var dataNode = document.getElementById("story-data");
  var entries = dataNode ? JSON.parse(dataNode.textContent).entries : [];
  var shown = document.querySelector("#shown .n");
  var timer = null;

  function params() {
    var out = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      // A date still being typed ("2023-0") fails the field's pattern: left out until complete.
      if (!field.name || (field.validity && !field.validity.valid)) return;
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) return;
      var value = String(field.value).trim();
      if (value) out.append(field.name, value);
    });
    return out;
  }

  // Same rule as storyline.views._within: an entry is kept when the days it may stand for
  // (earliest..latest) meet the days the filter names. ISO days compare as strings; "-31"
  // closes any month, so "2023-02" ends at "2023-02-31", after every February day.
  function firstDay(d) { return d.length === 4 ? d + "-01-01" : d.length === 7 ? d + "-01" : d; }
  function lastDay(d) { return d.length === 4 ? d + "-12-31" : d.length === 7 ? d + "-31" : d; }
  function within(e, from, to) {
    var lo = e.earliest || e.latest, hi = e.latest || e.earliest;
    if (!lo) return !from && !to;
    if (from && hi < firstDay(from)) return false;
    return !(to && lo > lastDay(to));
  }

  function localMatches(p) {
    var actor = (p.get("actor") || "").toLowerCase();
    var types = p.getAll("type");
    var status = p.get("status");
    var from = p.get("from"), to = p.get("to");
    var conflicts = p.get("conflicts");
    return entries.filter(function (e) {
      if (types.length && types.indexOf(e.type) < 0) return false;
      if (actor && !e.actors.some(function (n) { return n.toLowerCase().indexOf(actor) >= 0; })) return false;
      if ((from || to) && !within(e, from, to)) return false;
      if (status && e.status !== status) return false;
      return !(conflicts && !e.conflicts);
    }).map(function (e) { return e.id; });
  }

  function show(ids) {
    var keep = new Set(ids);
    document.querySelectorAll("[data-entry]").forEach(function (node) {
      node.classList.toggle("filtered-out", !keep.has(node.getAttribute("data-entry")));
    });
    if (shown) shown.textContent = String(keep.size);
    document.body.setAttribute("data-filtered", String(keep.size));
  }

  var latest = 0;  // answers can arrive out of order: only the newest request's is shown
  function apply() {
    var p = params();
    if (!api) { show(localMatches(p)); return; }
    var ticket = ++latest;
    fetch(api + "?" + p.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (ticket !== latest) return;  // a newer filter has been asked for since
        if (!body) return;  // a filter the server refused: the list stays as it was
        show(body.entries.map(function (e) { return e.id; }));
        history.replaceState(null, "", "?" + p.toString() + location.hash);
      });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  form.addEventListener("change", apply);
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 250); });
  function clear() {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.type === "checkbox") field.checked = false;
      else if (field.tagName === "SELECT") field.selectedIndex = 0;
      else if (field.name) field.value = "";
    });
  }
  var reset = form.querySelector(".reset");
  if (reset) reset.addEventListener("click", function (ev) { ev.preventDefault(); clearTimeout(timer); clear(); apply(); });
})();
