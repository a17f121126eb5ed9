// Events per day as SVG bars; dragging across the bars selects a period of days.

const SVG_NS = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;
const MARGIN = { left: 36, right: 12, top: 8, bottom: 22 };

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

export function dayNumber(iso) {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoDay(number) {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

export class Timeline {
  constructor(svg, onSelect) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.days = [];
    this.selection = null; // [fromIso, toIso]
    this.drag = null;
    svg.addEventListener("pointerdown", (e) => this.pointerDown(e));
    svg.addEventListener("pointermove", (e) => this.pointerMove(e));
    svg.addEventListener("pointerup", (e) => this.pointerUp(e));
    svg.addEventListener("pointercancel", () => this.cancelDrag());
    new ResizeObserver(() => this.render()).observe(svg);
  }

  setData(byDay) {
    this.days = byDay
      .filter(([day]) => day)
      .map(([day, count]) => ({ day, n: dayNumber(day), count }))
      .sort((a, b) => a.n - b.n);
    this.render();
  }

  setSelection(from, to) {
    this.selection = from || to ? [from || null, to || null] : null;
    this.renderSelection();
  }

  get range() {
    if (!this.days.length) return null;
    return [this.days[0].n, this.days[this.days.length - 1].n + 1];
  }

  scale() {
    const width = this.svg.clientWidth || 800;
    const height = this.svg.clientHeight || 120;
    const [lo, hi] = this.range ?? [0, 1];
    const span = Math.max(1, hi - lo);
    const inner = width - MARGIN.left - MARGIN.right;
    return {
      width,
      height,
      x: (n) => MARGIN.left + ((n - lo) / span) * inner,
      dayAt: (px) => Math.floor(lo + ((px - MARGIN.left) / inner) * span),
      barWidth: Math.max(1, inner / span - 1),
      lo,
      hi,
    };
  }

  render() {
    const svg = this.svg;
    svg.replaceChildren();
    const s = this.scale();
    svg.setAttribute("viewBox", `0 0 ${s.width} ${s.height}`);
    el("rect", { class: "tl-bg", x: 0, y: 0, width: s.width, height: s.height }, svg);
    if (!this.days.length) return;
    const max = Math.max(...this.days.map((d) => d.count));
    const base = s.height - MARGIN.bottom;
    const y = (count) => base - (count / max) * (base - MARGIN.top);
    const bars = el("g", { class: "tl-bars" }, svg);
    for (const d of this.days) {
      const bar = el("rect", {
        class: "tl-bar",
        x: s.x(d.n),
        y: y(d.count),
        width: s.barWidth,
        height: base - y(d.count),
        "data-day": d.day,
      }, bars);
      el("title", {}, bar).textContent = `${d.day}: ${d.count}`;
    }
    el("line", { class: "tl-axis", x1: MARGIN.left, x2: s.width - MARGIN.right, y1: base, y2: base }, svg);
    el("text", { class: "tl-label", x: MARGIN.left - 4, y: MARGIN.top + 8, "text-anchor": "end" }, svg)
      .textContent = String(max);
    this.renderTicks(s, base);
    this.selRect = el("rect", { class: "tl-selection", y: MARGIN.top, height: base - MARGIN.top, x: 0, width: 0 }, svg);
    this.renderSelection();
  }

  renderTicks(s, base) {
    const g = el("g", { class: "tl-ticks" }, this.svg);
    for (let n = s.lo; n < s.hi; n++) {
      const iso = isoDay(n);
      const firstOfMonth = iso.endsWith("-01");
      const everyWeek = s.hi - s.lo <= 45 && (n - s.lo) % 7 === 0;
      if (!firstOfMonth && !everyWeek) continue;
      el("line", { x1: s.x(n), x2: s.x(n), y1: base, y2: base + 4, class: "tl-axis" }, g);
      el("text", { x: s.x(n), y: base + 15, class: "tl-label", "text-anchor": "middle" }, g)
        .textContent = firstOfMonth ? iso.slice(0, 7) : iso.slice(5);
    }
  }

  renderSelection() {
    if (!this.selRect || !this.range) return;
    const s = this.scale();
    let a;
    let b;
    if (this.drag) {
      [a, b] = [this.drag.start, this.drag.current].sort((p, q) => p - q);
      b += 1;
    } else if (this.selection) {
      a = this.selection[0] ? dayNumber(this.selection[0]) : s.lo;
      b = (this.selection[1] ? dayNumber(this.selection[1]) : s.hi - 1) + 1;
    } else {
      this.selRect.setAttribute("width", 0);
      for (const bar of this.svg.querySelectorAll(".tl-bar")) bar.classList.remove("dim");
      return;
    }
    a = Math.max(a, s.lo);
    b = Math.min(b, s.hi);
    this.selRect.setAttribute("x", s.x(a));
    this.selRect.setAttribute("width", Math.max(0, s.x(b) - s.x(a)));
    for (const bar of this.svg.querySelectorAll(".tl-bar")) {
      const n = dayNumber(bar.dataset.day);
      bar.classList.toggle("dim", n < a || n >= b);
    }
  }

  localX(event) {
    const box = this.svg.getBoundingClientRect();
    return event.clientX - box.left;
  }

  clampDay(n) {
    const s = this.scale();
    return Math.min(s.hi - 1, Math.max(s.lo, n));
  }

  pointerDown(event) {
    if (!this.days.length || event.button !== 0) return;
    const day = this.clampDay(this.scale().dayAt(this.localX(event)));
    this.drag = { start: day, current: day, x0: event.clientX };
    this.svg.setPointerCapture(event.pointerId);
    this.renderSelection();
  }

  pointerMove(event) {
    if (!this.drag) return;
    this.drag.current = this.clampDay(this.scale().dayAt(this.localX(event)));
    this.renderSelection();
  }

  pointerUp(event) {
    if (!this.drag) return;
    const drag = this.drag;
    this.drag = null;
    if (Math.abs(event.clientX - drag.x0) < 3) {
      // A click without a drag selects that single day.
      drag.current = drag.start;
    }
    const [a, b] = [drag.start, drag.current].sort((p, q) => p - q);
    this.selection = [isoDay(a), isoDay(b)];
    this.renderSelection();
    this.onSelect(this.selection[0], this.selection[1]);
  }

  cancelDrag() {
    this.drag = null;
    this.renderSelection();
  }
}
