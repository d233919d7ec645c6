// Guided session: steps one at a time on a timer (progressive enhancement; the list works without it).
(function () {
  "use strict";
  var list = document.querySelector(".technique-steps.session");
  var controls = document.querySelector(".session-controls");
  if (!list || !controls) return;
  var steps = Array.prototype.slice.call(list.querySelectorAll("li"));
  var seconds = Math.max(10, +list.dataset.seconds || 60);
  var status = controls.querySelector(".session-status");
  var handle = null, index = 0, left = 0;
  controls.hidden = false;

  function show() {
    steps.forEach(function (li, i) {
      if (i === index) { li.setAttribute("aria-current", "step"); li.classList.add("current"); }
      else { li.removeAttribute("aria-current"); li.classList.remove("current"); }
    });
    status.textContent = "Step " + (index + 1) + " of " + steps.length + ": " + steps[index].textContent + " (" + left + " s)";
  }

  function tick() {
    left--;
    if (left <= 0) {
      index++;
      if (index >= steps.length) { stop(); status.textContent = "Session finished. Well done."; return; }
      left = seconds;
    }
    show();
  }

  function start() {
    if (handle) return;
    index = 0; left = seconds; show();
    handle = window.setInterval(tick, 1000);
  }

  function stop() {
    if (handle) window.clearInterval(handle);
    handle = null;
    steps.forEach(function (li) { li.removeAttribute("aria-current"); li.classList.remove("current"); });
    status.textContent = "Stopped.";
  }

  controls.querySelector(".session-start").addEventListener("click", start);
  controls.querySelector(".session-stop").addEventListener("click", stop);
})();
