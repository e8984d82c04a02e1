// Where the dashboard's token comes from: a pasted one, or (Development) POST /api/dev/token, fetched again shortly
// before it expires, so a reconnect after an hour gets a fresh token instead of failing.
export const tokenCommand = "dotnet run --project src/PushGateway -- token --tenant acme";

export class TokenSource {
  constructor(tenant, admin, pasted) {
    this.tenant = tenant;
    this.admin = admin;
    this.pasted = pasted;
    this.cached = null; // { token, expiresAt }
  }

  async get() {
    if (this.pasted) return this.pasted;
    if (this.cached && Date.parse(this.cached.expiresAt) - Date.now() > 120_000) return this.cached.token;
    const response = await fetch("/api/dev/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ tenantId: this.tenant || null, admin: this.admin }),
    });
    if (response.status === 404) throw new Error(`No development token endpoint here (not Development): paste a token. ${tokenCommand} prints one.`);
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail ?? problem.title ?? `Token request failed (${response.status}).`);
    }
    const body = await response.json();
    this.cached = { token: body.accessToken, expiresAt: body.expiresAt };
    return body.accessToken;
  }
}
