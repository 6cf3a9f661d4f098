// JSON responses and bounded request bodies, shared by the API routes.

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonText(JSON.stringify(body), status, headers);
}

/** A body already serialised as JSON (text, or its UTF-8 bytes). */
export function jsonText(
  body: string | Uint8Array<ArrayBuffer>,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** Error body: `{ erreur, details? }`, always in French. */
export function problem(
  status: number,
  erreur: string,
  details?: unknown,
  headers: Record<string, string> = {},
) {
  return json(details === undefined ? { erreur } : { erreur, details }, status, headers);
}

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`body larger than ${limitBytes} bytes`);
  }
}

/** Reads a request body as bytes, refusing more than `limitBytes` (checked while streaming, not after). */
export async function readBodyLimited(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Meilisearch down or refusing: the site says so plainly (503, retry later), never a bare 500. */
export const SEARCH_UNAVAILABLE =
  'La recherche est momentanément indisponible : le moteur de recherche ne répond pas. Réessayez dans quelques instants.';

export const searchUnavailable = () => problem(503, SEARCH_UNAVAILABLE, undefined, { 'retry-after': '30' });

export const MAX_CSV_BYTES = 10 * 1024 * 1024;
export const MAX_JSON_BYTES = 64 * 1024;

export const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} Mo`;
