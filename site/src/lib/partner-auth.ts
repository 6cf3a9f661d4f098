// Bearer-token authentication of the partner API: 401 without a valid token, 403 when the token is
// another partner's (a token only ever acts on its own partner).
import { PARTNER_ID } from '@spie/loader';
import { problem } from './http.ts';
import { failedTokenCheck } from './rate-limit.ts';
import { runtime } from './runtime.ts';

export type PartnerAuth = { ok: true; partner: string } | { ok: false; response: Response };

const CHALLENGE = { 'www-authenticate': 'Bearer realm="partenaires"' };

export async function authenticatePartner(partner: string, request: Request): Promise<PartnerAuth> {
  const header = request.headers.get('authorization') ?? '';
  const token = /^Bearer\s+(\S{1,200})$/i.exec(header.trim())?.[1];
  if (!token)
    return {
      ok: false,
      response: problem(
        401,
        'Authentification requise : en-tête « Authorization: Bearer <jeton> »',
        undefined,
        CHALLENGE,
      ),
    };
  const { registry } = await runtime();
  // Verified first: other people's failures never refuse the right token.
  if (PARTNER_ID.test(partner) && (await registry.verify(partner, token))) return { ok: true, partner };
  if (await registry.ownerOf(token))
    return { ok: false, response: problem(403, 'Ce jeton ne permet pas d’agir pour ce partenaire') };
  const throttled = failedTokenCheck(partner, request);
  return { ok: false, response: throttled ?? problem(401, 'Jeton invalide', undefined, CHALLENGE) };
}
