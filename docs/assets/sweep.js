/* Swept figures (hooks/sweep_widget.py): a slider or menu picks one value of a
   parameter; its precomputed figure, alt text and output replace the shown
   ones, and a polite live region says what changed. Only the active colour
   scheme's variant is fetched, and only once the control is first used.
   Loaded (deferred) only on pages that have a swept figure. */
(function () {
  "use strict";
  if (window.dlSweepReady) return;
  window.dlSweepReady = true;

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function setUp(box) {
    var data = JSON.parse(box.getAttribute("data-sweep"));
    var control = box.querySelector(".dl-sweep__control");
    var input = control.querySelector("input, select");
    var shown = control.querySelector(".dl-sweep__value");
    var images = box.querySelectorAll("img.dl-figure__img");
    var output = box.querySelector(".dl-sweep__output code");
    var live = box.querySelector(".dl-sweep__live");
    control.hidden = false;

    function pick(index) {
      var run = data.values[index];
      if (!run) return;
      if (input.type === "range") input.setAttribute("aria-valuetext", run.text);
      shown.textContent = run.text;
      for (var i = 0; i < images.length; i++) {
        var img = images[i];
        img.setAttribute("data-light", run.light[i]);
        img.setAttribute("data-dark", run.dark[i]);
        img.setAttribute("alt", run.alt[i]);
        img.setAttribute("src", dark() ? run.dark[i] : run.light[i]);
      }
      if (output) output.textContent = run.output;
      live.textContent = data.label + " " + run.text + (run.key ? ": " + run.key : "");
    }

    function current() {
      return input.tagName === "SELECT" ? input.selectedIndex : Number(input.value);
    }
    input.addEventListener("input", function () { pick(current()); });
    input.addEventListener("change", function () { pick(current()); });
  }

  var boxes = document.querySelectorAll(".dl-sweep[data-sweep]");
  for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);
})();
