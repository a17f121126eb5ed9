// The table of events: one row per event (cluster); clicking a row selects it. Rows are
// added a few hundred at a time ("show more"), so a large selection stays quick to draw.

import { getLang, t, typeColor, typeLabel } from "./i18n.js";

const ROWS_PER_STEP = 500;

function cell(text, cls = "") {
  const td = document.createElement("td");
  if (cls) td.className = cls;
  td.textContent = text ?? "";
  return td;
}

export class EventTable {
  constructor(table, counter, more, onSelect) {
    this.body = table.tBodies[0];
    this.counter = counter;
    this.more = more;
    this.onSelect = onSelect;
    this.selected = null;
    this.events = [];
    this.total = 0;
    this.shown = 0;
    const pick = (target) => target.closest("tr[data-event-id]")?.dataset.eventId;
    this.body.addEventListener("click", (e) => {
      const id = pick(e.target);
      if (id) this.onSelect(Number(id));
    });
    this.body.addEventListener("keydown", (e) => {
      const id = e.key === "Enter" && pick(e.target);
      if (id) this.onSelect(Number(id));
    });
    more.addEventListener("click", () => this.showMore());
  }

  row(event, lang) {
    const tr = document.createElement("tr");
    tr.dataset.eventId = event.id;
    tr.tabIndex = 0;
    if (String(event.id) === String(this.selected)) tr.classList.add("selected");
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
    return tr;
  }

  setEvents(events, total) {
    this.events = events;
    this.total = total;
    this.shown = 0;
    this.body.replaceChildren();
    if (!events.length) {
      const tr = document.createElement("tr");
      const td = cell(t("no_events"), "empty");
      td.colSpan = 9;
      tr.append(td);
      this.body.append(tr);
    }
    this.showMore();
  }

  showMore() {
    const lang = getLang();
    const next = this.events.slice(this.shown, this.shown + ROWS_PER_STEP);
    const fragment = document.createDocumentFragment();
    for (const event of next) fragment.append(this.row(event, lang));
    this.body.append(fragment);
    this.shown += next.length;
    this.counter.textContent = t("showing", this.shown, this.total);
    this.more.hidden = this.shown >= this.events.length;
  }

  // Selecting an event that is not drawn yet draws rows up to it.
  highlight(id) {
    this.selected = id;
    const index = this.events.findIndex((e) => String(e.id) === String(id));
    while (index >= this.shown && this.shown < this.events.length) this.showMore();
    for (const tr of this.body.rows) {
      tr.classList.toggle("selected", tr.dataset.eventId === String(id));
    }
    this.body.querySelector("tr.selected")?.scrollIntoView({ block: "nearest" });
  }
}
