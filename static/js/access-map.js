/* Small maps (a single marker): enhance a <div class="map" data-lat data-lng data-tiles> when Leaflet
   loads. If no tile loads (offline, blocked tile server) the map is removed and the text fallback that
   the div holds stays visible. */
(function () {
  "use strict";
  function init(el) {
    if (!window.L) { return; }
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    if (isNaN(lat) || isNaN(lng)) { return; }
    var fallback = el.innerHTML;
    var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lng], 15);
    var loaded = 0;
    var layer = L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 });
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      if (loaded === 0) {
        map.remove();
        el.classList.remove("map-ready");
        el.classList.add("map-failed");
        el.innerHTML = fallback;
      }
    });
    layer.addTo(map);
    L.marker([lat, lng], { title: el.dataset.label || "" }).addTo(map).bindPopup(el.dataset.label || "");
    el.classList.add("map-ready");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".map[data-lat]").forEach(init);
  });
})();
