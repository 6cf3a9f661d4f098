// The JSON API of the built site: parameter validation (French 400s, never a 500), results shape,
// offer lookup, health, commune autocomplete, security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSite } from '../support/site-server.ts';
import type { Seeded } from './seed.ts';
import { openSeededSite, type SeededSite } from './seeded-site.ts';

let site: RunningSite;
let seeded: Seeded;

let opened: SeededSite | undefined;
beforeAll(async () => {
  opened = await openSeededSite({});
  ({ site, seeded } = opened);
});

afterAll(async () => {
  await opened?.close();
});

type Results = {
  total: number;
  hors_zone: number;
  page: number;
  par_page: number;
  hits: {
    id: string;
    nom: string;
    distance_km: number | null;
    hors_zone: boolean;
    zone_eligibilite?: string[];
    thematiques: string[];
    type?: string;
  }[];
  facets: Record<string, Record<string, number>>;
};
const get = (query: string) => fetch(`${site.url}/api/offres${query}`);
const results = async (query: string) => {
  const r = await get(query);
  expect(r.status).toBe(200);
  return (await r.json()) as Results;
};

describe('GET /api/offres', () => {
  it('returns total, page, hits with distances and facets', async () => {
    const r = await results('?q=permis&commune=79191&rayon=25&tri=distance&par_page=10');
    expect(r.total).toBeGreaterThan(0);
    expect(r.page).toBe(1);
    expect(r.par_page).toBe(10);
    expect(r.hits.length).toBeLessThanOrEqual(10);
    const distances = r.hits.map((h) => h.distance_km).filter((d): d is number => d !== null);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Object.keys(r.facets)).toEqual(
      expect.arrayContaining(['thematiques', 'type', 'publics', 'frais']),
    );
  });

  it('takes lists comma-separated or repeated, with the same result', async () => {
    const comma = await results('?types=formation,atelier&par_page=100');
    const repeated = await results('?types=formation&types=atelier&par_page=100');
    expect(comma.total).toBe(repeated.total);
    expect(comma.hits.map((h) => h.id)).toEqual(repeated.hits.map((h) => h.id));
    for (const h of comma.hits) expect(['formation', 'atelier']).toContain(h.type);
    const all = await results('');
    expect(all.total).toBe(seeded.offerCount);
  });

  it.each([
    ['?par_page=101', 'par_page : 100 au maximum'],
    ['?par_page=0', 'par_page : 1 au minimum'],
    ['?page=abc', 'page : nombre entier attendu'],
    ['?rayon=-3&commune=79191', 'rayon : 1 km au minimum'],
    ['?rayon=1e9&commune=79191', 'rayon : 200 km au maximum'],
    [`?q=${'a'.repeat(201)}`, 'q : 200 caractères au maximum'],
    ['?thematiques=mobilite--teleportation', 'thematiques : thématique inconnue « mobilite--teleportation »'],
    ['?publics=martiens', 'publics : public inconnu « martiens »'],
    ['?hors_zone=oui', 'hors_zone : « oui » inconnu (inclure ou exclure)'],
    ['?tri=hasard', 'tri : « hasard » inconnu (pertinence ou distance)'],
    ['?a_distance=peut-etre', 'a_distance : « peut-etre » inconnu (inclure ou exclure)'],
    ['?commune=99999', 'commune : « 99999 » introuvable'],
    // several communes share the name: ask, with the département; a near miss: propose
    ['?commune=Saint-Martin', 'désigne plusieurs communes'],
    ['?commune=Saint-Martin', 'Saint-Martin (65392, Hautes-Pyrénées)'],
    ['?commune=Amien', 'vouliez-vous dire Amiens (80021, Somme)'],
    ['?commune=Amien', 'nom de commune, un code postal ou un code INSEE'],
    [
      `?types=${Array.from({ length: 61 }, () => 'atelier').join('&types=')}x`,
      'types : 60 valeurs au maximum',
    ],
  ])('%s → 400 with a French message', async (query, message) => {
    const r = await get(query);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { erreur: string; details: string[] };
    expect(body.erreur).toBe('Paramètres de recherche invalides');
    expect(body.details.join(' | ')).toContain(message);
  });

  it('says how many offers the eligibility zone leaves out, and shows them marked on request', async () => {
    const near = '?q=chantier&commune=79174&rayon=100&par_page=100';
    const inZone = await results(near);
    expect(inZone.hors_zone).toBeGreaterThan(10);
    expect(inZone.hits.every((h) => h.hors_zone === false)).toBe(true);
    const all = await results(`${near}&hors_zone=inclure`);
    expect(all.total).toBe(inZone.total + inZone.hors_zone);
    expect(all.hors_zone).toBe(inZone.hors_zone);
    const marked = all.hits.filter((h) => h.hors_zone);
    expect(marked).toHaveLength(inZone.hors_zone);
    // Melle is 79174, in the Deux-Sèvres (79): a marked offer's zone names neither
    for (const h of marked) expect(h.zone_eligibilite?.some((z) => z === '79174' || z === '79')).toBe(false);
    expect(new Set(all.hits.filter((h) => !h.hors_zone).map((h) => h.id))).toEqual(
      new Set(inZone.hits.map((h) => h.id)),
    );
    // no commune, no zone: nothing hidden
    expect((await results('?q=chantier')).hors_zone).toBe(0);
  });

  it('answers a page past the last with no hits and the true total', async () => {
    const r = await results('?q=chantier&page=400');
    expect(r.total).toBeGreaterThan(0);
    expect(r.hits).toEqual([]);
  });

  it('accepts the no-JS form’s empty fields and a commune typed as « Nom (code) »', async () => {
    const r = await results('?q=&commune=Niort+%2879191%29&rayon=10&tri=&a_distance=&types=');
    expect(r.total).toBe((await results('?commune=79191&rayon=10')).total);
  });
});

