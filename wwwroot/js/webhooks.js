// The Webhooks view: the tenant's subscriptions (create, edit, enable/disable, delete, test, rotate the secret — shown
// once), and one subscription's delivery log (attempts with response excerpts, retry, recover since a time).
import { $, el, dateTime, show } from "./util.js";

const operationTypes = ["insert", "update", "replace", "delete"];

export class WebhooksView {
  constructor() {
    this.api = null;
    this.items = [];
    this.selected = null;     // subscription whose deliveries are shown
    this.deliveryCursor = null;
    this.editing = null;      // id being edited, or null when creating
    $("webhook-form").addEventListener("submit", (e) => { e.preventDefault(); this.save(); });
    $("webhook-new").addEventListener("click", () => this.edit(null));
    $("webhook-cancel").addEventListener("click", () => this.closeForm());
    $("webhooks-refresh").addEventListener("click", () => this.load());
    $("deliveries-state").addEventListener("change", () => this.loadDeliveries(false));
    $("deliveries-more").addEventListener("click", () => this.loadDeliveries(true));
    $("recover-form").addEventListener("submit", (e) => { e.preventDefault(); this.recover(); });
    $("secret-close").addEventListener("click", () => { $("secret-box").hidden = true; $("secret-value").textContent = ""; });
    $("deliveries").addEventListener("click", (e) => {
      if (e.target.closest("button")) return;
      this.toggleAttempts(e.target.closest("tr.delivery"));
    });
  }

  // A new connection (or tenant): forget everything shown for the previous one.
  reset(api, collections) {
    this.api = api;
    this.items = [];
    this.selected = null;
    this.deliveryCursor = null;
    this.closeForm();
    $("secret-box").hidden = true;
    $("secret-value").textContent = "";
    show($("webhooks-message"), "");
    $("webhook-collections-list").replaceChildren(...(collections ?? []).map((c) => el("option", { value: c })));
    this.render();
    this.renderDeliveries([], false);
    if (api) this.load();
  }

  message(text, kind = "info") {
    const m = $("webhooks-message");
    m.className = kind === "error" ? "error" : "note";
    show(m, text);
  }

