// Labels of the page in English and Arabic, and the names and colours of event types.

export const LABELS = {
  en: {
    subtitle: "Conflict events coded from Arabic news",
    filters: "Filters",
    from: "From",
    to: "To",
    event_type: "Event type",
    sub_event_type: "Sub-event type",
    country: "Country",
    admin1: "Region (admin 1)",
    admin2: "District (admin 2)",
    location: "Location",
    location_ar: "Location (Arabic)",
    actor: "Actor",
    actor1: "Actor 1",
    actor2: "Actor 2",
    q: "Text search",
    any: "— any —",
    apply: "Apply",
    reset: "Reset",
    legend: "Legend",
    size_note: "Circle size grows with fatalities.",
    pick_event: "Click a point on the map or a row of the table to read the event and its sources.",
    timeline: "Events per day",
    timeline_hint: "drag to select a period",
    clear_range: "Clear period",
    events: "Events",
    show_more: "Show more",
    event_date: "Date",
    fatalities: "Fatalities",
    sources: "Sources",
    time_precision: "Time precision",
    geo_precision: "Geo precision",
    coordinates: "Coordinates",
    evidence: "Evidence",
    claims: "Where sources disagree",
    claim_field: "Field",
    claim_value: "Claim",
    claim_sources: "Reported by",
    article_text: "Article text",
    show_text: "Show text",
    open_source: "original",
    showing: (n, total) => `${n} of ${total} events`,
    summary: (s) => `${s.articles} articles · ${s.events} events · ${s.clusters} clusters`,
    no_events: "No events match the filters.",
    no_text: "No text stored for this article.",
    loading: "Loading…",
    error: "Could not load data",
    unlocated: "not on the map (no coordinates)",
    footer: "marsad — events coded automatically; check the evidence before use",
    lang_button: "العربية",
    highlighted: "Highlighted: evidence sentence and the words each field was read from.",
  },
  ar: {
    subtitle: "أحداث النزاع المستخرجة من الأخبار العربية",
    filters: "التصفية",
    from: "من",
    to: "إلى",
    event_type: "نوع الحدث",
    sub_event_type: "النوع الفرعي",
    country: "الدولة",
    admin1: "المحافظة / الولاية",
    admin2: "المنطقة",
    location: "المكان",
    location_ar: "المكان بالعربية",
    actor: "الطرف",
    actor1: "الطرف الأول",
    actor2: "الطرف الثاني",
    q: "بحث في النص",
    any: "— الكل —",
    apply: "تطبيق",
    reset: "إعادة ضبط",
    legend: "مفتاح الخريطة",
    size_note: "يكبر حجم الدائرة بعدد القتلى.",
    pick_event: "انقر نقطة على الخريطة أو سطرًا في الجدول لقراءة الحدث ومصادره.",
    timeline: "الأحداث يوميًا",
    timeline_hint: "اسحب لتحديد فترة",
    clear_range: "إلغاء الفترة",
    events: "الأحداث",
    show_more: "عرض المزيد",
    event_date: "التاريخ",
    fatalities: "القتلى",
    sources: "المصادر",
    time_precision: "دقة التاريخ",
    geo_precision: "دقة الموقع",
    coordinates: "الإحداثيات",
    evidence: "الدليل",
    claims: "حيث تختلف المصادر",
    claim_field: "الحقل",
    claim_value: "الرواية",
    claim_sources: "المصدر",
    article_text: "نص المقال",
    show_text: "عرض النص",
    open_source: "الأصل",
    showing: (n, total) => `${n} من ${total} حدثًا`,
    summary: (s) => `${s.articles} مقالًا · ${s.events} حدثًا · ${s.clusters} مجموعة`,
    no_events: "لا أحداث تطابق التصفية.",
    no_text: "لا نص محفوظ لهذا المقال.",
    loading: "جارٍ التحميل…",
    error: "تعذر تحميل البيانات",
    unlocated: "ليس على الخريطة (بلا إحداثيات)",
    footer: "مرصد — أحداث مرمّزة آليًا؛ راجع الدليل قبل الاستخدام",
    lang_button: "English",
    highlighted: "المظلل: جملة الدليل والكلمات التي قرئت منها الحقول.",
  },
};

export const EVENT_TYPES = [
  { name: "Battles", ar: "معارك", color: "#c0392b" },
  { name: "Explosions/Remote violence", ar: "انفجارات / عنف عن بعد", color: "#e67e22" },
  { name: "Violence against civilians", ar: "عنف ضد المدنيين", color: "#8e44ad" },
  { name: "Protests", ar: "احتجاجات", color: "#2471a3" },
  { name: "Riots", ar: "أعمال شغب", color: "#d4ac0d" },
  { name: "Strategic developments", ar: "تطورات استراتيجية", color: "#229954" },
];

const TYPE_BY_NAME = new Map(EVENT_TYPES.map((t) => [t.name, t]));

export function typeColor(name) {
  return TYPE_BY_NAME.get(name)?.color ?? "#7f8c8d";
}

export function typeLabel(name, lang) {
  const t = TYPE_BY_NAME.get(name);
  if (!t) return name || "";
  return lang === "ar" ? t.ar : t.name;
}

let current = "en";

export function getLang() {
  return current;
}

export function setLang(lang) {
  current = lang === "ar" ? "ar" : "en";
  const html = document.documentElement;
  html.lang = current;
  html.dir = current === "ar" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) {
    const value = LABELS[current][el.dataset.i18n];
    if (typeof value === "string") el.textContent = value;
  }
  try {
    localStorage.setItem("marsad.lang", current);
  } catch {
    /* storage may be off */
  }
}

export function savedLang() {
  try {
    return localStorage.getItem("marsad.lang") || "en";
  } catch {
    return "en";
  }
}

export function t(key, ...args) {
  const value = LABELS[current][key] ?? LABELS.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}
