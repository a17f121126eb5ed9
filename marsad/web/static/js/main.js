// Wires the page together: filters -> API -> map, timeline, table; selection -> panel.

import { FILTER_KEYS, fetchEvent, fetchEventsUpTo, fetchStats } from "./api.js";
import { EVENT_TYPES, getLang, savedLang, setLang, t, typeLabel } from "./i18n.js";
import { EventMap } from "./map.js";
import { EventPanel } from "./panel.js";
import { EventTable } from "./table.js";
import { Timeline } from "./timeline.js";

const MAP_LIMIT = 5000;

const form = document.getElementById("filters");
const body = document.body;
let eventsRequest = 0;
let lastEvents = { items: [], total: 0 };
let lastCluster = null;
let baseStats = null;

const panel = new EventPanel(document.getElementById("panel"));
const eventMap = new EventMap(document.getElementById("map"), select);
const table = new EventTable(
  document.getElementById("events-table"),
  document.getElementById("table-count"),
  document.getElementById("table-more"),
  select,
);
const timeline = new Timeline(document.getElementById("timeline"), (from, to) => {
  form.elements.from.value = from;
  form.elements.to.value = to;
  showRange();
  loadEvents();
});

function readFilters() {
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = form.elements[key]?.value?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

function withoutDates(filters) {
  const { from: _from, to: _to, ...rest } = filters;
  return rest;
}

function showRange() {
  const { from, to } = readFilters();
  const label = document.getElementById("timeline-range");
  label.textContent = from || to ? `${from ?? "…"} → ${to ?? "…"}` : "";
  document.getElementById("timeline-clear").hidden = !(from || to);
  timeline.setSelection(from, to);
}

function fillTypeOptions() {
  const select = form.elements.event_type;
  const current = select.value;
  select.replaceChildren(new Option(t("any"), ""));
  for (const type of EVENT_TYPES) select.append(new Option(typeLabel(type.name, getLang()), type.name));
  select.value = current;
}

function fillStatsOptions(stats) {
  const select = form.elements.country;
  const current = select.value;
  select.replaceChildren(new Option(t("any"), ""));
  for (const [country, count] of stats.by_country) {
    if (country) select.append(new Option(`${country} (${count})`, country));
  }
  select.value = current;
  const list = document.getElementById("actor-list");
  list.replaceChildren(...stats.by_actor.filter(([actor]) => actor).map(([actor]) => new Option(actor)));
}

function fillLegend() {
  const legend = document.getElementById("legend");
  legend.replaceChildren(...EVENT_TYPES.map((type) => {
    const li = document.createElement("li");
    const dot = document.createElement("span");
    dot.className = "dot";
    dot.style.background = type.color;
    li.append(dot, typeLabel(type.name, getLang()));
    return li;
  }));
}

function showSummary() {
  if (baseStats) document.getElementById("summary").textContent = t("summary", baseStats.counts);
}

async function loadTimeline() {
  const filters = withoutDates(readFilters());
  // Without filters the timeline is the whole store's, which start() has already fetched.
  const stats = Object.keys(filters).length || !baseStats ? await fetchStats(filters) : baseStats;
  timeline.setData(stats.by_day);
  showRange();
}

async function loadEvents() {
  const request = ++eventsRequest;
  body.dataset.eventsState = "loading";
  const page = await fetchEventsUpTo(readFilters(), MAP_LIMIT);
  if (request !== eventsRequest) return;
  lastEvents = page;
  const drawn = eventMap.setEvents(page.items);
  table.setEvents(page.items, page.total);
  body.dataset.points = String(drawn);
  body.dataset.rows = String(page.items.length);
  body.dataset.eventsState = "ready";
}

async function reloadAll() {
  try {
    await Promise.all([loadTimeline(), loadEvents()]);
  } catch (error) {
    panel.showError(error.message);
    body.dataset.eventsState = "error";
  }
}

async function select(id) {
  eventMap.highlight(id);
  table.highlight(id);
  body.dataset.panelState = "loading";
  try {
    lastCluster = await fetchEvent(id);
    await panel.show(lastCluster);
    body.dataset.panelState = "ready";
  } catch (error) {
    panel.showError(error.message);
    body.dataset.panelState = "error";
  }
}

function applyLanguage(lang) {
  setLang(lang);
  document.getElementById("lang-toggle").textContent = t("lang_button");
  fillTypeOptions();
  fillLegend();
  showSummary();
  if (baseStats) fillStatsOptions(baseStats);
  table.setEvents(lastEvents.items, lastEvents.total);
  eventMap.setEvents(lastEvents.items);
  if (lastCluster) panel.show(lastCluster);
  else panel.clear();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  reloadAll();
});
form.addEventListener("reset", () => {
  setTimeout(reloadAll, 0);
});
for (const name of ["from", "to"]) {
  form.elements[name].addEventListener("change", () => {
    showRange();
    loadEvents().catch((error) => panel.showError(error.message));
  });
}
document.getElementById("timeline-clear").addEventListener("click", () => {
  form.elements.from.value = "";
  form.elements.to.value = "";
  showRange();
  loadEvents().catch((error) => panel.showError(error.message));
});
document.getElementById("lang-toggle").addEventListener("click", () => {
  applyLanguage(getLang() === "ar" ? "en" : "ar");
});

async function start() {
  applyLanguage(savedLang());
  const boundaries = eventMap.loadBoundaries().then(() => {
    body.dataset.boundaries = "ready";
  });
  const stats = fetchStats({}).then((all) => {
    baseStats = all;
    fillStatsOptions(all);
    showSummary();
    timeline.setData(all.by_day);
    showRange();
  });
  try {
    await Promise.all([boundaries, stats, loadEvents()]);
    body.dataset.state = "ready";
  } catch (error) {
    panel.showError(error.message);
    body.dataset.state = "error";
  }
}

start();
