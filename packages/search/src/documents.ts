// Offer ⇄ Meilisearch document. Meilisearch keys allow only [A-Za-z0-9_-], offer ids also allow
// `.`, `:` and `@`: the primary key is the base64url of the id, and `id` stays a plain field.
// Derived fields carry what filters need (categories, empty-zone flag, remote flags, `_geo`).

import { categoryOf, isRemote, isRemoteOnly, labelOf, OFFER_FIELDS, type Offer } from '@spie/core';
import { jargonOf, nameWithoutPlace } from './jargon.ts';

export const PRIMARY_KEY = 'pk';

export interface OfferDocument extends Offer {
  pk: string;
  categories: string[];
  /** The name without its place, searched first (jargon.ts). */
  nom_recherche: string;
  /** The field's jargon for what the offer is (jargon.ts), searched right after the name. */
  sigles: string;
  /** French labels of the thématiques and their categories, searchable. */
  thematiques_libelles: string[];
  /** true when `zone_eligibilite` is empty: the offer is open everywhere. */
  zone_libre: boolean;
  a_distance: boolean;
  a_distance_uniquement: boolean;
  _geo?: { lat: number; lng: number };
}

export const documentKey = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

export function categoriesOf(offer: Offer): string[] {
  return [...new Set((offer.thematiques ?? []).map((t) => categoryOf(t)).filter((c) => c !== undefined))];
}

export function thematiqueLabels(offer: Offer): string[] {
  const categories = categoriesOf(offer);
  return [...(offer.thematiques ?? []).map((t) => labelOf(t)), ...categories.map((c) => labelOf(c))];
}

export function toDocument(offer: Offer): OfferDocument {
  const doc: OfferDocument = {
    ...offer,
    pk: documentKey(offer.id),
    categories: categoriesOf(offer),
    nom_recherche: nameWithoutPlace(offer),
    sigles: jargonOf(offer),
    thematiques_libelles: thematiqueLabels(offer),
    zone_libre: !offer.zone_eligibilite?.length,
    a_distance: isRemote(offer),
    a_distance_uniquement: isRemoteOnly(offer),
  };
  if (offer.latitude !== undefined && offer.longitude !== undefined)
    doc._geo = { lat: offer.latitude, lng: offer.longitude };
  return doc;
}

const OFFER_KEYS = new Set<string>(OFFER_FIELDS);

/** Back to the offer: only schema fields, in schema order. */
export function fromDocument(doc: Record<string, unknown>): Offer {
  const offer: Record<string, unknown> = {};
  for (const key of OFFER_FIELDS) if (doc[key] !== undefined && doc[key] !== null) offer[key] = doc[key];
  return offer as Offer;
}

export const isOfferField = (key: string) => OFFER_KEYS.has(key);
