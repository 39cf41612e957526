// Small conveniences for readers; every page works without them.
// - a question's "#" link copies the question's full address;
// - code blocks get a "Copy" button; buttons with data-copy copy their text;
// - "Back to questions" opens the question index if a phone had it closed.
(function () {
  "use strict";
  var canCopy = !!(navigator.clipboard && window.isSecureContext);

  function announce(message) {
    var note = document.querySelector(".anchor-copied");
    if (!note) {
      note = document.createElement("div");
      note.className = "anchor-copied";
      note.setAttribute("role", "status");
      document.body.appendChild(note);
    }
    note.textContent = message;
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { note.textContent = ""; }, 2500);
  }

  function copy(text, done, failed) {
    navigator.clipboard.writeText(text).then(
      function () { announce(done); },
      function () { announce(failed); }
    );
  }

  function addCodeButtons() {
    var blocks = document.querySelectorAll(".post-content .highlight");
    Array.prototype.forEach.call(blocks, function (block, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code block " + (index + 1));
      button.setAttribute("data-copy-code", "");
      block.classList.add("has-copy");
      block.insertBefore(button, block.firstChild);
    });
  }

  if (canCopy) {
    addCodeButtons();
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy][hidden]"), function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    var back = target.closest('a[href="#question-index-title"]');
    if (back) {
      var details = document.querySelector(".question-index details");
      if (details) { details.open = true; }
      return;
    }
    if (!canCopy) { return; }
    var link = target.closest("a.anchor-link");
    if (link) {
      var url = new URL(link.getAttribute("href"), window.location.href).href;
      copy(url, "Link to this question copied", "Press Ctrl+C to copy the address of this question");
      return;
    }
    var code = target.closest("[data-copy-code]");
    if (code) {
      var block = code.parentElement;  // with line numbers, the code is in td.code
      var pre = block.querySelector("td.code pre") || block.querySelector("pre");
      copy(pre.textContent.replace(/\n$/, ""), "Code copied", "Select the code and press Ctrl+C to copy it");
      return;
    }
    var button = target.closest("[data-copy]");
    if (button) {
      copy(button.getAttribute("data-copy"), "Feed address copied", "Select the address and press Ctrl+C to copy it");
    }
  });
})();
