// Partner sign-in for the web pages: an opaque random session id in an HttpOnly, SameSite=Strict
// cookie; the session itself (partner id) lives in server memory only, one per partner (a new
// sign-in closes the previous session, so logins cannot pile up sessions or evict other partners').
// The validated file waiting to be published is kept on disk (pending-uploads.ts).
import { randomBytes } from 'node:crypto';
import type { AstroCookies } from 'astro';

export const SESSION_COOKIE = 'spie_partenaire';
const TTL_MS = 2 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

export interface PartnerSession {
  partner: string;
  /** The partner's token generation when the session was opened: a rotation or revocation ends it. */
  tokenGeneration: number;
  expiresAt: number;
}

const sessions = new Map<string, PartnerSession>();

function sweep(now: number) {
  for (const [id, s] of sessions) if (s.expiresAt <= now) sessions.delete(id);
  // Bounded: the oldest sessions go first (Map keeps insertion order).
  while (sessions.size >= MAX_SESSIONS) {
    const oldest = sessions.keys().next().value;
    if (oldest === undefined) break;
    sessions.delete(oldest);
  }
}

export function openSession(
  cookies: AstroCookies,
  partner: string,
  tokenGeneration: number,
  secure: boolean,
): PartnerSession {
  const now = Date.now();
  sweep(now);
  for (const [other, s] of sessions) if (s.partner === partner) sessions.delete(other);
  const id = randomBytes(32).toString('base64url');
  const session: PartnerSession = { partner, tokenGeneration, expiresAt: now + TTL_MS };
  sessions.set(id, session);
  cookies.set(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: TTL_MS / 1000,
  });
  return session;
}

/**
 * The signed-in partner's session, if still valid: not expired, and opened with the partner's
 * current token (`currentGeneration`: undefined once the partner is unknown or revoked).
 */
export async function currentSession(
  cookies: AstroCookies,
  currentGeneration: (partner: string) => Promise<number | undefined>,
): Promise<PartnerSession | undefined> {
  const id = cookies.get(SESSION_COOKIE)?.value;
  if (!id) return undefined;
  const session = sessions.get(id);
  if (!session) return undefined;
  if (
    session.expiresAt <= Date.now() ||
    (await currentGeneration(session.partner)) !== session.tokenGeneration
  ) {
    sessions.delete(id);
    return undefined;
  }
  return session;
}

export function closeSession(cookies: AstroCookies): void {
  const id = cookies.get(SESSION_COOKIE)?.value;
  if (id) sessions.delete(id);
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