  async load() {
    if (!this.api) return;
    try {
      const items = [];
      let cursor = null;
      do {
        const page = await this.api("GET", `/api/webhooks?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        items.push(...page.items);
        cursor = page.next;
      } while (cursor);
      this.items = items;
      this.render();
      document.body.dataset.webhooks = "loaded";
    } catch (e) {
      this.message(e.message, "error");
    }
  }

  render() {
    $("webhooks-empty").hidden = this.items.length > 0;
    document.querySelector("#webhooks tbody").replaceChildren(...this.items.map((w) => {
      const status = !w.enabled ? `disabled${w.disabledReason ? `: ${w.disabledReason}` : ""}`
        : w.failingSince ? `failing since ${dateTime(w.failingSince)}` : w.lastSuccessAt ? `ok, last ${dateTime(w.lastSuccessAt)}` : "enabled";
      const cls = !w.enabled ? "bad" : w.failingSince ? "warn" : "ok";
      return el("tr", { dataset: { id: w.id }, class: this.selected?.id === w.id ? "selected" : "" },
        el("td", { class: "url" }, el("strong", {}, w.url), w.description ? el("small", {}, w.description) : null),
        el("td", {}, w.collections.join(", "), w.operationTypes.length ? el("small", {}, w.operationTypes.join(", ")) : null),
        el("td", { class: "filter" }, w.filter ?? "(every event)"),
        el("td", {}, el("span", { class: `pill ${cls}` }, status)),
        el("td", { class: "actions" },
          el("button", { type: "button", textContent: "Deliveries", onclick: () => this.select(w) }),
          el("button", { type: "button", textContent: "Test", onclick: () => this.test(w) }),
          el("button", { type: "button", textContent: "Edit", onclick: () => this.edit(w) }),
          el("button", { type: "button", textContent: w.enabled ? "Disable" : "Enable", onclick: () => this.setEnabled(w, !w.enabled) }),
          el("button", { type: "button", textContent: "Rotate secret", onclick: () => this.rotate(w) }),
          el("button", { type: "button", class: "danger", textContent: "Delete", onclick: () => this.remove(w) })));
    }));
  }

  edit(w) {
    this.editing = w?.id ?? null;
    $("webhook-form-title").textContent = w ? `Edit ${w.id}` : "New webhook";
    $("webhook-url").value = w?.url ?? "http://127.0.0.1:5099/webhooks";
    $("webhook-description").value = w?.description ?? "";
    $("webhook-collections").value = (w?.collections ?? [$("webhook-collections-list").options[0]?.value ?? ""]).join(", ");
    $("webhook-filter").value = w?.filter ?? "";
    for (const op of operationTypes) $(`webhook-op-${op}`).checked = (w?.operationTypes ?? []).includes(op);
    $("webhook-enabled").checked = w?.enabled ?? true;
    show($("webhook-form-error"), "");
    $("webhook-form").hidden = false;
    $("webhook-url").focus();
  }

  closeForm() {
    $("webhook-form").hidden = true;
    this.editing = null;
  }

  async save() {
    const body = {
      url: $("webhook-url").value.trim(),
      description: $("webhook-description").value.trim() || null,
      collections: $("webhook-collections").value.split(",").map((c) => c.trim()).filter(Boolean),
      operationTypes: operationTypes.filter((op) => $(`webhook-op-${op}`).checked),
      filter: $("webhook-filter").value.trim() || null,
      enabled: $("webhook-enabled").checked,
    };
    try {
      const saved = this.editing
        ? await this.api("PUT", `/api/webhooks/${encodeURIComponent(this.editing)}`, body)
        : await this.api("POST", "/api/webhooks", body);
      this.closeForm();
      if (saved.secret) this.showSecret(saved.secret, `Signing secret of ${saved.id}`);
      const warnings = (saved.warnings ?? []).map((w) => (typeof w === "string" ? w : w.message ?? JSON.stringify(w)));
      this.message(warnings.length ? `Saved ${saved.id}. ${warnings.join(" ")}` : `Saved ${saved.id}.`);
      await this.load();
    } catch (e) {
      show($("webhook-form-error"), e.message);
    }
  }

  showSecret(secret, title) {
    $("secret-title").textContent = title;
    $("secret-value").textContent = secret;
    $("secret-box").hidden = false;
  }

  async test(w) {
    try {
      const r = await this.api("POST", `/api/webhooks/${encodeURIComponent(w.id)}/test`);
      const outcome = r.statusCode ? `answered ${r.statusCode}` : `no answer: ${r.error}`;
      this.message(`Test ping to ${w.url}: ${outcome} in ${Math.round(r.durationMs)} ms${r.responseExcerpt ? ` — ${r.responseExcerpt.slice(0, 200)}` : ""}`, r.success ? "info" : "error");
    } catch (e) {
      this.message(e.message, "error");
    }
  }

  async setEnabled(w, enabled) {
    try {
      await this.api("POST", `/api/webhooks/${encodeURIComponent(w.id)}/${enabled ? "enable" : "disable"}`);
      await this.load();
    } catch (e) {
      this.message(e.message, "error");
    }
  }

  async rotate(w) {
    if (!confirm(`Rotate the signing secret of ${w.url}? The previous secret keeps signing beside the new one for the grace period.`)) return;
    try {
      const r = await this.api("POST", `/api/webhooks/${encodeURIComponent(w.id)}/rotate-secret`, {});
      this.showSecret(r.secret, `New signing secret of ${w.id}${r.previousSecretExpiresAt ? ` (the previous one signs until ${dateTime(r.previousSecretExpiresAt)})` : ""}`);
    } catch (e) {
      this.message(e.message, "error");
    }
  }

  async remove(w) {
    if (!confirm(`Delete the webhook to ${w.url} and its delivery log?`)) return;
    try {
      await this.api("DELETE", `/api/webhooks/${encodeURIComponent(w.id)}`);
      if (this.selected?.id === w.id) { this.selected = null; this.renderDeliveries([], false); }
      await this.load();
    } catch (e) {
      this.message(e.message, "error");
    }
  }

  select(w) {
    this.selected = w;
    this.render();
    this.loadDeliveries(false);
  }

  async loadDeliveries(more) {
    if (!this.selected) return;
    const state = $("deliveries-state").value;
    const query = new URLSearchParams({ limit: "50" });
    if (state) query.set("state", state);
    if (more && this.deliveryCursor) query.set("cursor", this.deliveryCursor);
    // Only the newest request renders: an older answer arriving late must not replace newer rows (or close an open one).
    const request = this.deliveriesRequest = (this.deliveriesRequest ?? 0) + 1;
    try {
      const page = await this.api("GET", `/api/webhooks/${encodeURIComponent(this.selected.id)}/deliveries?${query}`);
      if (request !== this.deliveriesRequest) return;
      this.deliveryCursor = page.next;
      this.renderDeliveries(page.items, more);
      document.body.dataset.deliveries = "loaded";
    } catch (e) {
      this.message(e.message, "error");
    }
  }

  renderDeliveries(items, append) {
    $("deliveries-panel").hidden = !this.selected;
    $("deliveries-title").textContent = this.selected ? `Deliveries to ${this.selected.url}` : "";
    $("deliveries-more").hidden = !this.deliveryCursor;
    const body = document.querySelector("#deliveries tbody");
    const rows = items.map((d) => {
      const row = el("tr", { class: "delivery", tabIndex: 0, dataset: { id: d.id, state: d.state } },
        el("td", { class: "time" }, dateTime(d.createdAt)),
        el("td", {}, d.type),
        el("td", {}, el("span", { class: `pill ${d.state === "succeeded" ? "ok" : d.state === "dead" ? "bad" : "warn"}` }, d.state)),
        el("td", { class: "num" }, String(d.attempts)),
        el("td", {}, d.lastStatusCode ? String(d.lastStatusCode) : d.lastError ?? "–"),
        el("td", { class: "actions" }, d.state !== "pending"
          ? el("button", { type: "button", textContent: "Retry", onclick: () => this.retry(d) }) : null));
      row.delivery = d;
      return row;
    });
    if (append) body.append(...rows); else body.replaceChildren(...rows);
    $("deliveries-empty").hidden = body.rows.length > 0;
  }

  toggleAttempts(row) {
    if (!row) return;
    const next = row.nextElementSibling;
    if (next?.classList.contains("detail")) { next.remove(); row.classList.remove("open"); return; }
    row.classList.add("open");
    const d = row.delivery;
    const attempts = d.history.length
      ? el("ol", { class: "attempts" }, d.history.map((a) => el("li", {},
        `${dateTime(a.at)} · ${a.statusCode ?? "no answer"} · ${Math.round(a.durationMs)} ms`,
        a.error ? el("div", { class: "error-text" }, a.error) : null,
        a.responseExcerpt ? el("pre", {}, a.responseExcerpt) : null)))
      : el("p", {}, "No attempt yet.");
    row.after(el("tr", { class: "detail" }, el("td", { colSpan: 6 },
      el("p", {}, `${d.type} · webhook-id ${d.id} · event ${d.eventId}${d.nextAttemptAt ? ` · next attempt ${dateTime(d.nextAttemptAt)}` : ""}`),
      attempts)));
  }

  async retry(d) {
    try {
      await this.api("POST", `/api/webhooks/${encodeURIComponent(this.selected.id)}/deliveries/${encodeURIComponent(d.id)}/retry`);
      this.message(`Delivery ${d.id} queued for an immediate attempt.`);
      await this.loadDeliveries(false);
    } catch (e) {
      this.message(e.message, "error");
    }
  }

  async recover() {
    const since = $("recover-since").value;
    if (!since) { this.message("Pick the time to recover dead deliveries from.", "error"); return; }
    try {
      const r = await this.api("POST", `/api/webhooks/${encodeURIComponent(this.selected.id)}/recover`, { since: new Date(since).toISOString() });
      this.message(`Re-queued ${r.requeued} dead deliveries.`);
      await this.loadDeliveries(false);
    } catch (e) {
      this.message(e.message, "error");
    }
  }
}
