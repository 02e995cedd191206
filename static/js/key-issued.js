// The key-issued page: a click on the key (or on the curl line) selects it, and Copy buttons (only where the
// clipboard API exists) put it on the clipboard. Each button names what it copies in data-copy and where it
// reports in data-copy-status.
(function () {
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function wire(button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!source) return;
    source.addEventListener("click", function () { selectText(source); });
    // Without the clipboard API (plain http, old browsers) the text fallback is all there is.
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () { status.textContent = "Copied to the clipboard."; },
        function () { selectText(source); status.textContent = "Could not copy automatically: the text is selected, press Ctrl+C or ⌘C."; }
      );
    });
  }
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) wire(buttons[i]);
})();
