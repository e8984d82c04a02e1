// Small DOM and formatting helpers shared by the dashboard's views.
export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key.includes("-")) node.setAttribute(key, value);
    else if (value !== undefined && value !== null && value !== false) node[key] = value;
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// Relaxed Extended JSON → plain values for display: {"$oid": "…"} → "…", {"$date": "…"} → "…", {"$numberDecimal": "…"} → "…".
export function plain(value) {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [k] = keys;
      if (k === "$oid" || k === "$numberDecimal" || k === "$numberLong" || k === "$numberDouble" || k === "$symbol") return value[k];
      if (k === "$date") return typeof value.$date === "string" ? value.$date : plain(value.$date);
    }
    return Object.fromEntries(keys.map((key) => [key, plain(value[key])]));
  }
  return value;
}

// A document key on one line: the bare _id when that is all it holds, else compact JSON.
export function keyText(documentKey) {
  const key = plain(documentKey ?? {});
  const names = Object.keys(key);
  if (names.length === 1 && names[0] === "_id" && typeof key._id !== "object") return String(key._id);
  return JSON.stringify(key);
}

export function pretty(value) { return JSON.stringify(plain(value), null, 2); }

export function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : "–"; }

export function dateTime(iso) { return iso ? new Date(iso).toLocaleString() : "–"; }

// HubException messages arrive as "An unexpected error occurred invoking 'Subscribe' on the server. HubException: <message>".
export function readable(error) {
  const text = String(error?.message ?? error);
  const marker = "HubException: ";
  return text.includes(marker) ? text.slice(text.indexOf(marker) + marker.length) : text;
}

export function show(node, message) { node.textContent = message ?? ""; node.hidden = !message; }
