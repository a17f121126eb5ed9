// The event panel: fields, disagreements between sources, sources, and the Arabic article
// text with the evidence sentence and the words of each field highlighted.

import { fetchArticle } from "./api.js";
import { LABELS, getLang, t, typeColor, typeLabel } from "./i18n.js";

const FIELD_ROWS = [
  "event_date",
  "sub_event_type",
  "country",
  "admin1",
  "location",
  "actor1",
  "actor2",
  "fatalities",
  "geo_precision",
  "time_precision",
];

// Span names written by the extractor -> label key.
const SPAN_LABELS = {
  trigger: "sub_event_type",
  actor1: "actor1",
  actor2: "actor2",
  location: "location",
  date: "event_date",
  fatalities: "fatalities",
  source: "sources",
};

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function bilingual(key) {
  const lang = getLang();
  const other = lang === "ar" ? "en" : "ar";
  return [
    h("span", { lang }, LABELS[lang][key] ?? key),
    " ",
    h("span", { class: "other-lang", lang: other, dir: other === "ar" ? "rtl" : "ltr" },
      LABELS[other][key] ?? key),
  ];
}

export function marksFor(text, event) {
  const marks = [];
  const add = (span, cls, title) => {
    if (!span || !Number.isInteger(span.start) || !Number.isInteger(span.end)) return;
    const start = Math.max(0, span.start);
    const end = Math.min(text.length, span.end);
    if (end > start) marks.push({ start, end, cls, title });
  };
  add(event.evidence_span, "evidence", t("evidence"));
  for (const [name, span] of Object.entries(event.spans ?? {})) {
    add(span, `field field-${name}`, t(SPAN_LABELS[name] ?? name));
  }
  return marks;
}

// Text with nested <mark>s; every piece of text is a text node (never parsed as HTML).
export function highlightedText(text, marks) {
  const fragment = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const m of marks) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const covering = marks
      .filter((m) => m.start <= a && m.end >= b)
      .sort((x, y) => (y.end - y.start) - (x.end - x.start));
    let node = document.createTextNode(text.slice(a, b));
    for (const m of covering.reverse()) {
      const mark = h("mark", { class: m.cls, title: m.title });
      mark.append(node);
      node = mark;
    }
    fragment.append(node);
  }
  return fragment;
}

export class EventPanel {
  constructor(element) {
    this.element = element;
    this.cluster = null;
    this.articleId = null;
  }

  clear() {
    this.cluster = null;
    this.element.replaceChildren(h("p", { class: "placeholder" }, t("pick_event")));
  }

  showError(message) {
    this.element.replaceChildren(h("p", { class: "error" }, `${t("error")}: ${message}`));
  }

  async show(cluster) {
    this.cluster = cluster;
    const lang = getLang();
    const color = typeColor(cluster.event_type);
    const head = h("header", { class: "panel-head" },
      h("span", { class: "swatch", style: `background:${color}` }),
      h("h2", {}, typeLabel(cluster.event_type, lang)),
      h("span", { class: "event-id" }, `#${cluster.id}`));
    const fields = h("dl", { class: "fields" });
    const members = cluster.members ?? [];
    const locationAr = members.find((m) => m.event.location === cluster.location)?.event.location_ar;
    for (const key of FIELD_ROWS) {
      let value = cluster[key];
      if (key === "location" && locationAr) {
        value = [cluster.location || "", " · ", h("span", { lang: "ar", dir: "rtl" }, locationAr)];
      }
      if (value === null || value === undefined || value === "") continue;
      fields.append(h("dt", {}, bilingual(key)), h("dd", { dir: "auto" }, value));
    }
    if (Number.isFinite(cluster.latitude) && Number.isFinite(cluster.longitude)) {
      fields.append(h("dt", {}, bilingual("coordinates")),
        h("dd", { dir: "ltr" }, `${cluster.latitude.toFixed(3)}, ${cluster.longitude.toFixed(3)}`));
    }
    const parts = [head, fields];
    if (cluster.claims?.length) parts.push(this.claimsSection(cluster.claims));
    parts.push(this.sourcesSection(members));
    this.articleBox = h("section", { class: "article" });
    parts.push(this.articleBox);
    this.element.replaceChildren(...parts);
    this.element.scrollTop = 0;
    if (members.length) await this.showArticle(members[0]);
  }

