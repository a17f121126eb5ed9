// Calls to the marsad HTTP API (same origin only).

export const FILTER_KEYS = ["from", "to", "event_type", "country", "actor", "q"];

export function queryString(params) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value) !== "") qs.set(key, String(value));
  }
  const text = qs.toString();
  return text ? `?${text}` : "";
}

async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch {
      /* not JSON */
    }
    throw new Error(`${response.status} ${detail}`);
  }
  return response.json();
}

export const PAGE_SIZE = 1000; // the API's largest page

export function fetchEvents(filters, limit = PAGE_SIZE, offset = 0) {
  return getJSON(`/api/events${queryString({ ...filters, limit, offset })}`);
}

// Pages through the matching events until `cap` of them (or all) are loaded.
export async function fetchEventsUpTo(filters, cap) {
  const first = await fetchEvents(filters, Math.min(PAGE_SIZE, cap), 0);
  const items = [...first.items];
  while (items.length < Math.min(first.total, cap)) {
    const page = await fetchEvents(filters, Math.min(PAGE_SIZE, cap - items.length), items.length);
    if (!page.items.length) break;
    items.push(...page.items);
  }
  return { items, total: first.total };
}

export function fetchEvent(id) {
  return getJSON(`/api/events/${encodeURIComponent(id)}`);
}

export function fetchArticle(id) {
  return getJSON(`/api/articles/${encodeURIComponent(id)}`);
}

export function fetchStats(filters) {
  return getJSON(`/api/stats${queryString(filters)}`);
}

export async function fetchBoundaries(name) {
  const response = await fetch(`/static/geo/${name}.geojson`);
  if (!response.ok) throw new Error(`${response.status} boundaries ${name}`);
  return response.json();
}
