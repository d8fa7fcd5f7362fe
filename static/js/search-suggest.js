/* Suggestions as one types, for every search box with data-suggest-url (search/includes/box.html,
   the results page, the lists' keyword boxes). Progressive: without this script the box is a plain
   GET form, and /search/suggest/ answers a page of links. With it the input becomes an ARIA 1.2
   combobox with a listbox of completions (WAI-ARIA Authoring Practices, "combobox with listbox
   popup"): Down/Up move through them (aria-activedescendant, focus stays in the input), Enter
   opens the chosen one, Escape closes the list, Tab leaves it. Requests wait for a pause in the
   typing (debounce) and an answer to an older prefix is dropped. No inline script, no CDN. */
(function () {
  "use strict";
  if (!window.fetch || !document.querySelectorAll) { return; }

  var DELAY = 200;
  var counter = 0;

  function enhance(input) {
    var url = input.getAttribute("data-suggest-url");
    if (!url) { return; }
    counter += 1;
    var listId = "search-suggest-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var holder = document.createElement("div");
    holder.className = "suggest-holder";
    input.parentNode.insertBefore(holder, input);
    holder.appendChild(input);
    holder.appendChild(list);
    holder.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var latest = "";
    var active = -1;
    var rows = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      rows = suggestions;
      list.textContent = "";
      for (var i = 0; i < suggestions.length; i++) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var kind = document.createElement("span");
        kind.className = "tag";
        kind.textContent = suggestions[i].kind_label;
        option.appendChild(kind);
        option.appendChild(document.createTextNode(" " + suggestions[i].title));
        option.setAttribute("data-index", String(i));
        list.appendChild(option);
      }
      status.textContent = suggestions.length ? String(suggestions.length) : "";
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function ask() {
      var prefix = input.value;
      latest = prefix;
      if (!prefix.trim()) { close(); return; }
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "format=json&q=" + encodeURIComponent(prefix);
      fetch(address, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (answer && prefix === latest && document.activeElement === input) { show(answer.suggestions || []); }
        })
        .catch(function () { close(); });
    }

    function go(index) {
      if (rows[index]) { window.location.assign(rows[index].url); }
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var count = rows.length;
      if (event.key === "ArrowDown" || event.key === "Down") {
        if (list.hidden) { if (count) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } }
        else if (count) { highlight((active + 1) % count); }
        event.preventDefault();
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!list.hidden && count) { highlight(active <= 0 ? count - 1 : active - 1); }
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); go(active); }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      // After a click on an option has been handled (mousedown keeps the focus, see below).
      window.setTimeout(close, 150);
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest ? event.target.closest("[role=option]") : null;
      if (option) { go(parseInt(option.getAttribute("data-index"), 10)); }
    });
  }

  var inputs = document.querySelectorAll("input[data-suggest-url]");
  for (var i = 0; i < inputs.length; i++) { enhance(inputs[i]); }
}());
