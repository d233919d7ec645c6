// Breathing pacer: progressive enhancement of the counts shown on the page (works without this file).
(function () {
  "use strict";
  var pacer = document.querySelector(".pacer");
  if (!pacer) return;
  var phases = [
    ["Breathe in", +pacer.dataset.inhale, "in"],
    ["Hold", +pacer.dataset.holdIn, "hold"],
    ["Breathe out", +pacer.dataset.exhale, "out"],
    ["Hold", +pacer.dataset.holdOut, "hold"]
  ].filter(function (p) { return p[1] > 0; });
  var total = (+pacer.dataset.minutes || 5) * 60;
  var circle = pacer.querySelector(".pacer-circle");
  var phaseText = pacer.querySelector(".pacer-phase");
  var timer = pacer.querySelector(".pacer-timer");
  var controls = pacer.querySelector(".pacer-controls");
  var cue = pacer.querySelector(".pacer-cue");
  var handle = null, index = 0, remaining = 0, elapsed = 0, audio = null;
  controls.hidden = false;

  function signal() {
    if (!cue.checked) return;
    if (navigator.vibrate) navigator.vibrate(80);
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 440; gain.gain.value = 0.05;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.12);
    } catch (e) { /* sound is optional */ }
  }

  function show() {
    var phase = phases[index];
    phaseText.textContent = phase[0];
    circle.className = "pacer-circle " + phase[2];
    circle.style.transitionDuration = phase[1] + "s";
    var left = total - elapsed;
    timer.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2) + " left";
  }

  function tick() {
    elapsed++; remaining--;
    if (elapsed >= total) { stop(); phaseText.textContent = "Well done"; return; }
    if (remaining <= 0) { index = (index + 1) % phases.length; remaining = phases[index][1]; signal(); }
    show();
  }

  function start() {
    if (handle) return;
    index = 0; elapsed = 0; remaining = phases[0][1];
    show(); signal();
    handle = window.setInterval(tick, 1000);
  }

  function stop() {
    if (handle) window.clearInterval(handle);
    handle = null;
    circle.className = "pacer-circle";
    phaseText.textContent = "Stopped";
  }

  pacer.querySelector(".pacer-start").addEventListener("click", start);
  pacer.querySelector(".pacer-stop").addEventListener("click", stop);
})();
