// Access through a private link: bounded guessing (failed lookups per client address), and the
// token is only ever read from the URL path, never echoed into other pages or logs.
import {
  type Action,
  OrientationError,
  type OrientationService,
  type OrientationView,
} from '@spie/orientation';
import { problem } from './http.ts';
import { orientationProblem, orientations } from './orientations.ts';
import { clientAddress, FailureThrottle } from './rate-limit.ts';

const failures = new FailureThrottle({ limit: 20, windowMs: 60_000 });

export function throttled(request: Request): Response | undefined {
  const wait = failures.retryAfterSeconds(clientAddress(request));
  if (wait === 0) return undefined;
  return problem(429, `Trop de liens invalides essayés : réessayez dans ${wait} seconde(s).`, undefined, {
    'retry-after': String(wait),
  });
}

/** Runs `use` with the service; unknown/expired links count against the client. */
export async function withLink<T>(
  request: Request,
  use: (service: OrientationService) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response; error: unknown }> {
  const limited = throttled(request);
  if (limited) return { ok: false, response: limited, error: undefined };
  try {
    return { ok: true, value: await use(await orientations()) };
  } catch (error) {
    if (error instanceof OrientationError && (error.status === 404 || error.status === 410))
      failures.fail(clientAddress(request));
    return { ok: false, response: orientationProblem(error), error };
  }
}

export const ACTION_LABELS: Record<Action, string> = {
  etudier: 'Mettre à l’étude',
  accepter: 'Accepter',
  refuser: 'Refuser',
  annuler: 'Annuler l’orientation',
  expirer: 'Expirer',
};

export type { OrientationView };
