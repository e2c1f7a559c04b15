// A thin typed layer over openapi-fetch for auth-server: clients that send
// the integrator's X-Service-Key or a user's bearer token, and `unwrap`,
// which answers the typed body of a success or throws the typed error body
// (`{error, error_description}`). Everything else comes from schema.d.ts,
// generated from openapi/openapi.json by openapi/clients/generate.sh.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths } from "./schema.js";
/** Every schema of the document by name, e.g. `Schemas["TokenBody"]`. */
export type Schemas = components["schemas"];
export type ErrorBody = Schemas["ErrorBody"];
export type AuthServerClient = Client<paths>;

/** For an integrator holding an `X-Service-Key`: `/api/token/*`, `/api/validate-token`. */
export function integratorClient(baseUrl: string, serviceKey: string): AuthServerClient {
  return createClient<paths>({ baseUrl, headers: { "X-Service-Key": serviceKey } });
}

/** For calls on behalf of a user: `/api/profile`, `/api/admin/*`, … */
export function bearerClient(baseUrl: string, accessToken: string): AuthServerClient {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${accessToken}` } });
}

/** An error answer of the server: its status and typed body. */
export class AuthServerError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(`${status} ${body.error}: ${body.error_description}`);
    this.name = "AuthServerError";
  }
}

/** What every openapi-fetch call answers: the body of a success in `data`,
 * or the typed error body in `error`. */
interface Answer {
  data?: unknown;
  error?: ErrorBody;
  response: Response;
}

/** The success body, or throws the error body as an `AuthServerError`. */
export function unwrap<A extends Answer>(answer: A): NonNullable<A["data"]> {
  const { data, error, response } = answer;
  if (error !== undefined) {
    throw new AuthServerError(response.status, error);
  }
  if (data === undefined || data === null) {
    throw new Error(`${response.status}: the answer has no body`);
  }
  return data;
}
