/* The objection finder: narrows the list as you type or pick a stage, segment or persona. */
(function () {
  "use strict";
  var form = document.getElementById("pb-finder");
  var list = document.getElementById("pb-finder-list");
  if (!form || !list) { return; }
  var items = Array.prototype.slice.call(list.children);
  var status = document.getElementById("pb-finder-status");
  var empty = document.getElementById("pb-finder-empty");
  var q = document.getElementById("pb-finder-q");
  var selects = {
    stages: document.getElementById("pb-finder-stage"),
    segments: document.getElementById("pb-finder-segment"),
    personas: document.getElementById("pb-finder-persona")
  };
  var names = { stages: "stage", segments: "segment", personas: "persona" };
  var texts = items.map(function (li) {
    return (li.getAttribute("data-text") || "") + " " + (li.textContent || "").toLowerCase();
  });

  function has(li, attr, value) {
    if (!value) { return true; }
    var ids = (li.getAttribute("data-" + attr) || "").split(" ");
    // An objection that names no segment (or persona, or stage) applies to all of them.
    return ids.length === 1 && ids[0] === "" ? attr !== "stages" : ids.indexOf(value) >= 0;
  }

  function apply() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      for (var key in selects) {
        if (ok && selects[key]) { ok = has(li, key, selects[key].value); }
      }
      li.hidden = !ok;
      if (ok) { shown++; }
    });
    empty.hidden = shown !== 0;
    status.textContent = status.getAttribute("data-template")
      .replace("{shown}", shown).replace("{total}", items.length);
    var params = new URLSearchParams();
    if (q.value) { params.set("q", q.value); }
    for (var k in selects) {
      if (selects[k] && selects[k].value) { params.set(names[k], selects[k].value); }
    }
    var search = params.toString();
    try {
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    } catch (e) { /* file:// in some browsers */ }
  }

  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  for (var key in selects) {
    if (selects[key]) {
      selects[key].value = params.get(names[key]) || "";
      selects[key].addEventListener("change", apply);
    }
  }
  q.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
