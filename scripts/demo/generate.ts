// Demo data for the five first territories (committed under data/demo/) and national-scale sets for
// benchmarks. Deterministic: same seed, same bytes.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Offer } from '@spie/core';
import { type Commune, distanceKm, getCommune, getDepartement, listCommunes } from '@spie/territory';
import { stringify } from 'csv-stringify/sync';
import { kindOf, type OfferTemplate, PARTNER_KINDS, type PartnerKind } from './catalog.ts';
import { CSV_HEADER, csvLine, offerToCells } from './csv.ts';
import { makeOffer, makePlace, type PartnerIdentity, type Place } from './offer-factory.ts';
import { DEMO_PARTNERS, type DemoPartner } from './partners.ts';
import { hashString, Rng, WeightedPicker } from './random.ts';

export const DEFAULT_SEED = 20_261_127;

/** One line of data/demo/partners.json. */
export interface PartnerInfo {
  id: string;
  nom: string;
  kind: string;
  departement: string;
  /** The CSV file, relative to the partners.json directory. */
  fichier: string;
  offres: number;
}

export interface DemoData {
  partners: PartnerInfo[];
  offers: Map<string, Offer[]>;
}

/** Communes the persona scenarios rely on (documented in data/demo/README.md). */
export const PERSONA_COMMUNES = {
  /** Deux-Sèvres communes of 1,500+ inhabitants get childcare and a driving-licence offer on site. */
  deuxSevresMinPopulation: 1500,
  amiens: '80021',
  /** Essonne communes of 20,000+ inhabitants get French lessons and digital help on site. */
  essonneMinPopulation: 20_000,
} as const;

const communesOf = (departement: string) => listCommunes().filter((c) => c.departement === departement);

function template(kind: PartnerKind, key: string): OfferTemplate {
  const t = kind.templates.find((x) => x.key === key);
  if (!t) throw new Error(`no template ${key} for ${kind.kind}`);
  return t;
}

/** Head office first, then distinct communes weighted by population (or flatter for rural networks). */
function partnerPlaces(rng: Rng, partner: DemoPartner, kind: PartnerKind): Place[] {
  const siege = getCommune(partner.siege);
  if (!siege) throw new Error(`unknown head office commune ${partner.siege}`);
  if (partner.radiusKm === 0) return Array.from({ length: partner.places }, () => makePlace(rng, siege));
  const others = communesOf(partner.departement).filter(
    (c) =>
      c.code !== siege.code && (partner.radiusKm === undefined || distanceKm(siege, c) <= partner.radiusKm),
  );
  const weight =
    kind.spread === 'rural' ? (c: Commune) => Math.sqrt(c.population) + 10 : (c: Commune) => c.population;
  const picker = new WeightedPicker(others, weight);
  const chosen = new Map<string, Commune>([[siege.code, siege]]);
  for (let tries = 0; chosen.size < partner.places && tries < partner.places * 50; tries++) {
    const c = picker.pick(rng);
    chosen.set(c.code, c);
  }
  return [...chosen.values()].map((c) => makePlace(rng, c));
}

/** Deliberate offers so that the persona scenarios of the matching engine have something to find. */
function personaOffers(rng: Rng, partner: DemoPartner, kind: PartnerKind, serial: () => number): Offer[] {
  const make = (t: OfferTemplate, commune: Commune, extra: Partial<Offer> = {}) =>
    makeOffer({
      rng,
      partner,
      kind,
      template: t,
      place: makePlace(rng, commune),
      placeIndex: 1,
      serial: serial(),
      alwaysOpen: true,
      overrides: extra,
    });
  const out: Offer[] = [];
  const deuxSevres = communesOf('79').filter((c) => c.population >= PERSONA_COMMUNES.deuxSevresMinPopulation);
  const essonne = communesOf('91').filter((c) => c.population >= PERSONA_COMMUNES.essonneMinPopulation);
  const amiens = getCommune(PERSONA_COMMUNES.amiens)!;
  switch (partner.id) {
    case 'petite-enfance-deux-sevres':
      deuxSevres.forEach((c, i) => {
        out.push(make(template(kind, i % 2 === 0 ? 'creche-avip' : 'halte-garderie'), c));
      });
      out.push(make(template(kind, 'rpe'), getCommune(partner.siege)!, { zone_eligibilite: ['79'] }));
      break;
    case 'mobilite-deux-sevres':
      for (const c of deuxSevres)
        out.push(
          make(template(kind, 'auto-ecole-sociale'), c, {
            frais: 'gratuit',
            frais_precisions: 'Gratuit pour les allocataires du RSA orientés par leur référent.',
          }),
        );
      out.push(
        make(template(kind, 'code-en-ligne'), getCommune(partner.siege)!, { zone_eligibilite: ['79'] }),
      );
      break;
    case 'aci-amienois':
      for (const key of [
        'chantier-espaces-verts',
        'chantier-maraichage',
        'chantier-batiment',
        'chantier-immersion',
      ])
        for (let i = 0; i < 2; i++) out.push(make(template(kind, key), amiens));
      break;
    case 'langues-savoirs-essonne':
      for (const c of essonne) out.push(make(template(kind, 'fle-a1'), c));
      break;
    case 'centres-sociaux-essonne':
      for (const c of essonne) out.push(make(template(kind, 'demarches-en-ligne'), c));
      break;
  }
  return out;
}

