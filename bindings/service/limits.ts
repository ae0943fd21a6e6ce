/** What one server accepts, from the flags of `edge-alloc serve`. */
export interface ServiceLimits {
  /** The longest search one request may ask for; longer or unlimited requests are cut to this. */
  maxTimeLimitMs: number;
  /** Instances with more users are refused (400), before they reach a worker. */
  maxUsers: number;
  /** Request bodies above this many bytes are refused (413). */
  bodyLimitBytes: number;
  /** Solves that may wait for a worker; beyond this the server sheds load (503 + Retry-After). */
  queue: number;
}

export const DEFAULT_LIMITS: ServiceLimits = {
  maxTimeLimitMs: 10_000,
  maxUsers: 20_000,
  bodyLimitBytes: 8 * 1024 * 1024,
  queue: 128,
};
