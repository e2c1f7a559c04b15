// Smoke test of the generated TypeScript client against a running server
// (run by api/tests/api/generated_clients.rs after `tsc --noEmit`):
// a service-key password login, a profile read and update, validate-token,
// a refresh, and the admin client list. Prints one JSON summary line.
//
//   AUTH_SERVER_URL=http://127.0.0.1:8000 AUTH_SERVER_SERVICE_KEY=sk_… \
//   AUTH_SERVER_USERNAME=admin AUTH_SERVER_PASSWORD=adminpass npx tsx smoke.ts
import { bearerClient, integratorClient, unwrap, type Schemas } from "./src/client.js";

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const baseUrl = env("AUTH_SERVER_URL");
const integrator = integratorClient(baseUrl, env("AUTH_SERVER_SERVICE_KEY"));
const username = env("AUTH_SERVER_USERNAME");
const firstName = process.env["AUTH_SERVER_FIRST_NAME"] ?? "TypeScript";

// A wrong password: the error body is typed too.
const refused = await integrator.POST("/api/token/password", {
  body: { username, password: "not-the-password" },
});
const refusedCode: string | undefined = refused.error?.error;

const tokens: Schemas["TokenBody"] = unwrap(
  await integrator.POST("/api/token/password", {
    body: { username, password: env("AUTH_SERVER_PASSWORD") },
  }),
);

const user = bearerClient(baseUrl, tokens.access_token);
const before: Schemas["Profile"] = unwrap(await user.GET("/api/profile"));
const after: Schemas["Profile"] = unwrap(
  await user.PATCH("/api/profile", { body: { first_name: firstName } }),
);

const validation: Schemas["Validation"] = unwrap(
  await integrator.POST("/api/validate-token", { body: { token: tokens.access_token } }),
);

if (tokens.refresh_token === undefined) {
  throw new Error("the password login issued no refresh token");
}
const refreshed: Schemas["TokenBody"] = unwrap(
  await integrator.POST("/api/token/refresh", { body: { refresh_token: tokens.refresh_token } }),
);

const admin = bearerClient(baseUrl, refreshed.access_token);
const clients: Schemas["ClientView"][] = unwrap(await admin.GET("/api/admin/clients"));

console.log(
  JSON.stringify({
    client: "typescript",
    refused: refusedCode ?? null,
    scope: tokens.scope,
    username: before.username,
    first_name_before: before.first_name,
    first_name: after.first_name,
    valid: validation.valid,
    subject: validation.claims?.sub ?? null,
    roles: validation.claims?.roles ?? [],
    rotated: refreshed.refresh_token !== undefined && refreshed.refresh_token !== tokens.refresh_token,
    clients: clients.map((c) => c.client_id),
  }),
);
