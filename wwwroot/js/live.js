// The Live view: subscriptions on the hub, per-subscription counters with write→receive latency, and the event list
// (newest first, rows expand to the full change event as pretty JSON).
import { $, el, keyText, plain, pretty, readable, show, time } from "./util.js";

const maxRows = 200;
const latencySamples = 100;

export class LiveView {
  constructor() {
    this.connection = null;
    this.subscriptions = new Map(); // subscriptionId -> { collection, filter, position, total, recent[], latencies[], warnings[] }
    this.dropped = 0;
    $("subscribe-form").addEventListener("submit", (e) => {
      e.preventDefault();
      if (this.connection?.state !== "Connected") { show($("error"), "Connect first."); return; }
      this.subscribe($("collection").value, $("filter").value.trim());
    });
    $("events").addEventListener("click", (e) => this.toggle(e.target.closest("tr.event")));
    $("events").addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.toggle(e.target.closest("tr.event")); } });
    setInterval(() => this.renderCounters(), 1000);
  }

  // A new connection (or tenant): nothing of the previous one stays on screen.
  reset(connection) {
    this.connection = connection;
    this.subscriptions.clear();
    this.dropped = 0;
    $("dropped").textContent = "0";
    document.querySelector("#events tbody").replaceChildren();
    this.setRecovery("–", "");
    show($("error"), "");
    show($("warnings"), "");
    this.renderSubscriptions();
    this.renderCounters();
    if (connection) this.attach(connection);
  }

  // A connection to listen on; subscriptions and what is on screen stay (a replacement after the server closed the old one).
  attach(connection) {
    this.connection = connection;
    connection.on("change", (change) => this.onChange(change));
    // A document of this tenant was handed over to another tenant: no content, only which document left (no wallTime,
    // so it adds no latency sample).
    connection.on("left", (left) => this.onChange({ ...left, operationType: "left", wallTime: null, tenantId: "(handed over)" }));
    connection.on("overflow", (notice) => {
      this.dropped += notice.dropped;
      $("dropped").textContent = this.dropped;
      this.setRecovery("events dropped: refetch", "bad");
    });
    connection.on("recovery", (notice) => this.setRecovery(`not recovered (${notice.reason}) on ${notice.collection}`, "bad"));
  }

  setRecovery(text, cls) { const r = $("recovery"); r.textContent = text; r.className = `pill ${cls}`; }

  async subscribe(collection, filter, previous) {
    show($("error"), "");
    try {
      const resumeFrom = previous?.position ?? null;
      const result = await this.connection.invoke("Subscribe", { collection, filter: filter || null, resumeFrom });
      const entry = this.subscriptions.get(result.subscriptionId) ?? previous ?? { collection, filter, total: 0, recent: [], latencies: [] };
      // Keep a newer eventId when a change arrived before the answer; otherwise stand where the server says.
      if (!entry.position || entry.position === resumeFrom) entry.position = result.position;
      entry.warnings = result.warnings ?? [];
      this.subscriptions.set(result.subscriptionId, entry);
      show($("warnings"), entry.warnings.map((w) => (typeof w === "string" ? w : w.message ?? JSON.stringify(w))).join("\n"));
      this.renderSubscriptions();
      this.renderCounters();
      document.body.dataset.state = "subscribed";
      return result;
    } catch (e) {
      show($("error"), readable(e));
      return null;
    }
  }

  // After a reconnect the server has forgotten this connection: subscribe again from each subscription's position.
  async resubscribe() {
    const previous = [...this.subscriptions.values()];
    this.subscriptions.clear();
    let recovered = true;
    for (const s of previous) {
      const result = await this.subscribe(s.collection, s.filter, s);
      recovered = recovered && (result?.recovered ?? false);
    }
    this.setRecovery(recovered ? "recovered: no events missed" : "not recovered: refetch", recovered ? "ok" : "bad");
  }

  async unsubscribe(id) {
    await this.connection.invoke("Unsubscribe", id);
    this.subscriptions.delete(id);
    this.renderSubscriptions();
    this.renderCounters();
  }

  renderSubscriptions() {
    $("subscriptions").replaceChildren(...[...this.subscriptions.entries()].map(([id, s]) =>
      el("li", {}, `${s.collection}${s.filter ? ` where ${s.filter}` : ""}`,
        el("button", { type: "button", textContent: "×", title: "Unsubscribe", "aria-label": "Unsubscribe", onclick: () => this.unsubscribe(id) }))));
  }

  onChange(change) {
    const sub = this.subscriptions.get(change.subscriptionId);
    if (sub) {
      sub.position = change.eventId;
      sub.total++;
      sub.recent.push(Date.now());
      const latency = Date.now() - Date.parse(change.wallTime);
      if (Number.isFinite(latency)) {
        sub.latencies.push(Math.max(latency, 0));
        if (sub.latencies.length > latencySamples) sub.latencies.shift();
      }
    }

    const doc = change.fullDocument ?? change.updateDescription ?? null;
    const row = el("tr", { class: "event", tabIndex: 0, title: "Show the whole event", dataset: { eventId: change.eventId } },
      el("td", { class: "time" }, time(change.wallTime)),
      el("td", { class: "coll" }, change.collection),
      el("td", { class: `op op-${change.operationType}` }, change.operationType),
      el("td", { class: "tenant" }, change.tenantId ?? "(unknown)"),
      el("td", { class: "key" }, keyText(change.documentKey)),
      el("td", { class: "doc" }, doc ? JSON.stringify(plain(doc)) : ""));
    row.change = change;
    const body = document.querySelector("#events tbody");
    body.prepend(row);
    while (body.querySelectorAll("tr.event").length > maxRows) {
      const last = body.querySelector("tr.event:last-of-type");
      if (last.nextElementSibling?.classList.contains("detail")) last.nextElementSibling.remove();
      last.remove();
    }
  }

  toggle(row) {
    if (!row) return;
    const next = row.nextElementSibling;
    if (next?.classList.contains("detail")) {
      next.remove();
      row.classList.remove("open");
      return;
    }
    row.classList.add("open");
    row.after(el("tr", { class: "detail" }, el("td", { colSpan: 6 }, el("pre", {}, pretty(row.change)))));
  }

  renderCounters() {
    const cutoff = Date.now() - 10_000;
    const body = document.querySelector("#counters tbody");
    body.replaceChildren(...[...this.subscriptions.values()].map((s) => {
      s.recent = s.recent.filter((t) => t >= cutoff);
      const sorted = [...s.latencies].sort((a, b) => a - b);
      const median = sorted.length ? `${sorted[Math.floor(sorted.length / 2)]} ms` : "–";
      const p95 = sorted.length ? `${sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]} ms` : "–";
      return el("tr", {},
        el("td", { class: "coll" }, s.collection, s.filter ? el("small", {}, ` where ${s.filter}`) : null),
        el("td", { class: "num" }, String(s.total)),
        el("td", { class: "num" }, `${(s.recent.length / 10).toFixed(1)}/s`),
        el("td", { class: "num" }, median),
        el("td", { class: "num" }, p95));
    }));
  }
}
