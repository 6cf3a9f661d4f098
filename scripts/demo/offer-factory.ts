// Turns an offer template, a partner and a place in a real commune into one data·inclusion offer.
import type { Offer, Public } from '@spie/core';
import type { Commune } from '@spie/territory';
import type { Accueil, OfferTemplate, PartnerKind, ZoneKind } from './catalog.ts';
import {
  COMPLEMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  MOBILISATION_PRECISIONS,
  phonePrefix,
  STREETS,
} from './names.ts';
import { hashString, type Rng } from './random.ts';

export interface PartnerIdentity {
  id: string;
  nom: string;
  departement: string;
}

/** A place where a partner receives people: a real commune, a fake address, a point near its centre. */
export interface Place {
  commune: Commune;
  code_postal: string;
  adresse: string;
  complement_adresse?: string;
  latitude: number;
  longitude: number;
  telephone: string;
}

const KM_PER_DEGREE = 111.32;
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

export function makePlace(rng: Rng, commune: Commune): Place {
  // Uniform point in a 1 km disc around the commune centre: offices are in the bourg, not in the fields.
  const r = Math.sqrt(rng.float());
  const theta = rng.float() * 2 * Math.PI;
  const dLat = (r * Math.cos(theta)) / KM_PER_DEGREE;
  const dLon = (r * Math.sin(theta)) / (KM_PER_DEGREE * Math.cos((commune.latitude * Math.PI) / 180));
  const digits = () => String(rng.int(0, 99)).padStart(2, '0');
  return {
    commune,
    code_postal: rng.pick(commune.codesPostaux.length > 0 ? commune.codesPostaux : ['00000']),
    adresse: `${rng.int(1, 120)} ${rng.pick(STREETS)}`,
    ...(rng.chance(0.12) ? { complement_adresse: rng.pick(COMPLEMENTS) } : {}),
    latitude: round5(commune.latitude + dLat),
    longitude: round5(commune.longitude + dLon),
    telephone: `${phonePrefix(commune.departement)} ${rng.int(10, 99)} ${digits()} ${digits()} ${digits()}`,
  };
}

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Fake but well-formed SIRET: a stable SIREN per partner, an establishment number per place. */
function siret(partnerId: string, commune: string): string {
  const siren = String(100_000_000 + (hashString(partnerId) % 900_000_000));
  const nic = String(hashString(`${partnerId}/${commune}`) % 100_000).padStart(5, '0');
  return `${siren}${nic}`;
}

function zoneOf(kind: ZoneKind, place: Place): string[] | undefined {
  switch (kind) {
    case 'commune':
      return [place.commune.code];
    case 'epci':
      return [place.commune.epci ?? place.commune.code];
    case 'departement':
      return [place.commune.departement];
    case 'aucune':
      return undefined;
  }
}

const MODES: Record<Accueil, Offer['modes_accueil']> = {
  presentiel: ['en-presentiel'],
  hybride: ['en-presentiel', 'a-distance'],
  distance: ['a-distance'],
};

/** One réseau per partner, except centres sociaux that are usually also EPN and host conseillers numériques. */
function reseauxOf(kind: PartnerKind, partnerId: string): Offer['reseaux_porteurs'] {
  if (kind.kind === 'centre-social') return [...kind.reseaux];
  return [kind.reseaux[hashString(partnerId) % kind.reseaux.length]!];
}

export interface OfferContext {
  rng: Rng;
  partner: PartnerIdentity;
  kind: PartnerKind;
  template: OfferTemplate;
  place: Place;
  /** Position of the place in the partner's list (0 = head office). */
  placeIndex: number;
  /** Unique among the partner's offers. */
  serial: number;
  /** Fill `partenaire` (national sets loaded straight into an engine); demo files leave it to the store. */
  withPartenaire?: boolean;
  /** Deliberate offers (persona coverage): no session dates, at least one place left. */
  alwaysOpen?: boolean;
  overrides?: Partial<Offer>;
}

