// Meilisearch filter expressions from a validated query. Values are always quoted and escaped even
// though validation already restricts them to slugs: defence in depth against a value that would
// close the quote and add `OR …`.
import { expandThematique, type GeoQuery, type OfferFilters } from '@spie/core';

/** A Meilisearch string literal: double-quoted, `\` and `"` escaped. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const inList = (field: string, values: readonly string[]) => `${field} IN [${values.map(quote).join(', ')}]`;

/** AND of clauses; each clause is an OR within one field. Empty when nothing filters. */
export function buildFilter(f: OfferFilters, geo?: GeoQuery): string[] {
  const clauses: string[] = [];
  if (f.thematiques?.length) {
    const besoins = [...new Set(f.thematiques.flatMap((t) => expandThematique(t)))];
    // a category with no besoin cannot happen with validated input; keep the clause unsatisfiable then
    clauses.push(besoins.length ? inList('thematiques', besoins) : 'pk IN []');
  }
  if (f.types?.length) clauses.push(inList('type', f.types));
  if (f.publics?.length) clauses.push(inList('publics', [...new Set([...f.publics, 'tous-publics'])]));
  if (f.frais?.length) clauses.push(inList('frais', f.frais));
  if (f.modes_accueil?.length) clauses.push(inList('modes_accueil', f.modes_accueil));
  if (f.reseaux_porteurs?.length) clauses.push(inList('reseaux_porteurs', f.reseaux_porteurs));
  if (f.partenaire?.length) clauses.push(inList('partenaire', f.partenaire));
  if (f.zone)
    clauses.push(
      f.zone.length ? `(zone_libre = true OR ${inList('zone_eligibilite', f.zone)})` : 'zone_libre = true',
    );
  if (f.remote === 'exclude') clauses.push('a_distance_uniquement = false');
  if (geo) {
    const radius = `_geoRadius(${num(geo.latitude)}, ${num(geo.longitude)}, ${num(geo.radius_km * 1000)})`;
    clauses.push(f.remote === 'exclude' ? radius : `(${radius} OR a_distance = true)`);
  }
  return clauses;
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`nombre invalide : ${n}`);
  return String(n);
}
