// Brute-force throttling of partner token checks. Failed attempts are counted in a sliding window per
// partner and client address (10 a minute), and per partner across every address (100 a minute), so
// that rotating X-Forwarded-For does not lift the bound. While a key is over its limit, every attempt
// is refused with 429 before the token is even checked: a correct guess must not be told apart.
// Tokens carry 256 random bits, so this is defence in depth, not the only protection. In memory (one
// server process); the maps are bounded so that an attacker cannot grow them without limit.
import { problem } from './http.ts';

export interface ThrottleOptions {
  /** Failures allowed in the window (the next one is refused). */
  limit: number;
  windowMs: number;
  /** Most keys remembered; the least recently failed are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.options.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Seconds to wait before `key` may try again; 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const now = this.now();
    const times = this.recent(key, now);
    if (times.length < this.options.limit) return 0;
    const freesAt = times[times.length - this.options.limit]! + this.options.windowMs;
    return Math.max(1, Math.ceil((freesAt - now) / 1000));
  }

  fail(key: string): void {
    const now = this.now();
    const times = this.recent(key, now);
    times.push(now);
    // Keep only what the limit needs: memory per key stays bounded too.
    this.failures.delete(key);
    this.failures.set(key, times.slice(-this.options.limit));
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }
}

const perClient = new FailureThrottle({ limit: 10, windowMs: 60_000 });
const perPartner = new FailureThrottle({ limit: 100, windowMs: 60_000 });

/** The client address the Node adapter attached to the request (X-Forwarded-For first, else the socket). */
export function clientAddress(request: Request): string {
  const address: unknown = Reflect.get(request, Symbol.for('astro.clientAddress'));
  return typeof address === 'string' ? address : 'inconnue';
}

// Partner ids come from the URL: cut them so that keys stay small whatever is sent.
const key = (partner: string, request: Request) => `${partner.slice(0, 64)}\n${clientAddress(request)}`;

/** A 429 response when `partner` (from this client) failed too often, else undefined. */
export function throttledTokenCheck(partner: string, request: Request): Response | undefined {
  const wait = Math.max(
    perClient.retryAfterSeconds(key(partner, request)),
    perPartner.retryAfterSeconds(partner.slice(0, 64)),
  );
  if (wait === 0) return undefined;
  return problem(
    429,
    `Trop de tentatives avec un jeton invalide : réessayez dans ${wait} seconde(s)`,
    undefined,
    { 'retry-after': String(wait) },
  );
}

/** Record a failed token check for `partner` from this client. */
export function recordTokenFailure(partner: string, request: Request): void {
  perClient.fail(key(partner, request));
  perPartner.fail(partner.slice(0, 64));
}
