/* feedcite.sphinx: hover previews of glossary terms and citations, and copy buttons.
 *
 * Previews come from window.FEEDCITE_PREVIEWS (written at build time, keyed by the link's
 * fragment: "term-rlhf", "cite-kaplan2020scaling", "work-scaling-laws"). Text is inserted with textContent only,
 * never as HTML.
 */
(function () {
  "use strict";

  function previewFor(anchor) {
    var data = window.FEEDCITE_PREVIEWS || {};
    var href = anchor.getAttribute("href") || "";
    var hash = href.indexOf("#");
    if (hash < 0) return null;
    return data[decodeURIComponent(href.slice(hash + 1))] || null;
  }

  var box = null;
  function show(anchor, preview) {
    hide();
    box = document.createElement("div");
    box.className = "feedcite-preview";
    box.setAttribute("role", "tooltip");
    var title = document.createElement("strong");
    title.textContent = preview.title;
    var body = document.createElement("p");
    body.textContent = preview.text;
    box.appendChild(title);
    box.appendChild(body);
    document.body.appendChild(box);
    var rect = anchor.getBoundingClientRect();
    var top = window.scrollY + rect.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
    box.style.top = top + "px";
    box.style.left = left + "px";
    anchor.setAttribute("aria-describedby", "feedcite-preview");
    box.id = "feedcite-preview";
  }
  function hide() {
    if (box && box.parentNode) box.parentNode.removeChild(box);
    box = null;
  }

  function setUpPreviews() {
    var anchors = document.querySelectorAll('a[href*="#term-"], a[href*="#cite-"], a[href*="#work-"]');
    Array.prototype.forEach.call(anchors, function (anchor) {
      var preview = previewFor(anchor);
      if (!preview) return;
      anchor.classList.add("feedcite-has-preview");
      anchor.addEventListener("mouseenter", function () { show(anchor, preview); });
      anchor.addEventListener("focus", function () { show(anchor, preview); });
      anchor.addEventListener("mouseleave", hide);
      anchor.addEventListener("blur", hide);
    });
  }

  function setUpCopyButtons() {
    var blocks = document.querySelectorAll("div.feedcite-bibtex, div.highlight-bibtex");
    Array.prototype.forEach.call(blocks, function (block) {
      var pre = block.querySelector("pre");
      if (!pre || block.querySelector(".feedcite-copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "feedcite-copy";
      button.textContent = "Copy";
      button.addEventListener("click", function () {
        var text = pre.textContent;
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { button.textContent = "Select and copy"; });
        } else {
          var range = document.createRange();
          range.selectNodeContents(pre);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          button.textContent = "Selected: press Ctrl+C";
        }
      });
      block.insertBefore(button, block.firstChild);
    });
  }

  function start() {
    setUpPreviews();
    setUpCopyButtons();
  }
  // Deferred scripts (this one and the previews) all run before DOMContentLoaded.
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
