// Shows the PDF in the browser's own viewer, only where the browser says it has one
// (navigator.pdfViewerEnabled); elsewhere the download and "open" links remain.
(function () {
  "use strict";
  var box = document.querySelector(".pdf-viewer[data-pdf-src]");
  if (!box || !navigator.pdfViewerEnabled) {
    return;
  }
  var frame = document.createElement("iframe");
  frame.src = box.getAttribute("data-pdf-src");
  frame.title = box.getAttribute("data-pdf-title") || "PDF";
  frame.className = "pdf-viewer-frame";
  frame.loading = "lazy";
  box.appendChild(frame);
  box.classList.add("pdf-viewer-ready");
})();
