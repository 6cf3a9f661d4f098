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
export async function readBodyLimited(
  request: Request,
  limitBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
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

export class UnsupportedMediaTypeError extends Error {}

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * A form post (urlencoded or multipart) read within `limitBytes` before it is parsed. Throws
 * `BodyTooLargeError` (413), `UnsupportedMediaTypeError` for another content type (415), and a
 * `TypeError` for a body that is not the form it claims to be (400).
 */
export async function readFormLimited(request: Request, limitBytes: number): Promise<FormData> {
  const type = request.headers.get('content-type') ?? '';
  if (!FORM_TYPES.test(type)) throw new UnsupportedMediaTypeError(type.slice(0, 100));
  const bytes = await readBodyLimited(request, limitBytes);
  return new Response(bytes, { headers: { 'content-type': type } }).formData();
}

/** Meilisearch down or refusing: the site says so plainly (503, retry later), never a bare 500. */
export const SEARCH_UNAVAILABLE =
  'La recherche est momentanément indisponible : le moteur de recherche ne répond pas. Réessayez dans quelques instants.';

export const searchUnavailable = () => problem(503, SEARCH_UNAVAILABLE, undefined, { 'retry-after': '30' });

export const MAX_CSV_BYTES = 10 * 1024 * 1024;
export const MAX_JSON_BYTES = 64 * 1024;

export const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} Mo`;