  claimsSection(claimList) {
    // One row group per disputed field, one row per value with the outlets that give it.
    const byField = new Map();
    for (const claim of claimList) {
      if (!byField.has(claim.field)) byField.set(claim.field, []);
      byField.get(claim.field).push(claim);
    }
    const claims = [...byField].map(([field, values]) => ({ field, values }));
    const table = h("table", { class: "claims" },
      h("thead", {}, h("tr", {},
        h("th", {}, t("claim_field")), h("th", {}, t("claim_value")), h("th", {}, t("claim_sources")))));
    const body = h("tbody");
    for (const claim of claims) {
      for (const [i, value] of claim.values.entries()) {
        body.append(h("tr", {},
          i === 0 ? h("td", { rowspan: claim.values.length }, t(claim.field)) : null,
          h("td", { dir: "auto" }, String(value.value ?? "")),
          h("td", {}, value.sources.map((s) => s.outlet || s.article_id).join(", "))));
      }
    }
    table.append(body);
    return h("section", { class: "claims-box" }, h("h3", {}, bilingual("claims")), table);
  }

  sourcesSection(members) {
    const list = h("ol", { class: "sources" });
    for (const member of members) {
      const { article, event } = member;
      const item = h("li", { "data-article-id": article.id, "data-event-id": event.event_id },
        h("button", { type: "button", class: "source-button", onclick: () => this.showArticle(member) },
          h("strong", {}, article.outlet || article.id),
          " · ", article.published ?? "",
          event.fatalities ? ` · ${t("fatalities")}: ${event.fatalities}` : "",
          article.title ? h("span", { class: "source-title", lang: "ar", dir: "rtl" }, article.title) : null));
      list.append(item);
    }
    return h("section", {}, h("h3", {}, bilingual("sources"), ` (${members.length})`), list);
  }

  async showArticle(member) {
    const articleId = member.article.id;
    const eventId = member.event.event_id;
    this.articleId = articleId;
    for (const li of this.element.querySelectorAll(".sources li")) {
      li.classList.toggle("active", li.dataset.eventId === eventId);
    }
    this.articleBox.replaceChildren(h("p", {}, t("loading")));
    let article;
    try {
      article = await fetchArticle(articleId);
    } catch (error) {
      this.articleBox.replaceChildren(h("p", { class: "error" }, `${t("error")}: ${error.message}`));
      return;
    }
    if (this.articleId !== articleId) return;
    const text = article.text ?? "";
    // The stored copy's spans; the member's own event when the article was re-coded since.
    const own = (article.events ?? []).find((e) => e.event_id === eventId) ?? member.event;
    const evidence = h("blockquote", { class: "evidence-quote", lang: "ar", dir: "rtl" },
      own.evidence || "");
    const body = h("div", { class: "article-text", lang: "ar", dir: "rtl" });
    if (text) body.append(highlightedText(text, marksFor(text, own)));
    else body.append(t("no_text"));
    const source = article.url
      ? h("a", { href: article.url, rel: "noreferrer noopener", target: "_blank" }, t("open_source"))
      : null;
    this.articleBox.replaceChildren(
      h("h3", {}, bilingual("evidence")),
      evidence,
      h("h3", {}, bilingual("article_text"), " · ", article.outlet || "", " · ", article.published ?? "", " ", source),
      article.title ? h("h4", { lang: "ar", dir: "rtl", class: "article-title" }, article.title) : null,
      h("p", { class: "mark-legend" }, t("highlighted")),
      body,
    );
    // Scroll the article box (only it) to the evidence.
    const mark = body.querySelector("mark.evidence");
    if (mark) body.scrollTop = Math.max(0, mark.offsetTop - 24);
  }
}
