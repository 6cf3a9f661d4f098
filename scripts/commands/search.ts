// `pnpm cli search "<texte>" [filtres] [--engine embedded|meilisearch] [--json]`: searches the catalogue
// with either engine (embedded: the partner store under DATA_DIR; meilisearch: MEILI_URL). The query
// semantics live in @spie/core and @spie/search; this file parses arguments and prints.
import type { OfferFilters, OfferQuery } from '@spie/core';
import { labelOf } from '@spie/core';
import { DEFAULT_INDEX, searchWithOutOfZone, type ZoneAwareResult } from '@spie/search';
import { communeProblem, resolveCommune, zoneCodesOf } from '@spie/territory';
import { type Command, Option } from 'commander';
import { openEngine } from '../lib/engine.ts';

interface SearchOptions {
  commune?: string;
  rayon?: string;
  thematique: string[];
  type: string[];
  public: string[];
  frais: string[];
  modeAccueil: string[];
  reseau: string[];
  partenaire: string[];
  sansDistance?: boolean;
  horsZone?: boolean;
  tri?: 'relevance' | 'distance';
  engine: 'embedded' | 'meilisearch';
  index: string;
  page: string;
  hitsPerPage: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value.split(',').map((v) => v.trim()),
];

const int = (value: string, what: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${what} : nombre entier attendu (reçu « ${value} »)`);
  return n;
};

export function buildQuery(text: string | undefined, o: SearchOptions): OfferQuery {
  const filters: OfferFilters = {};
  if (o.thematique.length) filters.thematiques = o.thematique as OfferFilters['thematiques'];
  if (o.type.length) filters.types = o.type as OfferFilters['types'];
  if (o.public.length) filters.publics = o.public as OfferFilters['publics'];
  if (o.frais.length) filters.frais = o.frais as OfferFilters['frais'];
  if (o.modeAccueil.length) filters.modes_accueil = o.modeAccueil as OfferFilters['modes_accueil'];
  if (o.reseau.length) filters.reseaux_porteurs = o.reseau as OfferFilters['reseaux_porteurs'];
  if (o.partenaire.length) filters.partenaire = o.partenaire;
  if (o.sansDistance) filters.remote = 'exclude';
  const query: OfferQuery = {
    filters,
    page: int(o.page, '--page'),
    hits_per_page: int(o.hitsPerPage, '--hits-per-page'),
    ...(text ? { q: text } : {}),
    ...(o.tri ? { sort: o.tri } : {}),
  };
  if (o.commune) {
    const resolved = resolveCommune(o.commune);
    if (resolved.kind !== 'found') throw new Error(communeProblem('--commune', o.commune, resolved));
    const commune = resolved.commune;
    // the person's commune: only offers they are eligible to
    filters.zone = zoneCodesOf(commune.code);
    if (o.rayon !== undefined) {
      const radius = Number(o.rayon.replace(',', '.'));
      if (!Number.isFinite(radius) || radius <= 0)
        throw new Error(`--rayon : distance en km attendue (reçu « ${o.rayon} »)`);
      query.geo = { latitude: commune.latitude, longitude: commune.longitude, radius_km: radius };
    }
  } else if (o.rayon !== undefined) throw new Error('--rayon demande --commune');
  return query;
}

export function toJson(r: ZoneAwareResult) {
  return {
    total: r.total,
    /** offers left out by the eligibility zone of --commune (shown, marked, with --hors-zone) */
    hors_zone: r.out_of_zone,
    page: r.page,
    hits_per_page: r.hits_per_page,
    hits: r.hits.map((h) => ({
      id: h.offer.id,
      nom: h.offer.nom,
      distance_km: h.distance_km === null ? null : Math.round(h.distance_km * 100) / 100,
      structure_nom: h.offer.structure_nom ?? null,
      commune: h.offer.commune ?? null,
      type: h.offer.type ?? null,
      thematiques: h.offer.thematiques,
      partenaire: h.offer.partenaire ?? null,
      hors_zone: h.out_of_zone === true,
    })),
    facets: r.facets,
  };
}

function printHuman(r: ZoneAwareResult, ms: number, engine: string, shownOutOfZone: boolean): void {
  console.log(
    `${r.total} offre(s) — page ${r.page}, ${r.hits.length} affichée(s) (${engine}, ${ms.toFixed(1)} ms)`,
  );
  if (r.out_of_zone > 0)
    console.log(
      shownOutOfZone
        ? `dont ${r.out_of_zone} hors de la zone d’éligibilité de la commune (marquées « hors zone »)`
        : `${r.out_of_zone} autre(s) offre(s) hors de la zone d’éligibilité de la commune (--hors-zone pour les voir)`,
    );
  if (r.total > 0 && r.hits.length === 0)
    console.log(`La page ${r.page} est au-delà de la dernière (${Math.ceil(r.total / r.hits_per_page)}).`);
  r.hits.forEach((h, i) => {
    const where = [h.offer.commune, h.distance_km === null ? undefined : `${h.distance_km.toFixed(1)} km`]
      .filter(Boolean)
      .join(', ');
    console.log(
      `${String((r.page - 1) * r.hits_per_page + i + 1).padStart(4)}. ${h.out_of_zone ? '[hors zone] ' : ''}${h.offer.nom}${h.offer.structure_nom ? ` — ${h.offer.structure_nom}` : ''}${where ? ` (${where})` : ''}  [${h.offer.id}]`,
    );
  });
  const top = Object.entries(r.facets.categories)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([c, n]) => `${labelOf(c)} ${n}`);
  if (top.length) console.log(`\nCatégories : ${top.join(' · ')}`);
}

export function register(program: Command): void {
  program
    .command('search')
    .description('Rechercher des offres (texte, filtres, autour d’une commune)')
    .argument('[texte]', 'texte libre (fautes de frappe, accents et pluriels tolérés)')
    .option(
      '--commune <commune>',
      'commune de la personne (nom, code postal ou code INSEE) : offres éligibles seulement',
    )
    .option('--rayon <km>', 'rayon autour de la commune, en km (avec --commune)')
    .option(
      '--thematique <slug>',
      'thématique ou catégorie (répétable ou séparée par des virgules)',
      collect,
      [],
    )
    .option('--type <slug>', 'type de service', collect, [])
    .option('--public <slug>', 'public', collect, [])
    .option('--frais <slug>', 'gratuit ou payant', collect, [])
    .option('--mode-accueil <slug>', 'en-presentiel ou a-distance', collect, [])
    .option('--reseau <slug>', 'réseau porteur', collect, [])
    .option('--partenaire <id>', 'partenaire', collect, [])
    .option('--sans-distance', 'exclure les offres uniquement à distance')
    .option('--hors-zone', 'montrer aussi les offres hors de la zone d’éligibilité de --commune (marquées)')
    .addOption(new Option('--tri <tri>', 'ordre des résultats').choices(['relevance', 'distance']))
    .addOption(
      new Option('--engine <moteur>', 'moteur').choices(['embedded', 'meilisearch']).default('embedded'),
    )
    .option('--index <nom>', 'index Meilisearch (avec --engine meilisearch)', DEFAULT_INDEX)
    .option('--page <n>', 'page (à partir de 1)', '1')
    .option('--hits-per-page <n>', 'résultats par page', '20')
    .option('--json', 'sortie JSON { total, hors_zone, hits, facets }')
    .action(async (text: string | undefined, o: SearchOptions) => {
      try {
        const query = buildQuery(text, o);
        const engine = await openEngine(o.engine, o.index);
        const started = performance.now();
        const result = await searchWithOutOfZone(engine, query, { include: o.horsZone === true });
        const ms = performance.now() - started;
        if (o.json) console.log(JSON.stringify(toJson(result), null, 2));
        else printHuman(result, ms, engine.name, o.horsZone === true);
        await engine.close?.();
      } catch (error) {
        console.error(`Erreur : ${(error as Error).message}`);
        process.exitCode = 1;
      }
    });
}
