/* Sahel Report: the interactive map of located events and gazetteer places (vendored Leaflet, no tiles).
 *
 * Reads window.SAHEL_BOUNDARIES (the report's vendored boundary files, copied at build time) and window.SAHEL_MAP
 * (events, places, the Azawad claim, house colours), both written by sahelreport.book.webmap. Draws the countries,
 * Western Sahara with a dashed outline of its own, the 2012 Azawad claim (dashed purple), the Mali–Algeria
 * border, the places and one circle per event; events at the same place are set on a small ring around it.
 * Filters: years and type, kept in the page address (?from=&to=&type=). The legend and the credits, with the
 * boundary disclaimer, stand under the map, where they hide nothing.
 */
(function () {
  "use strict";

  const RING_PX = 9;  // distance of co-located events from their place, in screen pixels

  // The interface texts in the page's language (tools/texts.js, written by the build from the texts table).
  const TEXTS = window.SAHEL_TEXTS || {texts: {}, types: {}, relationships: {}};
  const say = (key, fields) => (TEXTS.texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(fields[name]));
  const typeName = (code) => TEXTS.types[code] || code;

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function popup(event) {
    const sources = element("ul", {class: "sahel-map-sources"}, event.sources.map((s) =>
      element("li", {}, [element("a", {href: s.url, rel: "noopener"}, [s.label])])));
    return element("div", {class: "sahel-map-popup"}, [
      element("p", {class: "sahel-map-title"}, [event.title]),
      element("p", {class: "sahel-map-meta"}, [`${event.date} · ${event.place} · ${typeName(event.type)}`]),
      element("p", {}, [event.description]),
      element("p", {class: "sahel-map-label"}, [say("sources")]),
      sources,
      element("p", {}, [element("a", {href: event.href}, [say("in-chronology")])]),
    ]);
  }

  function drawBoundaries(map, data, shapes) {
    const s = data.style;
    const disputed = new Set(data.disputedTerritories);
    const fills = {MLI: s.land.mali, DZA: s.land.algeria};
    L.geoJSON(shapes.countries, {
      interactive: false,
      style: (f) => disputed.has(f.properties.iso3)
        ? {color: s.disputed, weight: 1.5, dashArray: "6 4", fillColor: s.land.other, fillOpacity: 1}
        : {color: s.edge, weight: 0.8, fillColor: fills[f.properties.iso3] || s.land.other, fillOpacity: 1},
    }).addTo(map);
    L.geoJSON(data.claim, {interactive: false,
      style: {color: s.claim, weight: 2, dashArray: "8 4", fill: false}}).addTo(map);
    L.geoJSON(shapes.border, {interactive: false, filter: (f) => f.properties.source === data.borderSource,
      style: {color: s.border, weight: 2.5}}).addTo(map);
  }

  function drawPlaces(map, data) {
    data.places.forEach((place) => {
      L.circleMarker([place.lat, place.lon], {radius: 3, color: data.style.place, weight: 1, fillColor: "#ffffff",
        fillOpacity: 1, className: "sahel-place"})
        .bindTooltip(place.name).bindPopup(`${place.name} (${place.kind.replace(/-/g, " ")}, ${place.country})`)
        .addTo(map);
    });
  }

  function ring(map, markers) {
    const groups = new Map();
    markers.forEach((m) => {
      if (!m.shown) return;
      const key = m.event.lat + "," + m.event.lon;
      groups.set(key, (groups.get(key) || []).concat([m]));
    });
    groups.forEach((group) => group.forEach((m, i) => {
      const centre = L.latLng(m.event.lat, m.event.lon);
      if (group.length === 1) { m.layer.setLatLng(centre); return; }
      const angle = (2 * Math.PI * i) / group.length;
      const radius = RING_PX * Math.max(1, Math.sqrt(group.length) / 2);
      const point = map.latLngToLayerPoint(centre).add([radius * Math.cos(angle), radius * Math.sin(angle)]);
      m.layer.setLatLng(map.layerPointToLatLng(point));
    }));
  }

  function controls(host, data) {
    const years = data.events.map((e) => e.year);
    const first = Math.min(...years), last = Math.max(...years);
    const type = element("select", {id: "sahel-m-type"}, [element("option", {value: ""}, [say("all-types")])]);
    [...new Set(data.events.map((e) => e.type))].sort().forEach((t) =>
      type.append(element("option", {value: t}, [typeName(t)])));
    const from = element("input", {id: "sahel-m-from", type: "number", min: first, max: last, placeholder: first});
    const to = element("input", {id: "sahel-m-to", type: "number", min: first, max: last, placeholder: last});
    const status = element("p", {class: "sahel-status", role: "status", "aria-live": "polite"});
    const field = (id, text, control) => element("div", {class: "sahel-control"},
      [element("label", {for: id}, [text]), control]);
    const form = element("form", {class: "sahel-filter", role: "search", "aria-label": say("filter-map")}, [
      field("sahel-m-type", say("type"), type), field("sahel-m-from", say("from-year"), from),
      field("sahel-m-to", say("to-year"), to),
    ]);
    form.addEventListener("submit", (e) => e.preventDefault());
    host.append(form, status);
    const params = new URLSearchParams(location.search);
    if ([...type.options].some((o) => o.value === params.get("type"))) type.value = params.get("type");
    from.value = params.get("from") || "";
    to.value = params.get("to") || "";
    return {type, from, to, status};
  }

  function legend(data) {
    const s = data.style;
    const swatch = (css, text) => element("li", {}, [element("span", {class: "sahel-swatch", style: css}), text]);
    return element("div", {class: "sahel-map-legend"}, [element("ul", {}, [
        ...Object.entries(s.types).map(([t, c]) => swatch(`background:${c};border-radius:50%`, say("legend-event", {type: typeName(t)}))),
        swatch(`background:#fff;border:1px solid ${s.place};border-radius:50%`, say("legend-place")),
        swatch(`border-top:3px solid ${s.border}`, say("legend-border")),
        swatch(`border-top:2px dashed ${s.disputed}`, say("legend-western-sahara")),
        swatch(`border-top:2px dashed ${s.claim}`, say("legend-azawad")),
      ]), element("p", {class: "sahel-map-credits"}, [`${data.credits} ${data.disclaimer}`])]);
  }

  function start() {
    const host = document.getElementById("sahel-map");
    const data = window.SAHEL_MAP, shapes = window.SAHEL_BOUNDARIES;
    if (!host || !data || !shapes || !window.L) return;
    host.querySelectorAll(".sahel-map-nojs").forEach((n) => n.remove());
    const ui = controls(document.getElementById("sahel-map-tools"), data);
    const map = L.map(host, {minZoom: 3, maxZoom: 9, zoomSnap: 0.5, attributionControl: false, preferCanvas: false});
    host.style.background = data.style.land.sea;
    map.fitBounds(L.latLngBounds(data.events.map((e) => [e.lat, e.lon])).pad(0.05));  // a view before any layer
    drawBoundaries(map, data, shapes);
    drawPlaces(map, data);
    host.after(legend(data));
    const markers = data.events.map((event) => ({event, shown: false, layer: L.circleMarker([event.lat, event.lon], {
      radius: 6, color: "#ffffff", weight: 1, fillColor: data.style.types[event.type] || "#000000", fillOpacity: 0.9,
      className: "sahel-event-marker"}).bindPopup(() => popup(event), {maxWidth: 340})
      .bindTooltip(`${event.date}: ${event.title}`)}));
    function apply() {
      const type = ui.type.value, from = Number(ui.from.value) || -Infinity, to = Number(ui.to.value) || Infinity;
      let shown = 0;
      markers.forEach((m) => {
        m.shown = (!type || m.event.type === type) && m.event.year >= from && m.event.year <= to;
        if (m.shown) { m.layer.addTo(map); shown += 1; } else m.layer.remove();
      });
      ring(map, markers);
      ui.status.textContent = say("map-status", {shown, total: markers.length});
      host.dataset.shown = String(shown);
      const params = new URLSearchParams();
      if (type) params.set("type", type);
      if (ui.from.value) params.set("from", ui.from.value);
      if (ui.to.value) params.set("to", ui.to.value);
      history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    }
    [ui.type, ui.from, ui.to].forEach((c) => c.addEventListener("input", apply));
    map.on("zoomend", () => ring(map, markers));
    apply();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