export function makeOffer(ctx: OfferContext): Offer {
  const { rng, partner, kind, template, place } = ctx;
  const commune = place.commune;
  const id = `${partner.id}-${template.key}-${commune.code}-${ctx.serial}`.toLowerCase();
  // Some information and follow-up services also run by phone; work on a chantier never does.
  const mayBeRemote =
    (template.type === 'information' || template.type === 'accompagnement') &&
    !template.eligibilite_iae_requise;
  const accueil: Accueil = template.accueil ?? (mayBeRemote && rng.chance(0.1) ? 'hybride' : 'presentiel');
  const remoteOnly = accueil === 'distance';
  const zoneKind: ZoneKind = template.zone ?? (rng.chance(0.1) ? 'aucune' : kind.zone);
  const mobilisation = template.modes_mobilisation ?? kind.modes_mobilisation;
  // Names are typed by users: the ASCII apostrophe keeps exact-name searches working.
  const nom = rng.pick(template.noms).replaceAll('{commune}', commune.nom).replaceAll('’', "'");

  const where = remoteOnly
    ? `Service proposé à distance, par téléphone ou en visioconférence, depuis ${commune.nom}.`
    : rng.pick([
        `Accueil au ${place.adresse}, ${place.code_postal} ${commune.nom}.`,
        `Permanence à ${commune.nom}, sur rendez-vous.`,
        `Lieu : ${commune.nom} (${commune.epciNom ?? commune.nom}). Accessible aux personnes à mobilité réduite.`,
      ]);
  const description = `${template.description} ${where}`.slice(0, 600).trim();

  const offer: Offer = {
    id,
    structure_id: `${partner.id}-${commune.code}`.toLowerCase(),
    source: partner.id,
    nom,
    description,
    lien_source: `https://${partner.id}.example.org/offres/${id}`,
    date_maj: addDays('2026-05-01', rng.int(0, 200)),
    type: template.type,
    thematiques: [...template.thematiques],
    frais: template.frais ?? 'gratuit',
    publics: [...template.publics] as Public[],
    commune: commune.nom,
    code_postal: place.code_postal,
    code_insee: commune.code,
    adresse: place.adresse,
    latitude: place.latitude,
    longitude: place.longitude,
    telephone: place.telephone,
    courriel: `contact@${partner.id}.example.org`,
    modes_accueil: MODES[accueil],
    mobilisable_par: [...(template.mobilisable_par ?? kind.mobilisable_par)],
    modes_mobilisation: [...mobilisation],
    horaires_accueil: remoteOnly ? 'Mo-Fr 09:00-17:00' : rng.pick(kind.hours),
    structure_nom: ctx.placeIndex === 0 ? partner.nom : `${partner.nom} – ${commune.nom}`.slice(0, 150),
    structure_siret: siret(partner.id, commune.code),
    reseaux_porteurs: reseauxOf(kind, partner.id),
  };
  if (place.complement_adresse) offer.complement_adresse = place.complement_adresse;
  if (template.frais_precisions) offer.frais_precisions = template.frais_precisions;
  if (template.publics_precisions) offer.publics_precisions = template.publics_precisions;
  if (template.conditions_acces) offer.conditions_acces = template.conditions_acces;
  if (template.age_min !== undefined) offer.age_min = template.age_min;
  if (template.age_max !== undefined) offer.age_max = template.age_max;
  if (template.eligibilite_iae_requise !== undefined)
    offer.eligibilite_iae_requise = template.eligibilite_iae_requise;
  const zone = zoneOf(zoneKind, place);
  if (zone) offer.zone_eligibilite = zone;
  if (mobilisation.includes('utiliser-lien-mobilisation'))
    offer.lien_mobilisation = `https://${partner.id}.example.org/orienter/${template.key}`;
  if (rng.chance(0.6)) offer.mobilisation_precisions = rng.pick(MOBILISATION_PRECISIONS);
  if (rng.chance(0.55)) offer.contact_nom_prenom = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;

  if (ctx.alwaysOpen) {
    if (template.session) offer.volume_horaire_hebdomadaire = template.session.hours[1];
    if (template.places)
      offer.places_disponibles = rng.int(Math.max(1, template.places[0]), Math.max(1, template.places[1]));
  } else if (template.session) {
    const weeks = rng.int(template.session.weeks[0], template.session.weeks[1]);
    offer.date_debut = addDays('2026-09-07', 7 * rng.int(0, 52));
    offer.date_fin = addDays(offer.date_debut, Math.max(4, weeks * 7 - 3));
    offer.nombre_semaines = weeks;
    offer.volume_horaire_hebdomadaire = rng.int(template.session.hours[0], template.session.hours[1]);
  } else if (rng.chance(0.2)) {
    // Programmes funded for a period.
    offer.date_debut = '2026-01-05';
    offer.date_fin = rng.pick(['2026-12-31', '2027-06-30', '2027-12-31']);
  }
  if (template.places && !ctx.alwaysOpen)
    offer.places_disponibles = rng.int(template.places[0], template.places[1]);

  return { ...offer, ...ctx.overrides, ...(ctx.withPartenaire ? { partenaire: partner.id } : {}) };
}
