/*
 * Job search enhancements (the page works without this file):
 * - on narrow screens the filter panel collapses behind a "Filters" button;
 * - after htmx swaps in new results, the result count is announced to screen readers and
 *   the panel keeps the state the reader left it in;
 * - text typed while a search was on its way is not lost when the results arrive.
 * htmx itself (static/js/vendor/htmx.min.js) does the requests, swaps and history.
 */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 47.99rem)");
  var panelOpen = !NARROW.matches;
  var typed = null;

  function setUpPanel() {
    var form = document.getElementById("job-search");
    var toggle = document.querySelector(".filters-toggle");
    if (!form || !toggle) {
      return;
    }
    toggle.hidden = false;
    var open = panelOpen || !NARROW.matches;
    form.classList.toggle("is-collapsed", !open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (!toggle.dataset.ready) {
      toggle.dataset.ready = "1";
      toggle.addEventListener("click", function () {
        panelOpen = toggle.getAttribute("aria-expanded") !== "true";
        setUpPanel();
        if (panelOpen) {
          form.querySelector("input, select").focus();
        }
      });
    }
  }

  function announceResults() {
    var heading = document.getElementById("results-heading");
    var status = document.getElementById("search-status");
    if (heading && status) {
      status.textContent = heading.textContent.replace(/\s+/g, " ").trim();
    }
  }

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", setUpPanel);
  NARROW.addEventListener("change", function () {
    panelOpen = !NARROW.matches;
    setUpPanel();
  });

  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    typed = null;
    if (active && active.id && active.matches("input[type=search], input[type=text], input[type=number]")) {
      typed = { id: active.id, value: active.value };
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    setUpPanel();
    announceResults();
    if (typed) {
      var input = document.getElementById(typed.id);
      if (input && input.value !== typed.value) {
        input.value = typed.value;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  });

  document.addEventListener("htmx:historyRestore", setUpPanel);
})();
