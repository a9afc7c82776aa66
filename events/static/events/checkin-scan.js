/* Check-in page: where the browser can read QR codes (BarcodeDetector, e.g. Chrome on Android), a button
   opens the camera and fills in the code; elsewhere the code is typed (or sent by a USB/Bluetooth scanner,
   which types it). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("checkin-scan");
    var video = document.getElementById("checkin-video");
    var input = document.getElementById("id_token");
    if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var timer = window.setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (!codes.length) { return; }
            window.clearInterval(timer);
            stream.getTracks().forEach(function (track) { track.stop(); });
            input.value = codes[0].rawValue;
            input.form.submit();
          }).catch(function () {});
        }, 300);
      }).catch(function () { button.disabled = true; });
    });
  });
})();
