/* The directory's map: the markers of the same filtered set as the list, grouped when dense
   (Leaflet.markercluster). The list under the map stays the way to browse. If no tile loads, the
   markers stay on a blank background, which still shows where the structures are, with a note; if the
   markers cannot load, the map gives way to its text fallback. */
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
      if (loaded === 0 && el.dataset.tilesFailed !== "true") {
        el.dataset.tilesFailed = "true";
        var note = document.getElementById("actors-map-tiles-note");
        if (note) { note.hidden = false; }
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
        // The view first, without animation, then the markers, grouped for that view: markers that
        // animate from one zoom to the other overlap on the way (too small to tap, WCAG 2.5.8).
        if (markers.length) {
          var bounds = L.latLngBounds(data.points.map(function (p) { return [p[0], p[1]]; }));
          map.fitBounds(bounds, { maxZoom: 14, padding: [20, 20], animate: false });
        }
        group.addLayers(markers);
        map.addLayer(group);
        el.dataset.markers = String(markers.length);
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
