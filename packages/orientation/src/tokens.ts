// Private links: 256 random bits, only their SHA-256 is stored (a database leak gives no usable link).
import { createHash, randomBytes } from 'node:crypto';

export type LinkRole = 'structure' | 'referent';

export const newToken = () => randomBytes(32).toString('base64url');

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A string that could be one of our tokens (checked before any lookup: bounded input). */
export const isTokenShaped = (s: string) => /^[A-Za-z0-9_-]{43}$/.test(s);
