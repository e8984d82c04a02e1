// The REST API with the current token; errors become readable messages (ProblemDetails title/detail and each field error).
export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

export function problemText(problem, status) {
  const lines = [problem?.detail ?? problem?.title ?? `Request failed (${status}).`];
  for (const [field, messages] of Object.entries(problem?.errors ?? {})) {
    lines.push(`${field}: ${[].concat(messages).map((m) => (typeof m === "string" ? m : m.message ?? JSON.stringify(m))).join(" ")}`);
  }
  return lines.join("\n");
}

export function createApi(tokens) {
  return async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${await tokens.get()}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    const payload = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(problemText(payload, response.status), response.status, payload);
    return payload;
  };
}
