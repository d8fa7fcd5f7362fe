/* 网上竞价: progressive enhancement of the bidder's live page (bidding/auction/live.html).
   Without this script the page refreshes itself at the next change of the schedule. With it,
   the seconds count down and the page reloads as soon as the server's state changes (a move,
   a box that opens or closes), unless the bidder is typing a price. Time is the server's: the
   countdown restarts from every answer. */
(function () {
  "use strict";
  var root = document.getElementById("auction");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-state-url");
  var stamp = root.getAttribute("data-stamp");
  // Back to the live page by its address: after a refused move this page is …/move/ (POST only),
  // and a reload would send the refused move again.
  var liveUrl = root.getAttribute("data-live-url");
  var counters = root.querySelectorAll("[data-countdown]");
  var left = counters.length ? parseInt(counters[0].textContent, 10) : null;

  function typing() {
    var active = document.activeElement;
    return active && active.name === "price" && active.value !== "";
  }

  function tick() {
    if (left === null || isNaN(left)) { return; }
    left = Math.max(0, left - 1);
    for (var i = 0; i < counters.length; i++) { counters[i].textContent = String(left); }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        if (state.seconds_left !== null) { left = state.seconds_left; }
        if (state.stamp !== stamp && !(typing() && state.your_turn)) { window.location.assign(liveUrl); }
      })
      .catch(function () { /* offline for a moment: the timed refresh still works */ });
  }

  window.setInterval(tick, 1000);
  window.setInterval(poll, 3000);
}());
