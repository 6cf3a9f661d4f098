// The words the field uses for what an offer *is* (its réseau porteur, its public, its thématique),
// which the offer's own text rarely spells out: an ACI's offer says "chantier d'insertion", not "IAE";
// an AVIP crèche is named "Multi-accueil". Both engines index these words in one field (`sigles`),
// ranked right after the offer's name, so "IAE", "AVIP" or "CHRS" find the offers they designate.
// Text-to-text equivalences (an acronym and its spelled-out form in free text) are synonyms.ts.
import type { Offer } from '@spie/core';

const IAE = 'IAE SIAE insertion par l’activité économique';

/** By réseau porteur (data·inclusion slugs). */
const BY_RESEAU: Record<string, string> = {
  aci: `ACI atelier chantier d’insertion ${IAE}`,
  ei: `EI entreprise d’insertion ${IAE}`,
  ai: `AI association intermédiaire ${IAE}`,
  etti: `ETTI entreprise de travail temporaire d’insertion ${IAE}`,
  eiti: `EITI entreprise d’insertion par le travail indépendant ${IAE}`,
  geiq: 'GEIQ groupement d’employeurs pour l’insertion et la qualification',
  'creches-avip': 'AVIP crèche à vocation d’insertion professionnelle',
  chrs: 'CHRS centre d’hébergement et de réinsertion sociale',
  chu: 'CHU hébergement d’urgence',
  cada: 'CADA demandeurs d’asile',
  huda: 'HUDA hébergement d’urgence demandeurs d’asile',
  siao: 'SIAO 115',
  plie: 'PLIE plan local pour l’insertion et l’emploi',
  epide: 'EPIDE établissement pour l’insertion dans l’emploi',
  'ecoles-de-la-deuxieme-chance': 'E2C école de la deuxième chance',
  'cap-emploi-reseau-cheops': 'Cap emploi',
  esat: 'ESAT',
  ea: 'EA entreprise adaptée',
  'residences-fjt': 'FJT foyer de jeunes travailleurs',
  mdph: 'MDPH',
};

/** By public. */
const BY_PUBLIC: Record<string, string> = {
  'beneficiaires-des-minimas-sociaux': 'RSA BRSA bénéficiaires du RSA minima sociaux',
};

/** By thématique (besoin slug). */
const BY_THEMATIQUE: Record<string, string> = {
  'lecture-ecriture-calcul--maitriser-le-francais': 'FLE ASL français langue étrangère',
  'logement-hebergement--rechercher-une-solution-dhebergement-temporaire': 'CHRS hébergement temporaire',
  'choisir-un-metier--confirmer-son-choix-de-metier': 'PMSMP immersion',
};

/** Training for job seekers: what the Plan d'investissement dans les compétences (PIC) funds. */
const PIC = 'PIC plan d’investissement dans les compétences';

/** The jargon words of an offer, deduplicated phrases joined by " · ". */
export function jargonOf(offer: Offer): string {
  const out = new Set<string>();
  for (const r of offer.reseaux_porteurs ?? []) {
    const words = BY_RESEAU[r];
    if (words) out.add(words);
  }
  if (offer.eligibilite_iae_requise) out.add(IAE);
  for (const p of offer.publics ?? []) {
    const words = BY_PUBLIC[p];
    if (words) out.add(words);
  }
  for (const t of offer.thematiques ?? []) {
    const words = BY_THEMATIQUE[t];
    if (words) out.add(words);
  }
  if (
    offer.thematiques?.some((t) => t.startsWith('se-former')) &&
    offer.publics?.includes('demandeurs-emploi')
  )
    out.add(PIC);
  return [...out].join(' · ');
}

/**
 * The offer's name without its place: "Permis B accompagné – La Crèche" is about a permit, not about
 * crèches. The place stays searchable in the commune field, which ranks last.
 */
export function nameWithoutPlace(offer: Offer): string {
  const place = offer.commune?.trim();
  if (!place) return offer.nom;
  const escaped = place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s’']+/g, "[-\\s’']+");
  const stripped = offer.nom.replace(new RegExp(`(^|[\\s–—(-])${escaped}(?=$|[\\s–—),.-])`, 'giu'), '$1');
  // a name that is only the place keeps it (nothing else to search by)
  return stripped.replace(/[\s–—-]+$/u, '').trim() || offer.nom;
}
