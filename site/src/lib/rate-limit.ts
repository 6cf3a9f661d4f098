// Brute-force throttling of partner token checks. Failed attempts are counted in a sliding window per
// partner and client address (10 a minute), per partner across every address (100 a minute) and for
// the whole site (2,000 a minute). Past a bound, failures get 429 and Retry-After instead of 401. The
// token is always checked first and a correct one always passes: the bounds slow guessing down, they
// never lock the partner out (issue 14: 110 bad requests used to refuse the real token). Tokens carry
// 256 random bits, so this is defence in depth. In memory (one server process); the maps are bounded.
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
/** Every failed token check of the process together: a bound on what an attacker costs us. */
const overall = new FailureThrottle({ limit: 2_000, windowMs: 60_000, maxKeys: 1 });

/** The client address (X-Forwarded-For only from a TRUST_PROXY proxy: see client-address.ts). */
export function clientAddress(request: Request): string {
  const address: unknown = Reflect.get(request, Symbol.for('astro.clientAddress'));
  return typeof address === 'string' ? address : 'inconnue';
}

// Partner ids come from the URL: cut them so that keys stay small whatever is sent.
const key = (partner: string, request: Request) => `${partner.slice(0, 64)}\n${clientAddress(request)}`;

/**
 * Records a failed token check for `partner` from this client and says how to answer it: a 429 with
 * Retry-After when this client, this partner or the whole site failed too often, else undefined
 * (the caller answers 401). Only failures are counted and only failures are slowed down: the right
 * token is verified first and always accepted, so nobody can lock a partner out (issue 14).
 */
export function failedTokenCheck(partner: string, request: Request): Response | undefined {
  const clientKey = key(partner, request);
  const partnerKey = partner.slice(0, 64);
  // The bounds in force before this failure: the 11th failure of a minute is the first 429.
  const wait = Math.max(
    perClient.retryAfterSeconds(clientKey),
    perPartner.retryAfterSeconds(partnerKey),
    overall.retryAfterSeconds('*'),
  );
  perClient.fail(clientKey);
  perPartner.fail(partnerKey);
  overall.fail('*');
  if (wait === 0) return undefined;
  return problem(
    429,
    `Trop de tentatives avec un jeton invalide : réessayez dans ${wait} seconde(s)`,
    undefined,
    { 'retry-after': String(wait) },
  );
}
