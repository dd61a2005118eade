// Refuses, before any upload, a file larger than the server accepts: an input with
// data-max-bytes and data-warning (the id of the element that explains the refusal).
// Without this script the server refuses the file with the same message, after the upload.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var warning = document.getElementById(input.dataset.warning);
    var maxBytes = Number(input.dataset.maxBytes);
    input.addEventListener("change", function () {
      var tooLarge = Array.prototype.filter
        .call(input.files, function (file) {
          return file.size > maxBytes;
        })
        .map(function (file) {
          return file.name;
        });
      if (warning) {
        warning.hidden = tooLarge.length === 0;
        warning.textContent = warning.dataset.message + " " + tooLarge.join(", ");
      }
      if (tooLarge.length) {
        input.value = "";
      }
    });
  });
})();
