// data·inclusion as a source: one port (`DataInclusionSource`), two adapters: the API v1
// (`DataInclusionApi`, paginated, bearer token) and the platform's open-data files
// (`DataInclusionOpenData`, the same JSON as the API's items). The sync (data-inclusion-sync.ts)
// only sees the port; a download either returns every item of a source or throws.

/** The platform's API (overridden by DATA_INCLUSION_URL). */
export const DEFAULT_DATA_INCLUSION_URL = 'https://api.data.inclusion.beta.gouv.fr';

export type ResourceKind = 'structures' | 'services';
export type Item = Record<string, unknown>;

export interface SourceInfo {
  slug: string;
  nom: string;
  description?: string | null;
}

export interface DownloadProgress {
  source: string;
  kind: ResourceKind;
  /** Items received so far for this source and kind. */
  items: number;
  /** Items announced (sum of the `total` of each département's first page), when known. */
  total: number | undefined;
}

export interface DownloadOptions {
  /** Département codes (`79`, `2A`, `971`); none = the whole country. */
  departements?: readonly string[];
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface DataInclusionSource {
  /** Where the data comes from, for reports (URL or file path, never the token). */
  readonly origin: string;
  listSources(signal?: AbortSignal): Promise<SourceInfo[]>;
  /** Every item of `kind` published by `source` (in the départements asked), or a `SourceDownloadError`. */
  download(kind: ResourceKind, source: string, options?: DownloadOptions): Promise<Item[]>;
}

/** The download did not complete: nothing of that source may be published. */
export class SourceDownloadError extends Error {
  constructor(
    message: string,
    /** `auth`: token missing or refused (no retry helps). */
    readonly kind: 'auth' | 'http' | 'incomplete' | 'aborted' | 'file' = 'http',
  ) {
    super(message);
  }
}

export interface ApiOptions {
  baseUrl: string;
  token?: string;
  /** Items per page (API default 5,000, maximum 10,000). */
  pageSize?: number;
  /** Attempts per page on 5xx, timeouts, cut connections and truncated pages. */
  maxAttempts?: number;
  /** First backoff delay in ms (doubled each attempt, with jitter). */
  backoffMs?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  /** Longest `Retry-After` honoured, in ms (a longer one fails the download). */
  maxRetryAfterMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Envelope {
  items: Item[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

const abortable = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new SourceDownloadError('téléchargement interrompu', 'aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new SourceDownloadError('téléchargement interrompu', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** `Retry-After`: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function isEnvelope(x: unknown): x is Envelope {
  if (!x || typeof x !== 'object') return false;
  const e = x as Record<string, unknown>;
  return (
    Array.isArray(e.items) &&
    [e.total, e.page, e.size, e.pages].every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)
  );
}

const MAX_RATE_LIMITED = 30;

/** A transient failure: retried with backoff. */
class Transient extends Error {}

export class DataInclusionApi implements DataInclusionSource {
  readonly origin: string;
  private readonly base: URL;
  private readonly pageSize: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ApiOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.origin = this.base.origin + this.base.pathname;
    this.pageSize = Math.min(Math.max(options.pageSize ?? 5000, 1), 10_000);
    this.maxAttempts = Math.max(options.maxAttempts ?? 5, 1);
    this.backoffMs = options.backoffMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10 * 60_000;
    this.sleep = options.sleep ?? abortable;
  }

  async listSources(signal?: AbortSignal): Promise<SourceInfo[]> {
    const body = await this.get('api/v1/sources', new URLSearchParams(), signal);
    if (!Array.isArray(body))
      throw new SourceDownloadError('réponse inattendue de /api/v1/sources : une liste est attendue');
    return body
      .filter((s): s is SourceInfo => !!s && typeof (s as SourceInfo).slug === 'string')
      .map((s) => ({
        slug: s.slug,
        nom: typeof s.nom === 'string' ? s.nom : s.slug,
        description: s.description,
      }));
  }

  async download(kind: ResourceKind, source: string, options: DownloadOptions = {}): Promise<Item[]> {
    const byId = new Map<string, Item>();
    const zones = options.departements?.length ? options.departements : [undefined];
    let received = 0;
    let announced = 0;
    for (const departement of zones) {
      let pages = 1;
      for (let page = 1; page <= pages; page++) {
        const params = new URLSearchParams({ page: String(page), size: String(this.pageSize) });
        params.append('sources', source);
        if (departement) params.set('code_departement', departement);
        const env = await this.page(`api/v1/${kind}`, params, options.signal);
        if (page === 1) {
          pages = env.pages;
          announced += env.total;
        }
        for (const item of env.items) {
          const id = item?.id;
          if (typeof id === 'string') byId.set(id, item);
        }
        received += env.items.length;
        options.onProgress?.({ source, kind, items: received, total: announced });
      }
    }
    return [...byId.values()];
  }

  /** One page, checked for completeness: a short page (cut by a proxy, …) is retried, then fails. */
  private async page(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<Envelope> {
    const page = Number(params.get('page'));
    return this.withRetries(`${path} page ${page}`, signal, async () => {
      const body = await this.request(path, params, signal);
      if (!isEnvelope(body))
        throw new SourceDownloadError(
          `réponse inattendue de /${path} : enveloppe { items, total, page, size, pages } attendue`,
        );
      const expected =
        body.total === 0 ? 0 : page < body.pages ? body.size : body.total - (body.pages - 1) * body.size;
      if (body.page !== page || body.items.length !== expected)
        throw new Transient(
          `page ${page} de /${path} incomplète : ${body.items.length} élément(s) reçu(s), ${expected} attendu(s)`,
        );
      return body;
    });
  }

  private get(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<unknown> {
    return this.withRetries(path, signal, () => this.request(path, params, signal));
  }

  private async withRetries<T>(
    what: string,
    signal: AbortSignal | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    let last = '';
    let paced = 0;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new SourceDownloadError('téléchargement interrompu', 'aborted');
      try {
        return await fn();
      } catch (e) {
        if (e instanceof RateLimited) {
          if (e.waitMs > this.maxRetryAfterMs)
            throw new SourceDownloadError(
              `${what} : trop de requêtes (429) et attente demandée trop longue (${Math.round(e.waitMs / 1000)} s)`,
            );
          // a 429 is the server pacing us, not a failure: it uses up no attempt (bounded all the same)
          if (++paced > MAX_RATE_LIMITED)
            throw new SourceDownloadError(`${what} : trop de requêtes (429), ${paced} fois de suite`);
          attempt--;
          await this.sleep(e.waitMs, signal);
          continue;
        }
        if (!(e instanceof Transient)) throw e;
        last = e.message;
        if (attempt >= this.maxAttempts)
          throw new SourceDownloadError(
            `${what} : échec après ${attempt} tentative(s) (${last})`,
            'incomplete',
          );
        const delay = this.backoffMs * 2 ** (attempt - 1);
        await this.sleep(delay + Math.random() * delay * 0.2, signal);
      }
    }
  }

  private async request(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(path, this.base);
    url.search = params.toString();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      if (signal?.aborted) throw new SourceDownloadError('téléchargement interrompu', 'aborted');
      throw new Transient(
        timeout.aborted
          ? `délai dépassé (${this.timeoutMs} ms)`
          : `connexion impossible (${(e as Error).message})`,
      );
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new SourceDownloadError(
        this.options.token
          ? `jeton data·inclusion refusé (HTTP ${res.status}) : vérifiez DATA_INCLUSION_TOKEN`
          : `jeton data·inclusion absent (HTTP ${res.status}) : définissez DATA_INCLUSION_TOKEN`,
        'auth',
      );
    }
    if (res.status === 429) {
      await res.body?.cancel();
      throw new RateLimited(retryAfterMs(res.headers.get('retry-after')) ?? this.backoffMs);
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw new Transient(`erreur du serveur (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 300);
      throw new SourceDownloadError(`/${path} : requête refusée (HTTP ${res.status}) ${text}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw new SourceDownloadError('téléchargement interrompu', 'aborted');
      throw new Transient(`réponse coupée (${(e as Error).message})`);
    }
    try {
      return JSON.parse(text);
    } catch {
      // a body cut in the middle: the connection or a proxy dropped it
      throw new Transient(`réponse JSON tronquée (${text.length} caractères reçus)`);
    }
  }
}

class RateLimited extends Error {
  constructor(readonly waitMs: number) {
    super('429');
  }
}

/** Département of a commune code: `79191` → `79`, `97411` → `974`, `2A004` → `2A`. */
export function departementOf(codeInsee: unknown): string | undefined {
  if (typeof codeInsee !== 'string' || codeInsee.length !== 5) return undefined;
  return codeInsee.startsWith('97') ? codeInsee.slice(0, 3) : codeInsee.slice(0, 2);
}

/**
 * The open-data files (https://www.data.gouv.fr, « data·inclusion »): `structures.json` and
 * `services.json`, arrays of the API's items for every source. Filters are applied here as the API
 * would (source; département of the item's `code_insee`).
 */
export class DataInclusionOpenData implements DataInclusionSource {
  readonly origin: string;
  private cache: Partial<Record<ResourceKind, Promise<Item[]>>> = {};

  constructor(
    private readonly files: { structures: string; services: string },
    private readonly read: (path: string) => Promise<string>,
  ) {
    this.origin = `${files.structures}, ${files.services}`;
  }

  private all(kind: ResourceKind): Promise<Item[]> {
    this.cache[kind] ??= this.read(this.files[kind]).then((text) => {
      let data: unknown;
      try {
        data = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new SourceDownloadError(
          `${this.files[kind]} : JSON illisible (${(e as Error).message})`,
          'file',
        );
      }
      if (isEnvelope(data)) data = data.items;
      if (!Array.isArray(data))
        throw new SourceDownloadError(`${this.files[kind]} : une liste de ${kind} est attendue`, 'file');
      return data.filter((x): x is Item => !!x && typeof x === 'object' && !Array.isArray(x));
    });
    return this.cache[kind]!;
  }

  async listSources(): Promise<SourceInfo[]> {
    const slugs = new Set<string>();
    for (const kind of ['structures', 'services'] as const)
      for (const item of await this.all(kind)) if (typeof item.source === 'string') slugs.add(item.source);
    return [...slugs].sort().map((slug) => ({ slug, nom: slug }));
  }

  async download(kind: ResourceKind, source: string, options: DownloadOptions = {}): Promise<Item[]> {
    const zones = options.departements?.length ? new Set(options.departements) : undefined;
    // a service without an address is placed at its structure's, as the API does for `code_departement`
    const structureInsee =
      zones && kind === 'services'
        ? new Map((await this.all('structures')).map((s) => [s.id, s.code_insee]))
        : undefined;
    const departement = (i: Item) =>
      departementOf(i.code_insee) ?? departementOf(structureInsee?.get(i.structure_id)) ?? '';
    const items = (await this.all(kind)).filter(
      (i) => i.source === source && (!zones || zones.has(departement(i))),
    );
    options.onProgress?.({ source, kind, items: items.length, total: items.length });
    return items;
  }
}
