// The table of events: one row per event (cluster); clicking a row selects it.

import { getLang, t, typeColor, typeLabel } from "./i18n.js";

function cell(text, cls = "") {
  const td = document.createElement("td");
  if (cls) td.className = cls;
  td.textContent = text ?? "";
  return td;
}

export class EventTable {
  constructor(table, counter, onSelect) {
    this.body = table.tBodies[0];
    this.counter = counter;
    this.onSelect = onSelect;
    this.selected = null;
  }

  setEvents(events, total) {
    const lang = getLang();
    const rows = events.map((event) => {
      const tr = document.createElement("tr");
      tr.dataset.eventId = event.id;
      tr.tabIndex = 0;
      const type = cell("");
      const dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = typeColor(event.event_type);
      type.append(dot, typeLabel(event.event_type, lang));
      const place = [event.location, event.admin1].filter(Boolean).join(", ");
      tr.append(
        cell(event.event_date),
        type,
        cell(event.sub_event_type),
        cell(event.country),
        cell(place),
        cell(event.actor1),
        cell(event.actor2),
        cell(String(event.fatalities ?? 0), "num"),
        cell(String(event.n_articles ?? 0), "num"),
      );
      tr.addEventListener("click", () => this.onSelect(event.id));
      tr.addEventListener("keydown", (e) => {
        if (e.key === "Enter") this.onSelect(event.id);
      });
      return tr;
    });
    if (!rows.length) {
      const tr = document.createElement("tr");
      const td = cell(t("no_events"), "empty");
      td.colSpan = 9;
      tr.append(td);
      rows.push(tr);
    }
    this.body.replaceChildren(...rows);
    this.counter.textContent = t("showing", events.length, total);
    if (this.selected) this.highlight(this.selected);
  }

  highlight(id) {
    this.selected = id;
    for (const tr of this.body.rows) tr.classList.toggle("selected", tr.dataset.eventId === String(id));
  }
}
