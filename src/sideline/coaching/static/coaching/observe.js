// Offline-tolerant observation form: the draft lives in localStorage from the first keystroke, and a
// submit that cannot reach the server is kept and retried when the browser is back online. The server
// dedupes by the idempotency key, so a retry never creates a second observation.
(function () {
  "use strict";
  var OFFLINE_TEXT = "Saved on this device; will send when you're back online";

  function form() { return document.querySelector("form[data-offline-draft]"); }
  function storageKey(f) { return "sideline-draft:" + f.getAttribute("data-offline-draft"); }
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function load(f) {
    try { return JSON.parse(window.localStorage.getItem(storageKey(f)) || "null"); } catch (e) { return null; }
  }
  function save(f, pending) {
    var data = { fields: {}, pending: !!pending };
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") { return; }
      data.fields[el.name] = el.type === "checkbox" ? (el.checked ? "on" : "") : el.value;
    });
    window.localStorage.setItem(storageKey(f), JSON.stringify(data));
  }
  function status(text) {
    var el = document.getElementById("draft-status");
    if (!el) { return; }
    el.textContent = text;
    el.hidden = !text;
  }
  function restore(f) {
    var draft = load(f);
    var key = f.elements.namedItem("idempotency_key");
    if (draft && draft.fields) {
      Object.keys(draft.fields).forEach(function (name) {
        var el = f.elements.namedItem(name);
        if (!el || !el.type) { return; }
        if (el.type === "checkbox") { el.checked = draft.fields[name] === "on"; } else { el.value = draft.fields[name]; }
      });
    }
    if (key && !key.value) { key.value = newKey(); }
    save(f, draft && draft.pending);
    if (draft && draft.pending) {
      status(OFFLINE_TEXT);
      if (navigator.onLine) { send(f); }
    }
  }
  function send(f) {
    var body = new FormData(f);
    return window.fetch(f.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Sideline-Offline": "1" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("application/json") === 0) {
        return response.json().then(function (data) {
          window.localStorage.removeItem(storageKey(f));
          window.location.assign(data.url);
        });
      }
      if (response.status === 400) {
        // The server said what is wrong: show its form (with the same values) and keep the draft.
        return response.text().then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("observe-wrap");
          var wrap = document.getElementById("observe-wrap");
          if (fresh && wrap) { wrap.innerHTML = fresh.innerHTML; }
          save(form(), false);
          status("");
        });
      }
      throw new Error("server answered " + response.status);
    }).catch(function () {
      save(f, true);
      status(OFFLINE_TEXT);
    });
  }
  document.addEventListener("input", function (event) {
    var f = form();
    if (f && f.contains(event.target)) { save(f, load(f) && load(f).pending); }
  });
  document.addEventListener("change", function (event) {
    var f = form();
    if (f && f.contains(event.target)) { save(f, load(f) && load(f).pending); }
  });
  document.addEventListener("submit", function (event) {
    var f = form();
    if (!f || event.target !== f) { return; }
    event.preventDefault();
    save(f, false);
    if (!navigator.onLine) { save(f, true); status(OFFLINE_TEXT); return; }
    send(f);
  });
  window.addEventListener("online", function () {
    var f = form();
    var draft = f && load(f);
    if (f && draft && draft.pending) { send(f); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var f = form();
    if (f) { restore(f); }
  });
})();