function partnerOffers(partner: DemoPartner, seed: number): Offer[] {
  const rng = new Rng((seed ^ hashString(partner.id)) >>> 0);
  const kind = kindOf(partner.kind);
  const places = partnerPlaces(rng, partner, kind);
  let next = 0;
  const serial = () => ++next;
  const offers: Offer[] = [];
  for (let i = 0; i < partner.offers; i++) {
    // Every template at least once, then the rest spread over places.
    const t = kind.templates[i % kind.templates.length]!;
    const placeIndex = i < places.length ? i : rng.int(0, places.length - 1);
    offers.push(
      makeOffer({
        rng,
        partner,
        kind,
        template: t,
        place: places[placeIndex]!,
        placeIndex,
        serial: serial(),
      }),
    );
  }
  offers.push(...personaOffers(rng, partner, kind, serial));
  return offers;
}

export function generateDemo(options: { seed?: number } = {}): DemoData {
  const seed = options.seed ?? DEFAULT_SEED;
  const offers = new Map<string, Offer[]>();
  const partners: PartnerInfo[] = DEMO_PARTNERS.map((p) => {
    const list = partnerOffers(p, seed);
    offers.set(p.id, list);
    return {
      id: p.id,
      nom: p.nom,
      kind: p.kind,
      departement: p.departement,
      fichier: `${p.id}.csv`,
      offres: list.length,
    };
  });
  return { partners, offers };
}

export const offersToCsvText = (offers: readonly Offer[]): string =>
  stringify([CSV_HEADER as string[], ...offers.map(offerToCells)], { record_delimiter: '\n' });

/** Writes one CSV per partner and partners.json into `outDir`; returns what it wrote. */
export function writeDemo(outDir: string, options: { seed?: number } = {}): DemoData {
  const data = generateDemo(options);
  mkdirSync(outDir, { recursive: true });
  for (const p of data.partners)
    writeFileSync(join(outDir, p.fichier), offersToCsvText(data.offers.get(p.id)!));
  writeFileSync(join(outDir, 'partners.json'), `${JSON.stringify(data.partners, null, 2)}\n`);
  return data;
}

// ---------------------------------------------------------------------------------------------
// National scale: every département, partners of every kind, communes weighted by population.

/** Relative share of offers per partner kind in the national set. */
const KIND_WEIGHTS: Record<string, number> = {
  'conseil-departemental': 10,
  'france-travail': 12,
  'mission-locale': 10,
  aci: 6,
  ei: 3,
  ai: 4,
  etti: 3,
  'plateforme-mobilite': 6,
  'creche-avip': 5,
  'organisme-formation': 8,
  ccas: 10,
  'aide-alimentaire': 8,
  'centre-social': 10,
  cidff: 5,
};

/** The synthetic partner of a kind in a département (`mission-locale-79`). */
export function nationalPartner(kind: PartnerKind, departement: string): PartnerIdentity {
  const dep = getDepartement(departement);
  return {
    id: `${kind.kind}-${departement.toLowerCase()}`,
    nom: `${kind.label} – ${dep?.nom ?? departement}`,
    departement,
  };
}

/** `count` offers over all départements, generated lazily (constant memory), `partenaire` filled. */
export function* generateNationalOffers(count: number, seed = DEFAULT_SEED): Generator<Offer> {
  const rng = new Rng(seed >>> 0);
  const communes = new WeightedPicker(
    // Pacific collectivités (98x) are outside the zone codes of the model.
    listCommunes().filter((c) => c.population > 0 && !c.departement.startsWith('98')),
    (c) => c.population ** 0.8,
  );
  const kinds = new WeightedPicker(PARTNER_KINDS, (k) => KIND_WEIGHTS[k.kind] ?? 1);
  const partners = new Map<string, PartnerIdentity>();
  for (let i = 0; i < count; i++) {
    const commune = communes.pick(rng);
    const kind = kinds.pick(rng);
    const key = `${kind.kind}/${commune.departement}`;
    let partner = partners.get(key);
    if (!partner) {
      partner = nationalPartner(kind, commune.departement);
      partners.set(key, partner);
    }
    yield makeOffer({
      rng,
      partner,
      kind,
      template: rng.pick(kind.templates),
      place: makePlace(rng, commune),
      placeIndex: 1,
      serial: i,
      withPartenaire: true,
    });
  }
}

/** Streams a national set to one CSV file (creates the directory). Returns the number of rows. */
export async function writeNationalCsv(path: string, count: number, seed = DEFAULT_SEED): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: 'utf8' });
  let buffer = csvLine(CSV_HEADER);
  let rows = 0;
  for (const offer of generateNationalOffers(count, seed)) {
    buffer += csvLine(offerToCells(offer));
    rows++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return rows;
}
