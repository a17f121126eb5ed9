// The map: Natural Earth boundaries (no tiles) and one circle marker per located event.

import * as L from "/vendor/leaflet/leaflet-src.esm.js";
import { fetchBoundaries } from "./api.js";
import { typeColor, typeLabel, getLang } from "./i18n.js";

const NATURAL_EARTH = "Made with Natural Earth";

export function markerRadius(fatalities) {
  const n = Math.max(0, Number(fatalities) || 0);
  return Math.min(24, 4 + 2.5 * Math.sqrt(n));
}

export class EventMap {
  constructor(element, onSelect) {
    this.onSelect = onSelect;
    this.markers = new Map();
    this.selected = null;
    this.fitted = false;
    this.map = L.map(element, {
      center: [29, 38],
      zoom: 4,
      minZoom: 2,
      maxZoom: 12,
      worldCopyJump: false,
      zoomSnap: 0.5,
    });
    this.map.attributionControl.setPrefix("Leaflet");
    for (const [pane, z] of [["countries", 250], ["admin1", 300], ["events", 450]]) {
      this.map.createPane(pane).style.zIndex = String(z);
    }
    this.map.getPane("countries").style.pointerEvents = "none";
    this.map.getPane("admin1").style.pointerEvents = "none";
    this.eventLayer = L.layerGroup().addTo(this.map);
  }

  async loadBoundaries() {
    const [countries, admin1] = await Promise.all([
      fetchBoundaries("countries"),
      fetchBoundaries("admin1"),
    ]);
    L.geoJSON(countries, {
      pane: "countries",
      interactive: false,
      attribution: NATURAL_EARTH,
      style: { color: "#8c8577", weight: 0.9, fillColor: "#f3efe6", fillOpacity: 1 },
    }).addTo(this.map);
    L.geoJSON(admin1, {
      pane: "admin1",
      interactive: false,
      style: { color: "#b9b2a3", weight: 0.5, fill: false, dashArray: "2 3" },
    }).addTo(this.map);
  }

  setEvents(events) {
    this.eventLayer.clearLayers();
    this.markers.clear();
    const lang = getLang();
    const bounds = [];
    // Largest first, so small circles stay clickable on top of big ones.
    const located = events
      .filter((e) => Number.isFinite(e.latitude) && Number.isFinite(e.longitude))
      .sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0));
    for (const event of located) {
      const color = typeColor(event.event_type);
      const marker = L.circleMarker([event.latitude, event.longitude], {
        pane: "events",
        className: "event-marker",
        radius: markerRadius(event.fatalities),
        color: "#2b2b2b",
        weight: 0.8,
        fillColor: color,
        fillOpacity: 0.72,
      });
      const place = event.location || event.admin1 || event.country || "";
      marker.bindTooltip(
        `${event.event_date ?? ""} · ${typeLabel(event.event_type, lang)}<br>${escapeHtml(place)}` +
          (event.fatalities ? ` · ${event.fatalities} ✝` : ""),
        { direction: "top" },
      );
      marker.on("click", () => this.onSelect(event.id));
      marker.addTo(this.eventLayer);
      const element = marker.getElement();
      if (element) {
        element.dataset.eventId = event.id;
        element.dataset.eventType = event.event_type;
      }
      this.markers.set(event.id, marker);
      bounds.push([event.latitude, event.longitude]);
    }
    if (!this.fitted && bounds.length > 1) {
      this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 });
      this.fitted = true;
    }
    if (this.selected) this.highlight(this.selected, false);
    return located.length;
  }

  highlight(id, pan = true) {
    const previous = this.markers.get(this.selected);
    if (previous) previous.setStyle({ weight: 0.8, color: "#2b2b2b" });
    this.selected = id;
    const marker = this.markers.get(id);
    if (!marker) return;
    marker.setStyle({ weight: 3, color: "#000" });
    marker.bringToFront();
    if (pan && !this.map.getBounds().contains(marker.getLatLng())) {
      this.map.panTo(marker.getLatLng());
    }
  }

  invalidate() {
    this.map.invalidateSize();
  }
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}
