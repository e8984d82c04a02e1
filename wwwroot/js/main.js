// PushGateway dashboard, the operator's console: connects to /hubs/changes with a token (a development token when the
// gateway runs in Development, refreshed before it expires), shows live events with per-subscription counters and
// latency, and manages the tenant's webhooks. Query string:
// ?tenant=acme&admin=1&token=...&collection=shop.orders&filter=...&view=webhooks&autoconnect=0&autosubscribe=0
import { $, readable, show } from "./util.js";
import { TokenSource, tokenCommand } from "./auth.js";
import { createApi } from "./api.js";
import { LiveView } from "./live.js";
import { WebhooksView } from "./webhooks.js";

const params = new URLSearchParams(location.search);
const live = new LiveView();
const webhooks = new WebhooksView();
let connection = null;
let generation = 0;

function setStatus(text, cls) { const s = $("status"); s.textContent = text; s.className = `pill ${cls ?? text}`; }
function setState(name) { document.body.dataset.state = name; }

function showView(name) {
  for (const view of ["live", "webhooks"]) {
    $(`view-${view}`).hidden = view !== name;
    $(`tab-${view}`).setAttribute("aria-selected", String(view === name));
  }
  document.body.dataset.view = name;
}

// Starts a hub connection; null when it could not (the error is shown) or a newer connect() took over.
async function open(tokens, mine) {
  const hub = new signalR.HubConnectionBuilder()
    // Called on every (re)connect: a development token is fetched again when it is about to expire.
    .withUrl("/hubs/changes", { accessTokenFactory: () => tokens.get() })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  hub.onreconnecting(() => { setStatus("reconnecting"); setState("reconnecting"); });
  hub.onreconnected(async () => { setStatus("connected"); setState("connected"); await live.resubscribe(); });
  hub.onclose(async (error) => {
    if (mine !== generation || hub !== connection) return;
    // The server closes a connection whose token expired: with a token we can renew, open a new connection and resume
    // every subscription from its position; a pasted token has to be replaced by the user.
    if (!tokens.pasted) {
      setStatus("reconnecting");
      setState("reconnecting");
      const replacement = await open(tokens, mine);
      if (replacement) {
        connection = replacement;
        live.attach(replacement);
        setStatus("connected");
        setState("connected");
        await live.resubscribe();
        return;
      }
    }
    setStatus("disconnected");
    setState("disconnected");
    if (error) show($("error"), `Disconnected: ${readable(error)} (an expired token closes the connection: paste a new one and connect again).`);
  });

  setStatus("connecting");
  try {
    await hub.start();
  } catch (e) {
    setStatus("disconnected");
    show($("error"), `Could not connect: ${readable(e)}`);
    return null;
  }
  if (mine !== generation) { await hub.stop(); return null; }
  return hub;
}

async function connect() {
  const mine = ++generation;
  show($("error"), "");
  const previous = connection;
  connection = null;
  live.reset(null);
  webhooks.reset(null);
  if (previous) await previous.stop();

  const tokens = new TokenSource($("tenant").value.trim(), $("admin").checked, $("token").value.trim());
  try {
    await tokens.get();
  } catch (e) {
    show($("error"), readable(e));
    setStatus("disconnected");
    return;
  }

  const hub = await open(tokens, mine);
  if (!hub) return;
  connection = hub;
  live.reset(hub);
  setStatus("connected");
  setState("connected");
  const collections = await hub.invoke("GetCollections");
  webhooks.reset(createApi(tokens), collections);
  const select = $("collection");
  select.replaceChildren(...collections.map((c) => new Option(c, c)));
  const wanted = params.get("collection");
  if (wanted) select.value = wanted;
  if (params.get("autosubscribe") !== "0") {
    for (const collection of wanted ? [wanted] : collections) await live.subscribe(collection, params.get("filter") ?? "");
  }
}

$("connect-form").addEventListener("submit", (e) => { e.preventDefault(); connect(); });
$("tab-live").addEventListener("click", () => showView("live"));
$("tab-webhooks").addEventListener("click", () => showView("webhooks"));
$("token-hint").textContent = tokenCommand;

if (params.has("tenant")) $("tenant").value = params.get("tenant");
if (params.get("admin") === "1") $("admin").checked = true;
if (params.has("token")) $("token").value = params.get("token");
if (params.has("filter")) $("filter").value = params.get("filter");
showView(params.get("view") === "webhooks" ? "webhooks" : "live");
setState("idle");
if (typeof signalR === "undefined") {
  show($("error"), "The SignalR client is missing (wwwroot/lib/signalr): build the gateway once (dotnet build), which runs npm ci.");
} else if (params.get("autoconnect") !== "0") {
  connect();
}
