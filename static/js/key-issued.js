// The key-issued page: a click on the key selects it, and a Copy button (only where the clipboard API exists)
// puts it on the clipboard.
(function () {
  var button = document.getElementById("copy-key");
  var key = document.getElementById("new-key");
  var status = document.getElementById("copy-status");
  if (!button || !key) return;
  function selectKey() {
    var range = document.createRange();
    range.selectNodeContents(key);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  key.addEventListener("click", selectKey);
  // Without the clipboard API (plain http, old browsers) the text fallback is all there is.
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(key.textContent.trim()).then(
      function () { status.textContent = "Copied to the clipboard."; },
      function () { selectKey(); status.textContent = "Could not copy automatically: the key is selected, press Ctrl+C or ⌘C."; }
    );
  });
})();
