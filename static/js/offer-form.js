// A live count of the description's visible characters (tags stripped), as the server counts them; the server decides.
(function () {
  var box = document.getElementById("id_description");
  var counter = document.getElementById("description-counter");
  var count = document.getElementById("description-count");
  var over = document.getElementById("description-over");
  if (!box || !counter) return;
  function update() {
    var text = new DOMParser().parseFromString(box.value, "text/html").body.textContent.trim();
    count.textContent = text.length;
    counter.classList.toggle("over", text.length > 1500);
    over.textContent = text.length > 1500 ? (text.length - 1500) + " characters over the limit of 1500." : "";
  }
  counter.hidden = false;
  box.setAttribute("aria-describedby", (box.getAttribute("aria-describedby") || "") + " description-counter");
  box.addEventListener("input", update);
  update();
})();
