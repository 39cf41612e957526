// Copy a question's full URL when its "#" link is clicked; the link works without this.
(function () {
  "use strict";
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
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.anchor-link");
    if (!link || !navigator.clipboard) { return; }
    var url = new URL(link.getAttribute("href"), window.location.href).href;
    navigator.clipboard.writeText(url).then(
      function () { announce("Link to this question copied"); },
      function () { announce("Press Ctrl+C to copy the address of this question"); }
    );
  });
})();
