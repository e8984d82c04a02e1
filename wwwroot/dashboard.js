// PushGateway dashboard: connects to /hubs/changes with a token (a development token when the gateway runs in
// Development), subscribes with SQL or MQL filters and shows live events, per-collection counters and rates,
// connection and recovery status. Query string: ?tenant=acme&admin=1&collection=shop.orders&filter=...&autoconnect=0
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const maxRows = 200;
  const state = {
    connection: null,
    subscriptions: new Map(), // subscriptionId -> { collection, filter, lastEventId }
    counters: new Map(),      // collection -> { total, ops: {}, recent: [timestamps] }
    dropped: 0,
  };

  function setState(name) { document.body.dataset.state = name; }
  function setStatus(text, cls) { const s = $("status"); s.textContent = text; s.className = `pill ${cls ?? text}`; }
  function setRecovery(text, cls) { const r = $("recovery"); r.textContent = text; r.className = `pill ${cls}`; }
  function showError(message) { const e = $("error"); e.textContent = message; e.hidden = !message; }

  // HubException messages arrive as "An unexpected error occurred invoking 'Subscribe' on the server. HubException: <message>".
  function readable(error) {
    const text = String(error?.message ?? error);
    const marker = "HubException: ";
    return text.includes(marker) ? text.slice(text.indexOf(marker) + marker.length) : text;
  }

  async function getToken() {
    const pasted = $("token").value.trim();
    if (pasted) return pasted;
    const response = await fetch("/api/dev/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ tenantId: $("tenant").value.trim() || null, admin: $("admin").checked }),
    });
    if (response.status === 404) throw new Error("No development token endpoint here (not Development): paste a token.");
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail ?? problem.title ?? `Token request failed (${response.status}).`);
    }
    return (await response.json()).accessToken;
  }

  async function connect() {
    showError("");
    if (state.connection) await state.connection.stop();
    state.subscriptions.clear();
    renderSubscriptions();
    let token;
    try {
      token = await getToken();
    } catch (e) {
      showError(readable(e));
      setStatus("disconnected");
      return;
    }

    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/changes", { accessTokenFactory: () => token })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    state.connection = connection;
    connection.on("change", onChange);
    // A document of this tenant was handed over to another tenant: no content, only which document left.
    connection.on("left", (left) => onChange({ ...left, operationType: "left", wallTime: new Date().toISOString(), tenantId: "(handed over)" }));
    connection.on("overflow", (notice) => { state.dropped += notice.dropped; $("dropped").textContent = state.dropped; setRecovery("events dropped: refetch", "bad"); });
    connection.on("recovery", (notice) => setRecovery(`not recovered (${notice.reason}) on ${notice.collection}`, "bad"));
    connection.onreconnecting(() => { setStatus("reconnecting"); setState("reconnecting"); });
    connection.onreconnected(resubscribe);
    connection.onclose((error) => {
      setStatus("disconnected");
      setState("disconnected");
      if (error) showError(`Disconnected: ${readable(error)} (an expired token closes the connection; connect again).`);
    });

    setStatus("connecting");
    try {
      await connection.start();
    } catch (e) {
      setStatus("disconnected");
      showError(`Could not connect: ${readable(e)}`);
      return;
    }

    setStatus("connected");
    setState("connected");
    const collections = await connection.invoke("GetCollections");
    const select = $("collection");
    select.replaceChildren(...collections.map((c) => new Option(c, c)));
    const wanted = params.get("collection");
    if (wanted) select.value = wanted;
    if (params.get("autosubscribe") !== "0") {
      const targets = wanted ? [wanted] : collections;
      for (const collection of targets) await subscribe(collection, params.get("filter") ?? "");
    }
  }

  async function subscribe(collection, filter, resumeFrom) {
    showError("");
    try {
      const result = await state.connection.invoke("Subscribe", { collection, filter: filter || null, resumeFrom: resumeFrom ?? null });
      const previous = state.subscriptions.get(result.subscriptionId);
      state.subscriptions.set(result.subscriptionId, { collection, filter, lastEventId: previous?.lastEventId ?? resumeFrom ?? null });
      renderSubscriptions();
      setState("subscribed");
      return result;
    } catch (e) {
      showError(readable(e));
      return null;
    }
  }

  // After a reconnect the server has forgotten this connection: subscribe again from the last event seen.
  async function resubscribe() {
    setStatus("connected");
    const previous = [...state.subscriptions.values()];
    state.subscriptions.clear();
    let recovered = true;
    for (const s of previous) {
      const result = await subscribe(s.collection, s.filter, s.lastEventId);
      recovered = recovered && (result?.recovered ?? false);
    }
    setRecovery(recovered ? "recovered: no events missed" : "not recovered: refetch", recovered ? "ok" : "bad");
  }

  async function unsubscribe(id) {
    await state.connection.invoke("Unsubscribe", id);
    state.subscriptions.delete(id);
    renderSubscriptions();
  }

  function renderSubscriptions() {
    $("subscriptions").replaceChildren(...[...state.subscriptions.entries()].map(([id, s]) => {
      const li = document.createElement("li");
      li.textContent = `${s.collection}${s.filter ? ` where ${s.filter}` : ""}`;
      const button = document.createElement("button");
      button.textContent = "×";
      button.title = "Unsubscribe";
      button.onclick = () => unsubscribe(id);
      li.append(button);
      return li;
    }));
  }

  function onChange(change) {
    const sub = state.subscriptions.get(change.subscriptionId);
    if (sub) sub.lastEventId = change.eventId;
    count(change);
    const row = document.createElement("tr");
    const cells = [
      new Date(change.wallTime).toLocaleTimeString(),
      change.collection,
      change.operationType,
      change.tenantId ?? "(unknown)",
      JSON.stringify(change.documentKey),
      JSON.stringify(change.fullDocument ?? change.updateDescription ?? null),
    ];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (i === 5) { td.className = "doc"; td.title = text; }
      row.append(td);
    });
    const body = document.querySelector("#events tbody");
    body.prepend(row);
    while (body.rows.length > maxRows) body.deleteRow(body.rows.length - 1);
  }

  function count(change) {
    let c = state.counters.get(change.collection);
    if (!c) state.counters.set(change.collection, c = { total: 0, ops: {}, recent: [] });
    c.total++;
    c.ops[change.operationType] = (c.ops[change.operationType] ?? 0) + 1;
    c.recent.push(Date.now());
  }

  function renderCounters() {
    const cutoff = Date.now() - 10_000;
    const body = document.querySelector("#counters tbody");
    body.replaceChildren(...[...state.counters.entries()].map(([collection, c]) => {
      c.recent = c.recent.filter((t) => t >= cutoff);
      const row = document.createElement("tr");
      for (const text of [collection, c.total, `${(c.recent.length / 10).toFixed(1)}/s`, c.ops.insert ?? 0, c.ops.update ?? 0, c.ops.replace ?? 0, c.ops.delete ?? 0]) {
        const td = document.createElement("td");
        td.textContent = text;
        row.append(td);
      }
      return row;
    }));
  }

  $("connect-form").addEventListener("submit", (e) => { e.preventDefault(); connect(); });
  $("subscribe-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (state.connection?.state !== "Connected") { showError("Connect first."); return; }
    subscribe($("collection").value, $("filter").value.trim());
  });
  setInterval(renderCounters, 1000);

  if (params.has("tenant")) $("tenant").value = params.get("tenant");
  if (params.get("admin") === "1") $("admin").checked = true;
  if (params.has("filter")) $("filter").value = params.get("filter");
  setState("idle");
  if (typeof signalR === "undefined") {
    showError("The SignalR client is missing (wwwroot/lib/signalr): build the gateway once (dotnet build), which runs npm ci.");
  } else if (params.get("autoconnect") !== "0") {
    connect();
  }
})();
