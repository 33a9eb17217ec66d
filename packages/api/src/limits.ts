/** The API's protective limits; the server reads them from its configuration (README). */
export interface ApiLimits {
  /** Largest request body, in bytes (answered 413 beyond it, before it is read further). */
  maxBodyBytes: number;
  /** Deepest nesting of arrays and objects in a JSON body (answered 400 beyond it, before parsing). */
  maxJsonDepth: number;
  /** Requests per minute per access token (0: unlimited); answered 429 with Retry-After beyond it. */
  perTokenPerMinute: number;
  /** Requests per minute per client address, before authentication (0: unlimited). */
  perAddressPerMinute: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  // An import of 5,000 rows with their attributes fits in a few MB.
  maxBodyBytes: 20 * 1024 * 1024,
  // The deepest legitimate body (an import row's plugin attributes) nests about six levels.
  maxJsonDepth: 32,
  perTokenPerMinute: 600,
  perAddressPerMinute: 1200,
};