describe('other endpoints', () => {
  it('GET /api/offres/<id>: the offer, or a French 404', async () => {
    const ok = await fetch(`${site.url}/api/offres/xss-offre`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { id: string }).id).toBe('xss-offre');
    const missing = await fetch(`${site.url}/api/offres/inconnue`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ erreur: 'Offre introuvable' });
  });

  it('GET /api/sante: engine, offer count and store versions', async () => {
    const body = (await (await fetch(`${site.url}/api/sante`)).json()) as {
      moteur: string;
      offres: number;
      version_donnees: { partenaires: number; versions: Record<string, number> };
    };
    expect(body.moteur).toBe('embedded');
    expect(body.offres).toBe(seeded.offerCount);
    expect(body.version_donnees.partenaires).toBe(seeded.partners.length);
    expect(body.version_donnees.versions['site-fixture']).toBe(1);
  });

  it('GET /api/communes: bounded autocomplete', async () => {
    const list = (await (await fetch(`${site.url}/api/communes?q=niort`)).json()) as {
      code: string;
      label: string;
    }[];
    expect(list[0]).toMatchObject({ code: '79191', label: 'Niort (79191)' });
    expect(list.length).toBeLessThanOrEqual(8);
    expect(await (await fetch(`${site.url}/api/communes?q=n`)).json()).toEqual([]);
  });

  it.each([
    ['GET', '/api/inconnu', 404, /^Adresse inconnue : \/api\/inconnu/],
    ['GET', '/api/offres/a/b/c', 404, /^Adresse inconnue/],
    ['DELETE', '/api/offres', 405, /^Méthode DELETE non acceptée pour \/api\/offres/],
    ['PUT', '/api/suggestions', 405, /^Méthode PUT non acceptée/],
  ])('%s %s → %i, JSON in French', async (method, path, status, message) => {
    // a JSON content type: a client's request, past the cross-site form check
    const r = await fetch(`${site.url}${path}`, { method, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(((await r.json()) as { erreur: string }).erreur).toMatch(message);
  });

  it('refuses a cross-site form post with a French JSON 403 (a JSON post from a client is fine)', async () => {
    const form = await fetch(`${site.url}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(403);
    expect(form.headers.get('content-type')).toContain('application/json');
    expect(((await form.json()) as { erreur: string }).erreur).toMatch(/^Envoi refusé/);
    const json = await fetch(`${site.url}/api/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
  });

  it('sends security headers with every page', async () => {
    const r = await fetch(site.url);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });
});
