// The board's search form sends only the fields a visitor filled: a search for "kotlin" reads ?q=kotlin, not
// ?q=kotlin&kind=&type=&…, so its address is short to share and says what was asked.
(function () {
  var form = document.querySelector("form.board-search");
  if (!form) return;
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && (field.type === "search" || field.type === "text" || field.type === "number" || field.tagName === "SELECT") && !field.value.trim()) {
        field.disabled = true;
      }
    });
  });
  // Back to this page from the results (the browser may restore it as it was left): every field works again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
  });
})();
