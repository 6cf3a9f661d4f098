// A local HTTP server implementing the part of the data·inclusion API v1 the sync reads, as its
// OpenAPI describes it (gip-inclusion/data-inclusion, api/tests/e2e/api/__snapshots__/test_openapi.ambr):
// bearer auth (401 without or with a wrong token), GET /api/v1/sources, GET /api/v1/structures and
// /api/v1/services with `page` (≥ 1), `size` (1–10,000), `sources` (repeatable), `code_departement`
// (422 when malformed), the envelope { items, total, page, size, pages }, items ordered by source
// then id. Faults can be queued (500, 429 with Retry-After, a page cut short, a body cut in the
// middle) to test the client. Used by the tests and by the demo mode of `pnpm cli data-inclusion`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { departementOf } from '../data-inclusion-source.ts';

export interface RecordedCatalogue {
  sources: { slug: string; nom: string; description?: string | null }[];
  structures: Record<string, unknown>[];
  services: Record<string, unknown>[];
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  /** A valid envelope with fewer items than announced. */
  | { kind: 'short-page' }
  /** The JSON body stops in the middle. */
  | { kind: 'cut-body' };

export interface QueuedFault {
  /** Applies to requests whose path ends with this (`services`, `structures`, `sources`). */
  path: string;
  /** Only this page (default: any). */
  page?: number;
  fault: Fault;
  /** How many requests it applies to (default 1). */
  times?: number;
}

export interface DataInclusionTestServer {
  url: string;
  token: string;
  /** Every request received (path and query), in order. */
  requests: { path: string; query: URLSearchParams; status: number }[];
  faults: QueuedFault[];
  catalogue: RecordedCatalogue;
  close(): Promise<void>;
}

export async function startDataInclusionServer(
  catalogue: RecordedCatalogue,
  options: { token?: string; port?: number } = {},
): Promise<DataInclusionTestServer> {
  const token = options.token ?? 'jeton-de-test';
  const state: DataInclusionTestServer = {
    url: '',
    token,
    requests: [],
    faults: [],
    catalogue,
    close: async () => undefined,
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const log = { path: url.pathname, query: url.searchParams, status: 200 };
    state.requests.push(log);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      log.status = status;
      send(res, status, body, headers);
    };
    if (req.headers.authorization !== `Bearer ${token}`)
      return reply(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' });
    const page = Number(url.searchParams.get('page') ?? '1');
    const faultAt = state.faults.findIndex(
      (f) => url.pathname.endsWith(f.path) && (f.page === undefined || f.page === page),
    );
    const fault = faultAt >= 0 ? state.faults[faultAt]! : undefined;
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) state.faults.splice(faultAt, 1);
      if (fault.fault.kind === 'status')
        return reply(
          fault.fault.status,
          { detail: 'panne simulée' },
          fault.fault.retryAfter ? { 'retry-after': fault.fault.retryAfter } : {},
        );
    }

    if (url.pathname === '/api/v1/sources') return reply(200, catalogue.sources);
    const kind = /^\/api\/v1\/(structures|services)\/?$/.exec(url.pathname)?.[1] as
      | 'structures'
      | 'services'
      | undefined;
    if (!kind) return reply(404, { detail: 'Not Found' });

    const size = Number(url.searchParams.get('size') ?? '5000');
    const departement = url.searchParams.get('code_departement');
    const problems: unknown[] = [];
    if (!Number.isInteger(page) || page < 1)
      problems.push({ loc: ['query', 'page'], msg: 'Input should be greater than or equal to 1' });
    if (!Number.isInteger(size) || size < 1 || size > 10_000)
      problems.push({ loc: ['query', 'size'], msg: 'Input should be less than or equal to 10000' });
    if (departement !== null && !/^(\d{2}|2A|2B|97\d)$/.test(departement))
      problems.push({ loc: ['query', 'code_departement'], msg: 'Input should be a valid département code' });
    if (problems.length) return reply(422, { detail: problems });

    const sources = url.searchParams.getAll('sources');
    const all = catalogue[kind]
      .filter(
        (i) =>
          (!sources.length || sources.includes(String(i.source))) &&
          (departement === null ||
            (departementOf(i.code_insee) ?? departementOf(structureInsee(catalogue, i))) === departement),
      )
      .sort(
        (a, b) =>
          String(a.source).localeCompare(String(b.source)) || String(a.id).localeCompare(String(b.id)),
      );
    const pages = Math.ceil(all.length / size);
    let items = all.slice((page - 1) * size, page * size);
    if (fault?.fault.kind === 'short-page') items = items.slice(0, Math.max(0, items.length - 1));
    const body = { items, total: all.length, page, size, pages };
    if (fault?.fault.kind === 'cut-body') {
      const text = JSON.stringify(body);
      log.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    return reply(200, body);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    });
  return state;
}

/** A service without its own address is placed, for the département filter, at its structure's. */
function structureInsee(catalogue: RecordedCatalogue, service: Record<string, unknown>): unknown {
  return catalogue.structures.find((s) => s.id === service.structure_id)?.code_insee;
}
