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
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim()) out.append(key, String(value).trim());
    });
    return out;
  }

  // Same rule as storyline.views._within: compare at the coarser of the two precisions.
  function within(value, from, to) {
    if (!value) return !from && !to;
    if (from && value.slice(0, from.length) < from.slice(0, value.length)) return false;
    return !(to && value.slice(0, to.length) > to.slice(0, value.length));
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
      if ((from || to) && !within(e.date, from, to)) return false;
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

  function apply() {
    var p = params();
    if (!api) { show(localMatches(p)); return; }
    fetch(api + "?" + p.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
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
  if (reset) reset.addEventListener("click", function (ev) { ev.preventDefault(); clear(); apply(); });
})();
