/* The directory's map: the markers of the same filtered set as the list, grouped when dense
   (Leaflet.markercluster). The list under the map stays the way to browse; if no tile loads, the map
   gives way to its text fallback. */
(function () {
  "use strict";
  function init(el) {
    if (!window.L || !L.markerClusterGroup) { return; }
    var fallback = el.innerHTML;
    var map = L.map(el, { scrollWheelZoom: false }).setView([35.3, -5.6], 8);
    var loaded = 0;
    var layer = L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 });
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      if (loaded === 0 && !el.classList.contains("map-failed")) {
        el.classList.add("map-failed");
        el.dataset.tilesFailed = "true";
      }
    });
    layer.addTo(map);
    el.classList.add("map-ready");
    fetch(el.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var group = L.markerClusterGroup({ chunkedLoading: true });
        var markers = data.points.map(function (p) {
          var link = document.createElement("a");
          link.href = data.detail_prefix + p[3] + "/";
          link.textContent = p[2];
          return L.marker([p[0], p[1]], { title: p[2] }).bindPopup(link);
        });
        group.addLayers(markers);
        map.addLayer(group);
        el.dataset.markers = String(markers.length);
        if (markers.length) { map.fitBounds(group.getBounds(), { maxZoom: 14, padding: [20, 20] }); }
      })
      .catch(function () {
        map.remove();
        el.classList.remove("map-ready");
        el.classList.add("map-failed");
        el.innerHTML = fallback;
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#actors-map[data-url]").forEach(init);
  });
})();
