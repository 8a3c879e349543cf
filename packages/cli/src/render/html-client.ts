/**
 * The report's script (plain ES2017, no dependencies: a table widget or chart library would
 * outweigh it many times over). It reads the device rows and the rule and text tables from
 * the page's JSON islands, then filters, sorts and pages them, opens a device's drill-down,
 * and lays every matching row out before printing so the printout holds the whole list.
 */
export const HTML_CLIENT = `
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("tenet-tables").textContent);
  var data = JSON.parse(document.getElementById("tenet-devices").textContent);
  var RANK = { inputError: 6, error: 5, noncompliant: 4, inGracePeriod: 3, unknown: 2, compliant: 0 };
  var STATUS = { f: "fail", e: "error", w: "waived", u: "unknown" };
  var LABELS = ["Rule", "Status", "Fact", "Actual", "Expected", "Smallest fix", "Remediation"];
  var PAGE = 50;
  function text(x) { return typeof x === "number" ? (x < 0 ? "" : T.strings[x]) : x; }
  function el(id) { return document.getElementById(id); }
  var devices = data.map(function (r, i) {
    var failing = [];
    r[7].forEach(function (c) { if (typeof c !== "number" && (c[1] === "f" || c[1] === "e")) failing.push(c[0]); });
    return { i: i, name: r[0], id: r[1], platform: r[2], state: T.states[r[3]], gated: r[4] === 1, checkIn: r[5],
      source: r[6], rules: r[7], notes: r[8], waivers: r[9], graceEnds: r[10], policies: r[11], failing: failing,
      key: (r[0] + " " + r[1]).toLowerCase() };
  });
  var body = document.querySelector("#devices tbody");
  var sortKey = "state", sortDir = -1, pageNo = 0, printing = false, open = {}, shown = [];

  function matches(d) {
    var st = el("f-state").value, pf = el("f-platform").value, po = el("f-policy").value;
    var ru = el("f-rule").value, q = el("f-text").value.trim().toLowerCase();
    if (st === "attention") { if (d.state === "compliant" && !d.gated) return false; }
    else if (st === "gated") { if (!d.gated) return false; }
    else if (st !== "" && d.state !== st) return false;
    if (pf !== "" && d.platform !== pf) return false;
    if (po !== "" && (d.policies === "" || d.policies.charAt(+po) === "-")) return false;
    if (ru !== "" && d.failing.indexOf(+ru) < 0) return false;
    return q === "" || d.key.indexOf(q) >= 0;
  }
  function compare(a, b) {
    var x, y;
    if (sortKey === "state") { x = RANK[a.state]; y = RANK[b.state]; }
    else if (sortKey === "failing") { x = a.failing.length; y = b.failing.length; }
    else { x = a[sortKey]; y = b[sortKey]; }
    if (x < y) return -sortDir;
    if (x > y) return sortDir;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : a.i - b.i;
  }
  function cell(tr, value, label, cls) {
    var td = document.createElement("td");
    td.textContent = value;
    if (label) td.setAttribute("data-label", label);
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function row(d) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-device", d.name);
    tr.setAttribute("data-state", d.state);
    var td = document.createElement("td"), b = document.createElement("button");
    b.className = "dev";
    b.textContent = d.name;
    b.setAttribute("aria-expanded", open[d.i] ? "true" : "false");
    b.addEventListener("click", function () { open[d.i] = !open[d.i]; render(); });
    td.appendChild(b);
    tr.appendChild(td);
    cell(tr, d.platform, "Platform");
    var s = cell(tr, d.state, "State", "st");
    s.style.color = T.colours[d.state] || "#000";
    if (d.gated) { var g = document.createElement("span"); g.className = "gate"; g.textContent = "fails gate"; s.appendChild(g); }
    var names = d.failing.map(function (k) { return T.rules[k][0]; });
    var why = names.length > 3 ? names.slice(0, 3).join(", ") + " +" + (names.length - 3) + " more" : names.join(", ");
    cell(tr, why || d.notes.join("; "), "Failing rules");
    // To the minute in the list (one line per device in print); the drill-down has the exact instant.
    var at = /^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d/.exec(d.checkIn);
    cell(tr, at ? at[0].replace("T", " ") + "Z" : d.checkIn || "not reported", "Last check-in");
    return tr;
  }
  function detail(d) {
    var tr = document.createElement("tr"), td = document.createElement("td"), dl = document.createElement("dl");
    tr.className = "detail";
    tr.setAttribute("data-detail", d.name);
    td.colSpan = 5;
    tr.appendChild(td);
    function item(term, value) {
      if (!value) return;
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = term; dd.textContent = value;
      dl.appendChild(dt); dl.appendChild(dd);
    }
    item("Device id", d.id);
    item("State", d.state + (d.gated ? " (fails the --fail-on gate)" : ""));
    item("Platform", d.platform);
    item("Last check-in", d.checkIn || "not reported");
    item("Grace period ends", d.graceEnds);
    item("Waivers applied", d.waivers.join(", "));
    d.notes.forEach(function (n) { item("Note", n); });
    var policies = [];
    for (var p = 0; p < d.policies.length; p++)
      if (d.policies.charAt(p) !== "-") policies.push(T.policies[p] + ": " + T.policyStates[T.policyCodes.indexOf(d.policies.charAt(p))]);
    item("Policies", policies.join("; "));
    item("Input record", d.source);
    td.appendChild(dl);
    if (d.rules.length === 0) return tr;
    var rules = d.rules.slice().sort(function (a, b) { return (typeof a === "number" ? 1 : 0) - (typeof b === "number" ? 1 : 0); });
    var table = document.createElement("table"), head = table.createTHead().insertRow(), tb = table.createTBody();
    table.className = "rules";
    LABELS.forEach(function (h) { var th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
    rules.forEach(function (c) {
      var k = typeof c === "number" ? c : c[0], rule = T.rules[k][0] + " (" + T.rules[k][1] + ")";
      var values = typeof c === "number" ? [rule, "pass", "", "", "", "", ""]
        : [rule, STATUS[c[1]] || c[1], text(c[2]), c[3], text(c[4]), text(c[5]), text(c[6])];
      var r = tb.insertRow();
      r.setAttribute("data-rule", T.rules[k][0]);
      values.forEach(function (v, j) { var x = r.insertCell(); x.textContent = v; if (v) x.setAttribute("data-label", LABELS[j]); });
    });
    var box = document.createElement("div");
    box.className = "scroll";
    box.appendChild(table);
    td.appendChild(box);
    return tr;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (pageNo >= pages) pageNo = pages - 1;
    var from = printing ? 0 : pageNo * PAGE, to = printing ? shown.length : Math.min(shown.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) { frag.appendChild(row(shown[k])); if (open[shown[k].i]) frag.appendChild(detail(shown[k])); }
    body.textContent = "";
    body.appendChild(frag);
    var c = el("count");
    c.setAttribute("data-total", String(shown.length));
    c.textContent = shown.length + (shown.length === 1 ? " device matches" : " devices match") +
      (shown.length > 0 ? "; showing " + (from + 1) + "-" + to : "") + " of " + devices.length + " listed";
    el("page").textContent = "page " + (pageNo + 1) + " of " + pages;
    el("prev").disabled = pageNo === 0;
    el("next").disabled = to >= shown.length;
  }
  function apply() { shown = devices.filter(matches); shown.sort(compare); pageNo = 0; render(); }
  ["f-state", "f-platform", "f-policy", "f-rule"].forEach(function (id) { el(id).addEventListener("change", apply); });
  el("f-text").addEventListener("input", apply);
  el("prev").addEventListener("click", function () { pageNo--; render(); });
  el("next").addEventListener("click", function () { pageNo++; render(); });
  Array.prototype.forEach.call(document.querySelectorAll("#devices th[data-sort]"), function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      if (sortKey === key) sortDir = -sortDir;
      else { sortKey = key; sortDir = key === "state" || key === "failing" ? -1 : 1; }
      Array.prototype.forEach.call(document.querySelectorAll("#devices th[data-sort]"), function (x) {
        x.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      shown.sort(compare);
      pageNo = 0;
      render();
    });
  });
  // A rule of the failing-rules table lists the devices it fails on.
  Array.prototype.forEach.call(document.querySelectorAll("#top-rules button.rule"), function (b) {
    b.addEventListener("click", function () {
      el("f-state").value = "";
      el("f-rule").value = b.getAttribute("data-rule-index");
      apply();
      el("devices-section").scrollIntoView();
    });
  });
  // A printout has no pager: every matching row is laid out while printing, then paging returns.
  function beforePrint() { if (!printing) { printing = true; render(); } }
  function afterPrint() { if (printing) { printing = false; render(); } }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  apply();
})();
`;
