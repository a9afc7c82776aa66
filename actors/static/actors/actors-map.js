/* The directory's map: the markers of the same filtered set as the list, grouped when dense
   (Leaflet.markercluster). A large set comes grouped by the server on a grid ("clusters": latitude,
   longitude, count); those groups join the client's, whose counts add them up. The list under the map
   stays the way to browse. If no tile loads, the
   markers stay on a blank background, which still shows where the structures are, with a note; if the
   markers cannot load, the map gives way to its text fallback. */
(function () {
  "use strict";
  function countIcon(total) {
    var size = total < 10 ? "small" : (total < 100 ? "medium" : "large");
    var html = document.createElement("div");
    var span = document.createElement("span");
    span.textContent = String(total);
    html.appendChild(span);
    return L.divIcon({ html: html, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }
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
        var group = L.markerClusterGroup({
          chunkedLoading: true,
          iconCreateFunction: function (cluster) {
            var total = 0;
            cluster.getAllChildMarkers().forEach(function (m) { total += m.options.count || 1; });
            return countIcon(total);
          }
        });
        var markers = data.points.map(function (p) {
          var link = document.createElement("a");
          link.href = data.detail_prefix + p[3] + "/";
          link.textContent = p[2];
          return L.marker([p[0], p[1]], { title: p[2] }).bindPopup(link);
        });
        (data.clusters || []).forEach(function (c) {
          var text = (el.dataset.clusterText || "{count}").replace("{count}", String(c[2]));
          markers.push(L.marker([c[0], c[1]], { count: c[2], title: text, icon: countIcon(c[2]) }).bindPopup(text));
        });
        // The view first, without animation, then the markers, grouped for that view: markers that
        // animate from one zoom to the other overlap on the way (too small to tap, WCAG 2.5.8).
        if (markers.length) {
          var bounds = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
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
