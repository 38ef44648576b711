// Sideline's own small behaviours. No inline scripts: everything hangs off data- attributes.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-navigate") && el.value) {
      window.location.assign(el.value);
    }
  });
  // The menu is a <details> so phones can fold it without script; on wide screens keep it open.
  var wide = window.matchMedia("(min-width: 760px)");
  function syncMenu() {
    document.querySelectorAll("details.menu").forEach(function (menu) {
      if (wide.matches) { menu.setAttribute("open", ""); } else { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("DOMContentLoaded", syncMenu);
  wide.addEventListener("change", syncMenu);
  // One menu section open at a time; a click elsewhere closes it.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.navgroup[open]").forEach(function (group) {
      if (!group.contains(event.target)) { group.removeAttribute("open"); }
    });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    }
  });
})();
