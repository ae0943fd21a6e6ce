/** What one server accepts and how long it waits, from the flags of `edge-alloc serve`. */
export interface ServiceLimits {
  /** The longest search one request may ask for; longer or unlimited requests are cut to this. */
  maxTimeLimitMs: number;
  /** Instances with more users are refused (400), before they reach a solver. */
  maxUsers: number;
  /** Request bodies above this many bytes are refused (413). */
  bodyLimitBytes: number;
  /** Solves that may wait for a worker; beyond this the server sheds load (503 + Retry-After). */
  queue: number;
  /** Longest wait of a queued solve for a free worker; then 503 + Retry-After. */
  queueTimeoutMs: number;
  /** Longest time to receive a whole request, headers and body; then 408 and the connection is closed. */
  requestTimeoutMs: number;
  /** Longest time to receive a request's headers (also bounds a connection that sends nothing); then 408. */
  headersTimeoutMs: number;
  /** After SIGTERM, how long solves in flight may still run before they are cancelled and the process exits. */
  drainTimeoutMs: number;
}

/**
 * The defaults, and why: a queued request waits at most 5 s, so a client
 * with a 10 s timeout gets its 503 before it gives up and reconnects; 30 s
 * receives an 8 MB body at ~2 Mbit/s; 10 s of headers is generous for any
 * live client and short for one that holds a connection silent; a drain of
 * 10 s covers the longest default search (10 s) started just before SIGTERM
 * in most cases and fits a Kubernetes grace period of 30 s.
 */
export const DEFAULT_LIMITS: ServiceLimits = {
  maxTimeLimitMs: 10_000,
  maxUsers: 20_000,
  bodyLimitBytes: 8 * 1024 * 1024,
  queue: 128,
  queueTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  drainTimeoutMs: 10_000,
};
