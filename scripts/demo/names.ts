// Plausible French street names, first names and last names for fake addresses and contacts.
export const STREETS = [
  'rue de la République',
  'rue Victor Hugo',
  'avenue Jean Jaurès',
  'place de la Mairie',
  'rue de la Gare',
  'boulevard Pasteur',
  'rue du Général de Gaulle',
  'rue des Écoles',
  'allée des Tilleuls',
  'rue Jules Ferry',
  'place du Marché',
  'rue de l’Église',
  'avenue de la Libération',
  'rue Gambetta',
  'rue du Moulin',
  'chemin des Vignes',
  'rue Pierre Curie',
  'rue Louise Michel',
  'impasse des Lilas',
  'rue Saint-Martin',
  'route de la Forêt',
  'rue Georges Brassens',
  'avenue des Sports',
  'rue Simone Veil',
] as const;

export const COMPLEMENTS = [
  'Bâtiment B',
  '1er étage',
  'Maison des services au public',
  'Rez-de-chaussée, porte 3',
  'Espace France Services',
  'Au fond de la cour',
] as const;

export const FIRST_NAMES = [
  'Camille',
  'Nadia',
  'Julien',
  'Sophie',
  'Mehdi',
  'Claire',
  'Thomas',
  'Aurélie',
  'Karim',
  'Élodie',
  'Nicolas',
  'Fatou',
  'Laurent',
  'Marion',
  'Yannick',
  'Sandrine',
  'Hugo',
  'Inès',
  'Olivier',
  'Mathilde',
] as const;

export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Girard',
  'Benali',
  'Fontaine',
  'Roux',
  'Morel',
  'Diallo',
  'Lambert',
  'Bonnet',
  'Mercier',
  'Meyer',
  'Schmitt',
  'Garnier',
  'Chevalier',
  'Nguyen',
  'Perrin',
] as const;

export const MOBILISATION_PRECISIONS = [
  'Prendre rendez-vous par téléphone ; se munir d’une pièce d’identité et d’un justificatif de domicile.',
  'Orientation par un professionnel au moyen d’une fiche de liaison envoyée par courriel.',
  'Accueil sans rendez-vous aux heures d’ouverture, puis entretien individuel sous huit jours.',
  'Inscription en ligne ; un conseiller rappelle sous 48 heures.',
] as const;

/** First digits of landline numbers by département (zones 01 to 05). */
export function phonePrefix(departement: string): string {
  if (/^(75|77|78|91|92|93|94|95)$/.test(departement)) return '01';
  if (/^(02|08|10|51|52|54|55|57|59|60|62|67|68|80|88|21|25|39|58|70|71|89|90)$/.test(departement))
    return '03';
  if (/^(04|05|06|13|2A|2B|83|84|30|34|48|11|66|26|07|38|73|74|69|01|42|43|63|15|03)$/.test(departement))
    return '04';
  if (/^(16|17|19|23|24|33|40|47|64|79|86|87|09|12|31|32|46|65|81|82)$/.test(departement)) return '05';
  return '02';
}
