/* Self-check quizzes: checks an answer in the browser, nothing is sent anywhere.
   Without JavaScript the answers stay readable in each question's <details>. */
(function () {
  "use strict";

  function parseNumber(text) {
    var clean = text.trim().replace(/\u2212/g, "-").replace(/\s+/g, "");
    if (/^-?\d+,\d+$/.test(clean)) clean = clean.replace(",", ".");
    var fraction = clean.match(/^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/);
    if (fraction) return parseFloat(fraction[1]) / parseFloat(fraction[2]);
    if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(clean)) return NaN;
    return parseFloat(clean);
  }

  function check(form) {
    var feedback = form.querySelector(".quiz-feedback");
    var answer = form.querySelector(".quiz-answer");
    var right;
    if (form.dataset.kind === "choice") {
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) {
        feedback.textContent = "Choose an answer first.";
        feedback.className = "quiz-feedback";
        return;
      }
      right = chosen.hasAttribute("data-correct");
    } else {
      var box = form.querySelector("input[type=text]");
      var value = parseNumber(box.value);
      if (isNaN(value)) {
        feedback.textContent = "Type a number first, such as 0.25.";
        feedback.className = "quiz-feedback";
        return;
      }
      var target = parseFloat(form.dataset.answer);
      var tolerance = parseFloat(form.dataset.tolerance) || 0;
      right = Math.abs(value - target) <= tolerance + 1e-12 * Math.abs(target);
      box.setAttribute("aria-invalid", right ? "false" : "true");
    }
    feedback.textContent = right
      ? "Correct. The explanation is below."
      : "Not quite. The answer and why are below.";
    feedback.className = "quiz-feedback " + (right ? "quiz-right" : "quiz-wrong");
    answer.hidden = false;
    answer.open = true;
  }

  document.querySelectorAll(".dlnotes-quiz form.quiz-question").forEach(function (form) {
    form.querySelector(".quiz-check").hidden = false;
    form.querySelector(".quiz-answer").hidden = true; // shown once the reader has answered
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check(form);
    });
  });
})();
