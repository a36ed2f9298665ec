// proxywatch dashboard. Plain JS, no framework. Every string from the API is
// untrusted (article text): it only ever enters the page through textContent
// or a vetted attribute; no innerHTML anywhere. The CSP forbids inline script.
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const COLORS = {ASSAULT: "#c0392b", COERCE: "#e67e22", THREATEN: "#8e44ad", MOBILIZE: "#d4ac0d",
    SANCTION: "#7f8c8d", PROTEST: "#16a085", REJECT: "#2c3e50", ACCUSE: "#a04000", REQUEST: "#2e86c1",
    RETREAT: "#58d68d", AID: "#1abc9c", COOPERATE: "#3498db", CONCEDE: "#85c1e9", SUPPORT: "#27ae60",
    CONSULT: "#5dade2", AGREE: "#145a32"};
  const FILTERS = ["actor", "type", "since", "until", "q"];
  const main = document.getElementById("main");

  // --- safe DOM -------------------------------------------------------------
  function el(tag, attrs, ...kids) {
    const n = document.createElement(tag);
    setAttrs(n, attrs);
    for (const k of kids.flat()) {
      if (k === null || k === undefined || k === false) continue;
      n.appendChild(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
    }
    return n;
  }
  function svg(tag, attrs, ...kids) {
    const n = document.createElementNS(SVGNS, tag);
    setAttrs(n, attrs);
    for (const k of kids.flat()) {
      if (k === null || k === undefined) continue;
      n.appendChild(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
    }
    return n;
  }
  function setAttrs(n, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (/^on/i.test(k) || k === "style" || k === "href" || k === "src") throw new Error("unsafe attribute " + k);
      n.setAttribute(k, String(v));
    }
  }
  // only http(s) links to other sites, and our own paths; "javascript:" and the rest are dropped
  function safeUrl(u) {
    if (typeof u !== "string") return null;
    try {
      const p = new URL(u, location.origin);
      if (p.protocol === "http:" || p.protocol === "https:") return p.href;
    } catch (e) { /* not a URL */ }
    return null;
  }
  function link(text, url, internal) {
    const a = el("a", {});
    const href = internal ? url : safeUrl(url);
    if (href) {
      a.setAttribute("href", href);
      if (!internal) { a.setAttribute("rel", "noopener noreferrer nofollow"); a.setAttribute("target", "_blank"); }
      else a.setAttribute("data-nav", "1");
    }
    a.textContent = text;
    return a;
  }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); return n; }
  function badge(s) { return el("span", {class: "badge " + String(s).replace(/[^a-z_]/g, "")}, s); }
  function pname(p) { return p ? (p.name || p.id || "?") : "?"; }
  function ident(s) { return encodeURIComponent(String(s)); }

  // --- URL state ------------------------------------------------------------
  function state() {
    const q = new URLSearchParams(location.search);
    const out = {};
    for (const k of FILTERS) if (q.get(k)) out[k] = q.get(k);
    return out;
  }
  function query(extra) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(Object.assign({}, state(), extra || {}))) if (v !== "" && v != null) p.set(k, v);
    const s = p.toString();
    return s ? "?" + s : "";
  }
  function navigate(path, filters) {
    const q = filters ? query(filters) : location.search;
    history.pushState({}, "", path + q);
    route();
  }
  function setFilters(f) {
    const p = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(f)) { if (v) p.set(k, v); else p.delete(k); }
    const s = p.toString();
    history.pushState({}, "", location.pathname + (s ? "?" + s : ""));
    route();
  }

  async function api(path, opts) {
    const r = await fetch(path, Object.assign({headers: {"Accept": "application/json"}}, opts || {}));
    const body = await r.json().catch(() => ({error: {message: "invalid JSON from the server"}}));
    if (!r.ok) throw new Error((body.error && body.error.message) || ("HTTP " + r.status));
    return body;
  }
  function failure(target, e) { target.appendChild(el("p", {class: "error"}, "Error: " + e.message)); }

  // --- filter bar -----------------------------------------------------------
  const form = document.getElementById("filters");
  const typeSel = document.getElementById("f-type");
  for (const t of TYPES) typeSel.appendChild(el("option", {value: t}, t));
  function syncForm() {
    const s = state();
    for (const k of FILTERS) form.elements[k].value = s[k] || "";
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = {};
    for (const k of FILTERS) f[k] = form.elements[k].value.trim();
    setFilters(f);
  });
  document.getElementById("f-clear").addEventListener("click", () => {
    const f = {}; for (const k of FILTERS) f[k] = ""; setFilters(f);
  });
  api("/api/actors?limit=1000").then((d) => {
    const list = document.getElementById("actor-list");
    for (const a of d.items) list.appendChild(el("option", {value: a.id}, a.name));
  }).catch(() => {});

  document.addEventListener("click", (ev) => {
    const a = ev.target.closest && ev.target.closest("a[data-nav]");
    if (!a || ev.ctrlKey || ev.metaKey || ev.button !== 0) return;
    const u = new URL(a.getAttribute("href"), location.origin);
    if (u.origin !== location.origin) return;
    ev.preventDefault();
    history.pushState({}, "", u.pathname + (u.search || location.search));
    route();
  });
  window.addEventListener("popstate", route);

  // --- overview: timeline, map, link chart, incident list ---------------------
  async function overview() {
    const q = query();
    const tl = el("div", {class: "panel wide", id: "timeline"}, el("h2", {}, "Incidents per day"));
    const map = el("div", {class: "panel", id: "map"}, el("h2", {}, "Map"));
    const graph = el("div", {class: "panel", id: "graph"}, el("h2", {}, "Actor graph"));
    const list = el("div", {class: "panel wide", id: "incidents"}, el("h2", {}, "Incidents"));
    main.appendChild(el("div", {class: "grid"}, tl, map, graph, list));
    // the timeline shows the whole range (minus the date filter) so a brush can be widened again
    const unbounded = query({since: "", until: ""});
    const jobs = [
      Promise.all([api("/api/series" + unbounded), api("/api/changepoints" + query({since: "", until: "", weekly: "true"})).catch(() => null),
        api("/api/threats?limit=1000")]).then(([s, c, t]) => timeline(tl, s, c, t)).catch((e) => failure(tl, e)),
      Promise.all([api("/api/places" + query({limit: 1000})), fetch("/static/vendor/world-atlas-countries-110m.json").then((r) => r.json())])
        .then(([places, world]) => drawMap(map, places, world)).catch((e) => failure(map, e)),
      api("/api/graph" + q).then((g) => linkChart(graph, g)).catch((e) => failure(graph, e)),
      api("/api/incidents" + query({limit: 200})).then((d) => incidentTable(list, d)).catch((e) => failure(list, e)),
    ];
    await Promise.all(jobs);
  }

  function dayNum(iso) { return Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  function timeline(panel, s, cps, threats) {
    const series = s.series || {};
    const names = Object.keys(series);
    if (!names.length) { panel.appendChild(el("p", {class: "muted"}, "No day-dated incidents.")); return; }
    const start = dayNum(series[names[0]].start);
    const n = series[names[0]].values.length;
    const W = 1100, H = 190, L = 30, B = 20;
    const totals = new Array(n).fill(0);
    for (const k of names) series[k].values.forEach((v, i) => { totals[i] += v; });
    const maxY = Math.max(1, ...totals);
    const x = (i) => L + (i / Math.max(1, n)) * (W - L - 10);
    const y = (v) => H - B - (v / maxY) * (H - B - 14);
    const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", id: "timeline-svg", role: "img"});
    root.appendChild(svg("line", {class: "axis", x1: L, x2: W - 10, y1: H - B, y2: H - B}));
    const bw = Math.max(1, (W - L - 10) / n);
    const stack = new Array(n).fill(0);
    for (const k of names) {
      series[k].values.forEach((v, i) => {
        if (!v) return;
        const r = svg("rect", {x: x(i), y: y(stack[i] + v), width: bw, height: y(stack[i]) - y(stack[i] + v),
          fill: COLORS[k] || "#555", class: "bar", "data-type": k, "data-day": isoDay(start + i)});
        r.appendChild(svg("title", {}, `${isoDay(start + i)} ${k}: ${v}`));
        root.appendChild(r);
        stack[i] += v;
      });
    }
    const esc = s.escalation_index;
    if (esc && esc.values && esc.values.length) {
      const e0 = dayNum(esc.start) - start;
      const emax = Math.max(1e-9, ...esc.values.map(Math.abs));
      const pts = esc.values.map((v, i) => `${x(i + e0).toFixed(1)},${(H - B - (v / emax) * (H - B - 14)).toFixed(1)}`);
      root.appendChild(svg("polyline", {class: "esc", points: pts.join(" "), id: "escalation"},
        svg("title", {}, "escalation index")));
    }
    for (const c of (cps && cps.change_points) || []) {
      const i = dayNum(c.date) - start;
      root.appendChild(svg("line", {class: "cp changepoint", x1: x(i), x2: x(i), y1: 8, y2: H - B},
        svg("title", {}, `change point ${c.date}`)));
    }
    for (const t of (threats && threats.items) || []) {
      const i = dayNum(t.date) - start;
      if (i < 0 || i > n) continue;
      const px = x(i);
      root.appendChild(svg("path", {class: "threat", d: `M${px - 4},4 L${px + 4},4 L${px},11 Z`},
        svg("title", {}, `conditional threat ${t.date}: ${t.evidence || ""}`)));
    }
    root.appendChild(svg("text", {x: L, y: H - 4}, isoDay(start)));
    root.appendChild(svg("text", {x: W - 80, y: H - 4}, isoDay(start + n - 1)));
    root.appendChild(svg("text", {x: 2, y: 14}, String(maxY)));
    // brushing: drag across the chart to set since/until for every view
    const st = state();
    const brush = svg("rect", {class: "brush", y: 0, height: H - B, x: 0, width: 0, id: "brush"});
    if (st.since && st.until) {
      const a = dayNum(st.since.length === 10 ? st.since : st.since + "-01".repeat(st.since.length === 4 ? 2 : 1)) - start;
      const b = dayNum(st.until.length === 10 ? st.until : st.until + "-01".repeat(st.until.length === 4 ? 2 : 1)) - start;
      brush.setAttribute("x", String(x(Math.max(0, a)))); brush.setAttribute("width", String(Math.max(2, x(b + 1) - x(a))));
    }
    root.appendChild(brush);
    let from = null;
    const toIndex = (ev) => {
      const r = root.getBoundingClientRect();
      const px = (ev.clientX - r.left) * (W / r.width);
      return Math.max(0, Math.min(n - 1, Math.floor(((px - L) / (W - L - 10)) * n)));
    };
    root.addEventListener("mousedown", (ev) => { from = toIndex(ev); ev.preventDefault(); });
    root.addEventListener("mousemove", (ev) => {
      if (from === null) return;
      const to = toIndex(ev);
      brush.setAttribute("x", String(x(Math.min(from, to))));
      brush.setAttribute("width", String(Math.abs(x(to + 1) - x(from))));
    });
    root.addEventListener("mouseup", (ev) => {
      if (from === null) return;
      const to = toIndex(ev);
      const a = Math.min(from, to), b = Math.max(from, to);
      from = null;
      setFilters({since: isoDay(start + a), until: isoDay(start + b)});
    });
    panel.appendChild(root);
    const legend = el("div", {class: "legend"});
    for (const k of names) {
      legend.appendChild(el("span", {}, svg("svg", {width: 10, height: 10, class: "swatch"},
        svg("rect", {width: 10, height: 10, fill: COLORS[k] || "#555"})), `${k} (${series[k].total})`));
    }
    legend.appendChild(el("span", {}, "— escalation index · dashed red: change points · ▼ conditional threats · drag to filter dates"));
    panel.appendChild(legend);
  }

  // places: /api/places, every filtered incident counted on the server, grouped by place
  function drawMap(panel, places, world) {
    const W = 560, H = 300;
    // the Middle East by default; the whole world when incidents fall outside it
    let box = [24, 10, 64, 42];
    const groups = places.items;
    for (const g of groups) {
      box = [Math.min(box[0], g.location.lon - 2), Math.min(box[1], g.location.lat - 2),
        Math.max(box[2], g.location.lon + 2), Math.max(box[3], g.location.lat + 2)];
    }
    const sx = W / (box[2] - box[0]), sy = H / (box[3] - box[1]), k = Math.min(sx, sy);
    const px = (lon) => (lon - box[0]) * k, py = (lat) => (box[3] - lat) * k;
    const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", id: "map-svg"});
    const geo = window.topojson.feature(world, world.objects.countries);
    for (const f of geo.features) {
      const polys = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) : [];
      let d = "";
      for (const poly of polys) for (const ring of poly) {
        d += "M" + ring.map(([lo, la]) => `${px(lo).toFixed(1)},${py(la).toFixed(1)}`).join("L") + "Z";
      }
      root.appendChild(svg("path", {class: "country", d}, svg("title", {}, (f.properties && f.properties.name) || "")));
    }
    for (const g of groups) {
      const loc = g.location;
      const top = Object.entries(g.types).sort((a, b) => b[1] - a[1])[0][0];
      const c = svg("circle", {cx: px(loc.lon), cy: py(loc.lat), r: 3 + 2.5 * Math.sqrt(g.count),
        fill: COLORS[top] || "#555", "fill-opacity": 0.7, stroke: "#222", class: "incident-dot prec-" + loc.precision,
        "data-place": loc.id || ""},
      svg("title", {}, `${loc.name}: ${g.count} incidents (${Object.entries(g.types).map((e) => e.join(" ")).join(", ")}); ` +
        `precision ${loc.precision} (${({1: "exact site", 2: "town", 3: "region/country"})[loc.precision] || "?"})`));
      root.appendChild(c);
    }
    panel.appendChild(root);
    const shown = places.total > groups.length ? ` (the ${groups.length} busiest of ${places.total} places)` : "";
    panel.appendChild(el("p", {class: "muted"}, `${places.located} located incidents of ${places.incidents}${shown}; circle area = count, colour = most frequent type, dashed = region/country precision. Basemap: Natural Earth via world-atlas (offline).`));
  }

  function linkChart(panel, g) {
    const W = 560, H = 340;
    const nodes = g.nodes.slice(0, 80);
    const idx = {};
    nodes.forEach((n, i) => { idx[n.id] = i; n.x = W / 2 + 150 * Math.cos(i * 2.4); n.y = H / 2 + 120 * Math.sin(i * 2.4); });
    const edges = g.edges.filter((e) => e.source in idx && e.target in idx);
    // a few hundred steps of a plain spring embedder: enough for tens of nodes
    for (let it = 0; it < 300; it++) {
      for (const a of nodes) { a.fx = (W / 2 - a.x) * 0.01; a.fy = (H / 2 - a.y) * 0.01; }
      for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y; const d2 = Math.max(25, dx * dx + dy * dy);
        const f = 1800 / d2; const d = Math.sqrt(d2); dx /= d; dy /= d;
        a.fx += dx * f; a.fy += dy * f; b.fx -= dx * f; b.fy -= dy * f;
      }
      for (const e of edges) {
        const a = nodes[idx[e.source]], b = nodes[idx[e.target]];
        const dx = b.x - a.x, dy = b.y - a.y; const d = Math.max(1, Math.hypot(dx, dy));
        const f = (d - 70) * 0.02;
        a.fx += dx / d * f; a.fy += dy / d * f; b.fx -= dx / d * f; b.fy -= dy / d * f;
      }
      for (const a of nodes) { a.x = Math.max(20, Math.min(W - 20, a.x + a.fx)); a.y = Math.max(12, Math.min(H - 12, a.y + a.fy)); }
    }
    const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", id: "graph-svg"});
    for (const e of edges) {
      const a = nodes[idx[e.source]], b = nodes[idx[e.target]];
      const label = e.kind === "interaction" ? Object.entries(e.types).map((t) => t.join(" ")).join(", ") : e.relation;
      root.appendChild(svg("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge-" + e.kind,
        "stroke-width": Math.min(5, 1 + Math.log2(1 + (e.count || 1)))}, svg("title", {}, `${a.name} → ${b.name}: ${label}`)));
    }
    for (const nd of nodes) {
      const c = svg("circle", {cx: nd.x, cy: nd.y, r: 4 + Math.min(8, Math.sqrt(nd.degree)), class: "node actor-node",
        fill: nd.kind === "country" ? "#2e86c1" : nd.kind === "person" ? "#d68910" : "#7d3c98", "data-id": nd.id,
        tabindex: 0}, svg("title", {}, `${nd.name} (${nd.id})`));
      c.addEventListener("click", () => navigate("/actors/" + ident(nd.id)));
      root.appendChild(c);
      root.appendChild(svg("text", {x: nd.x + 7, y: nd.y + 3}, nd.name.length > 24 ? nd.name.slice(0, 23) + "…" : nd.name));
    }
    panel.appendChild(root);
    panel.appendChild(el("p", {class: "muted"}, "red: interactions (per incident) · blue dashed: sponsorship · green: command · click an actor for its profile"));
  }

  function incidentTable(panel, d) {
    const t = el("table", {id: "incident-table"}, el("tr", {}, ["date", "type", "actor", "recipient", "place", "reports", "status", "evidence"].map((h) => el("th", {}, h))));
    for (const i of d.items) {
      const tr = el("tr", {class: "clickable incident-row", "data-id": i.incident_id},
        el("td", {}, i.date || "undated"), el("td", {}, i.type), el("td", {}, pname(i.actor)), el("td", {}, pname(i.recipient)),
        el("td", {}, i.location ? i.location.name : ""), el("td", {}, String(i.reports)),
        el("td", {}, i.statuses.map(badge)), el("td", {}, (i.evidence || "").slice(0, 160)));
      tr.addEventListener("click", () => navigate("/incidents/" + ident(i.incident_id)));
      t.appendChild(tr);
    }
    panel.appendChild(el("p", {class: "muted", id: "incident-total"}, `${d.total} incidents`));
    panel.appendChild(t);
  }

  // --- events ---------------------------------------------------------------
  function highlighted(text, spans) {
    // spans: [{start, end, cls}] relative to text, non-overlapping after sorting
    const out = el("span", {});
    let pos = 0;
    for (const s of spans.slice().sort((a, b) => a.start - b.start)) {
      if (s.start < pos || s.end > text.length) continue;
      out.appendChild(document.createTextNode(text.slice(pos, s.start)));
      out.appendChild(el("mark", {class: s.cls, title: s.title || null}, text.slice(s.start, s.end)));
      pos = s.end;
    }
    out.appendChild(document.createTextNode(text.slice(pos)));
    return out;
  }

  async function eventsPage() {
    const offset = parseInt(new URLSearchParams(location.search).get("offset") || "0", 10) || 0;
    const panel = el("div", {class: "panel", id: "events"}, el("h2", {}, "Events"));
    main.appendChild(panel);
    try {
      const d = await api("/api/events" + query({limit: 50, offset}));
      panel.appendChild(el("p", {class: "muted", id: "event-total"}, `${d.total}${d.total_exact === false ? "+" : ""} events · showing ${d.items.length ? offset + 1 : 0}–${offset + d.items.length}`));
      const t = el("table", {id: "event-table"}, el("tr", {}, ["date", "type", "actor → recipient", "status", "evidence", "outlet"].map((h) => el("th", {}, h))));
      for (const e of d.items) {
        const spans = [];
        if (e.trigger) spans.push({start: e.trigger.start - e.evidence.start, end: e.trigger.end - e.evidence.start, cls: "trigger"});
        const doc = e.document || {};
        const row = el("tr", {class: "clickable event-row", "data-id": e.doc_id + "#" + e.event_id},
          el("td", {}, e.date || ""), el("td", {}, e.type + (e.mode ? " · " + e.mode : "")),
          el("td", {}, `${pname(e.actor)} → ${pname(e.recipient)}`), el("td", {}, badge(e.status)),
          el("td", {class: "evidence"}, highlighted(e.evidence.text, spans)),
          el("td", {}, link(doc.outlet || e.doc_id, doc.url), e.incident_id ? el("div", {}, link("incident", "/incidents/" + ident(e.incident_id) + location.search, true)) : null));
        const ctx = el("tr", {class: "context-row", hidden: "hidden"}, el("td", {colspan: 6}));
        row.addEventListener("click", async (ev) => {
          if (ev.target.closest("a")) return;
          if (!ctx.hasAttribute("hidden")) { ctx.setAttribute("hidden", "hidden"); return; }
          ctx.removeAttribute("hidden");
          const cell = clear(ctx.firstChild);
          try {
            const full = await api(`/api/events/${ident(e.doc_id)}/${ident(e.event_id)}`);
            const c = full.context;
            const ev2 = el("mark", {class: "evidence-mark"}, c.evidence);
            cell.appendChild(el("div", {class: "context"}, c.before, ev2, c.after));
            cell.appendChild(el("div", {class: "muted"}, (doc.title || "") + " · ", link(doc.outlet || "source", doc.url), " · published " + (doc.published || "?")));
          } catch (err) { failure(cell, err); }
        });
        t.appendChild(row);
        t.appendChild(ctx);
      }
      panel.appendChild(t);
      const pager = el("div", {class: "pager"});
      if (offset > 0) pager.appendChild(el("button", {id: "prev"}, "previous"));
      if (offset + d.items.length < d.total) pager.appendChild(el("button", {id: "next"}, "next"));
      pager.addEventListener("click", (ev) => {
        if (ev.target.id === "prev") setFilters({offset: String(Math.max(0, offset - 50))});
        if (ev.target.id === "next") setFilters({offset: String(offset + 50)});
      });
      panel.appendChild(pager);
    } catch (e) { failure(panel, e); }
  }

  // --- incident -------------------------------------------------------------
  async function incidentPage(id) {
    const panel = el("div", {class: "panel", id: "incident"});
    main.appendChild(panel);
    try {
      const d = await api("/api/incidents/" + ident(id));
      panel.appendChild(el("h2", {}, `${d.type} · ${d.date || "undated"} · ${pname(d.actor)} → ${pname(d.recipient)}` + (d.location ? ` · ${d.location.name}` : "")));
      panel.appendChild(el("p", {class: "muted"}, `${d.reports} reports in ${d.documents} documents · ${d.incident_id}`));
      panel.appendChild(el("h3", {}, "Claims ledger"));
      const t = el("table", {id: "ledger"}, el("tr", {}, ["report", "outlet", "who", "status", "details", "evidence"].map((h) => el("th", {}, h))));
      const rows = d.events.concat(d.denials);
      for (const r of rows) {
        const doc = r.document || {};
        const det = Object.entries(r.details || {}).filter(([k]) => k !== "type").map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ");
        t.appendChild(el("tr", {class: "ledger-row"}, el("td", {}, `${r.doc_id} ${r.event_id}`),
          el("td", {}, link(r.outlet || doc.outlet || "?", doc.url)), el("td", {}, r.source || "—"),
          el("td", {}, badge(r.status)), el("td", {}, det), el("td", {}, r.evidence.text || "")));
      }
      panel.appendChild(t);
      panel.appendChild(el("h3", {}, "Disagreements"));
      if (!d.contradictions.length) panel.appendChild(el("p", {class: "muted", id: "contradictions"}, "none: every report agrees"));
      else panel.appendChild(el("ul", {id: "contradictions"}, d.contradictions.map((c) =>
        el("li", {}, `${c.field}: ` + Object.entries(c.values).map(([v, ks]) => `${v} (${ks.join(", ")})`).join(" vs ")))));
      for (const p of [d.actor, d.recipient]) if (p && p.id) panel.appendChild(el("p", {}, link("profile of " + pname(p), "/actors/" + ident(p.id) + location.search, true)));
    } catch (e) { failure(panel, e); }
  }

  // --- actor ----------------------------------------------------------------
  async function actorPage(id) {
    const panel = el("div", {class: "panel", id: "actor"});
    main.appendChild(panel);
    try {
      const p = await api("/api/actors/" + ident(id));
      panel.appendChild(el("h2", {id: "actor-name"}, `${p.name} (${p.id})` + (p.kind ? ` · ${p.kind}` : "")));
      if (p.lineage.length) panel.appendChild(el("p", {}, "lineage: " + p.lineage.join(" › ")));
      panel.appendChild(el("p", {id: "aliases"}, "aliases: " + (p.aliases.join(", ") || "—")));
      panel.appendChild(el("h3", {}, "Roles over time"));
      panel.appendChild(el("table", {id: "roles"}, el("tr", {}, ["role", "of", "from", "until"].map((h) => el("th", {}, h))),
        p.roles.map((r) => el("tr", {}, el("td", {}, r.role || "member"), el("td", {}, link(r.member_of, "/actors/" + ident(r.member_of), true)), el("td", {}, r.start || "?"), el("td", {}, r.end || "")))));
      panel.appendChild(el("h3", {}, "Relations"));
      panel.appendChild(el("table", {id: "relations"}, el("tr", {}, ["subject", "relation", "object", "dates", "evidence"].map((h) => el("th", {}, h))),
        p.relations.map((r) => el("tr", {}, el("td", {}, r.subject), el("td", {}, r.relation), el("td", {}, r.object), el("td", {}, (r.dates || []).join(", ")), el("td", {}, r.evidence || "")))));
      panel.appendChild(el("h3", {}, "Activity"));
      panel.appendChild(el("p", {id: "activity"}, Object.entries(p.activity).map((e) => e.join(" ")).join(", ") || "no incidents as actor", p.first ? ` (${p.first} – ${p.last})` : ""));
      const rows = p.as_actor.map((i) => ["acted on", i.recipient, i]).concat(p.as_recipient.map((i) => ["targeted by", i.actor, i]));
      panel.appendChild(el("table", {id: "interactions"}, el("tr", {}, ["", "counterpart", "types", "first", "last"].map((h) => el("th", {}, h))),
        rows.map(([k, other, i]) => el("tr", {}, el("td", {}, k), el("td", {}, other), el("td", {}, Object.entries(i.types).map((e) => e.join(" ")).join(", ")), el("td", {}, i.first || "?"), el("td", {}, i.last || "?")))));
      panel.appendChild(el("p", {}, link("events of this actor", "/events" + query({actor: p.id}), true)));
    } catch (e) { failure(panel, e); }
  }

  // --- paste an article -----------------------------------------------------
  function pastePage() {
    const ta = el("textarea", {id: "paste-text", placeholder: "Paste an article's text here; extraction runs as you type.", maxlength: 500000});
    const pub = el("input", {id: "paste-published", placeholder: "published YYYY-MM-DD", size: 14});
    const btn = el("button", {id: "paste-run"}, "Extract");
    const status = el("span", {class: "muted", id: "paste-status"});
    const out = el("div", {id: "paste-result"});
    main.appendChild(el("div", {class: "panel"}, el("h2", {}, "Paste an article"), ta, el("p", {}, pub, " ", btn, " ", status), out));
    let timer = null, seq = 0;
    async function run() {
      const text = ta.value;
      if (!text.trim()) return;
      const mine = ++seq;
      status.textContent = "extracting…";
      try {
        const d = await api("/api/extract", {method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
          body: JSON.stringify({text, published: pub.value.trim() || null})});
        if (mine !== seq) return;
        status.textContent = `${d.mentions.length} mentions, ${d.events.length} events`;
        clear(out);
        const spans = d.mentions.filter((m) => m.kind !== "date" || true).map((m) => ({start: m.start, end: m.end, cls: "m-" + m.kind, title: `${m.kind}: ${m.entity_id || m.text}`}));
        out.appendChild(el("h3", {}, "Text"));
        out.appendChild(el("div", {class: "highlighted", id: "paste-highlighted"}, highlightEvents(d.text, spans, d.events)));
        out.appendChild(el("h3", {}, "Events"));
        out.appendChild(el("table", {id: "paste-events"}, el("tr", {}, ["type", "actor → recipient", "date", "place", "status", "evidence"].map((h) => el("th", {}, h))),
          d.events.map((e) => el("tr", {class: "paste-event"}, el("td", {}, e.type), el("td", {}, `${pname(e.actor)} → ${pname(e.recipient)}`), el("td", {}, e.date || ""),
            el("td", {}, e.location ? e.location.name : ""), el("td", {}, badge(e.status)), el("td", {}, e.evidence.text)))));
      } catch (e) { if (mine === seq) { status.textContent = ""; clear(out); failure(out, e); } }
    }
    btn.addEventListener("click", run);
    ta.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 900); });
  }
  function highlightEvents(text, mentionSpans, events) {
    // event evidence sentences are underlined blocks; mentions are marks inside them
    const blocks = events.map((e) => ({start: e.evidence.start, end: e.evidence.end})).sort((a, b) => a.start - b.start);
    const merged = [];
    for (const b of blocks) { const last = merged[merged.length - 1]; if (last && b.start <= last.end) last.end = Math.max(last.end, b.end); else merged.push(Object.assign({}, b)); }
    const out = el("span", {});
    let pos = 0;
    const part = (a, b, cls) => {
      const inner = mentionSpans.filter((m) => m.start >= a && m.end <= b).map((m) => Object.assign({}, m, {start: m.start - a, end: m.end - a}));
      const h = highlighted(text.slice(a, b), inner);
      if (cls) h.setAttribute("class", cls);
      out.appendChild(h);
    };
    for (const b of merged) { if (b.start > pos) part(pos, b.start, null); part(b.start, b.end, "m-event"); pos = b.end; }
    if (pos < text.length) part(pos, text.length, null);
    return out;
  }

  // --- forecast and what-if -------------------------------------------------
  function forecastPage() {
    const fpanel = el("div", {class: "panel", id: "forecast"}, el("h2", {}, "Forecast"));
    const sel = el("select", {id: "forecast-series"}, ["ASSAULT", "us_attacks", "us_strikes", "THREATEN", "all"].map((s) => el("option", {value: s}, s)));
    const fout = el("div", {id: "forecast-result"});
    fpanel.appendChild(el("p", {}, "series ", sel));
    fpanel.appendChild(fout);
    const wpanel = el("div", {class: "panel", id: "whatif"}, el("h2", {}, "What if"));
    const strikes = el("input", {id: "wi-strikes", value: "1", size: 4});
    const restraint = el("input", {id: "wi-restraint", value: "0.05", size: 5});
    const horizon = el("input", {id: "wi-horizon", value: "30", size: 4});
    const run = el("button", {id: "wi-run"}, "Simulate");
    const wout = el("div", {id: "whatif-result"});
    wpanel.appendChild(el("p", {}, "US strikes on day 0 ", strikes, " · patron restraint factor ", restraint, " · horizon (days) ", horizon, " ", run));
    wpanel.appendChild(wout);
    main.appendChild(el("div", {class: "grid"}, fpanel, wpanel));
    async function fc() {
      clear(fout);
      try {
        const d = await api("/api/forecast?series=" + ident(sel.value));
        fout.appendChild(el("table", {}, el("tr", {}, el("th", {}, "from"), el("th", {}, "P(≥1) next day"), el("th", {}, "P(≥1) next 7 days"), el("th", {}, "data")),
          el("tr", {}, el("td", {}, d.from), el("td", {class: "p1"}, (100 * d.probabilities["1"]).toFixed(1) + "%"), el("td", {class: "p7"}, (100 * d.probabilities["7"]).toFixed(1) + "%"),
            el("td", {}, `${d.incidents} incidents over ${d.days} days`))));
      } catch (e) { failure(fout, e); }
    }
    async function wi() {
      clear(wout);
      wout.appendChild(el("p", {class: "muted"}, "simulating…"));
      try {
        const d = await api("/api/whatif" + "?" + new URLSearchParams({strikes: strikes.value, restraint: restraint.value, horizon: horizon.value, paths: "400"}).toString());
        clear(wout);
        wout.appendChild(el("p", {class: "muted"}, `from ${d.from}; ${d.note}`));
        const keys = Object.keys(d.results[0] || {}).filter((k) => typeof d.results[0][k] === "number");
        wout.appendChild(el("table", {id: "whatif-table"}, el("tr", {}, el("th", {}, "scenario"), keys.map((k) => el("th", {}, k))),
          d.results.map((r) => el("tr", {}, el("td", {}, r.scenario), keys.map((k) => el("td", {}, Number(r[k]).toFixed(2)))))));
        const W = 520, H = 160;
        const all = d.results.flatMap((r) => r.daily_mean || []);
        const m = Math.max(1e-9, ...all);
        const root = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", id: "whatif-svg"});
        const pal = ["#333", "#c0392b", "#2e86c1", "#8e44ad"];
        d.results.forEach((r, j) => {
          const v = r.daily_mean || [];
          root.appendChild(svg("polyline", {fill: "none", stroke: pal[j % 4], "stroke-width": 1.5,
            points: v.map((y, i) => `${(20 + i * (W - 30) / Math.max(1, v.length - 1)).toFixed(1)},${(H - 15 - (y / m) * (H - 30)).toFixed(1)}`).join(" ")},
          svg("title", {}, r.scenario)));
          root.appendChild(svg("text", {x: 24, y: 12 + 11 * j, fill: pal[j % 4]}, r.scenario));
        });
        wout.appendChild(root);
      } catch (e) { clear(wout); failure(wout, e); }
    }
    sel.addEventListener("change", fc);
    run.addEventListener("click", wi);
    fc();
  }

  // --- router ---------------------------------------------------------------
  async function route() {
    syncForm();
    clear(main);
    const path = location.pathname;
    for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.getAttribute("href") === path);
    let m;
    document.body.setAttribute("data-ready", "0");
    try {
      if (path === "/") await overview();
      else if (path === "/events") await eventsPage();
      else if (path === "/paste") pastePage();
      else if (path === "/forecast") forecastPage();
      else if ((m = path.match(/^\/incidents\/(.+)$/))) await incidentPage(decodeURIComponent(m[1]));
      else if ((m = path.match(/^\/actors\/(.+)$/))) await actorPage(decodeURIComponent(m[1]));
      else main.appendChild(el("p", {class: "error"}, "No such page."));
    } finally {
      document.body.setAttribute("data-ready", "1");
    }
  }
  route();
})();
