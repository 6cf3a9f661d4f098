// Diagnostic "freins" → proposed besoins (data·inclusion thématiques), as data, so that a UI can propose
// besoins from what the référent ticks. Sources: France Travail's 7 contraintes personnelles
// (freins périphériques) and the carnet de bord situations and objectives référentiels.
// A situation that is a resource or a status, not an obstacle (« Permis B », « Propriétaire »), proposes nothing.
import type { Categorie, Thematique } from './vocabularies/index.ts';
import { THEMATIQUE_VALUES } from './vocabularies/index.ts';

export const CONTRAINTES = [
  {
    value: 'mobilite',
    label: 'Mobilité',
    thematiques: [
      'mobilite--etre-accompagne-dans-son-parcours-mobilite',
      'mobilite--preparer-un-permis',
      'mobilite--acceder-a-un-vehicule',
      'mobilite--financer-ma-mobilite',
    ],
  },
  {
    value: 'contraintes-familiales',
    label: 'Contraintes familiales',
    thematiques: [
      'famille--garde-denfants',
      'famille--soutien-a-la-parentalite-et-a-leducation',
      'famille--soutien-aidants',
    ],
  },
  {
    value: 'logement',
    label: 'Logement',
    thematiques: [
      'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement',
      'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
      'logement-hebergement--se-maintenir-dans-le-logement',
    ],
  },
  {
    value: 'sante',
    label: 'Santé',
    thematiques: [
      'sante--acces-aux-soins',
      'sante--sante-mentale',
      'sante--constituer-un-dossier-mdph-invalidite',
    ],
  },
  {
    value: 'difficultes-financieres',
    label: 'Difficultés financières',
    thematiques: [
      'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
      'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
      'difficultes-financieres--situation-dendettement-surendettement',
      'equipement-et-alimentation--alimentation',
    ],
  },
  {
    value: 'difficultes-administratives-juridiques',
    label: 'Difficultés administratives et juridiques',
    thematiques: [
      'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
      'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
      'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire',
    ],
  },
  {
    value: 'savoirs-de-base',
    label: 'Maîtrise de la langue française, des savoirs de base et du numérique',
    thematiques: [
      'lecture-ecriture-calcul--maitriser-le-francais',
      'lecture-ecriture-calcul--maitriser-le-calcul',
      'numerique--maitriser-les-fondamentaux-du-numerique',
      'numerique--acceder-a-des-services-en-ligne',
    ],
  },
] as const satisfies readonly { value: string; label: string; thematiques: readonly Thematique[] }[];
export type Contrainte = (typeof CONTRAINTES)[number]['value'];

/** Carnet de bord situation themes (CSV `theme`) → France Travail contrainte; null = professional project. */
export const CARNET_THEMES = {
  contraintes_familiales: { label: 'Contraintes familiales', contrainte: 'contraintes-familiales' },
  difficulte_administrative: {
    label: 'Difficultés administratives',
    contrainte: 'difficultes-administratives-juridiques',
  },
  difficulte_financiere: { label: 'Difficultés financières', contrainte: 'difficultes-financieres' },
  emploi: { label: 'Emploi', contrainte: null },
  formation: { label: 'Formation', contrainte: null },
  logement: { label: 'Logement', contrainte: 'logement' },
  maitrise_langue: { label: 'Maîtrise de la langue française', contrainte: 'savoirs-de-base' },
  mobilite: { label: 'Mobilité', contrainte: 'mobilite' },
  numerique: { label: 'Numérique', contrainte: 'savoirs-de-base' },
  sante: { label: 'Santé', contrainte: 'sante' },
} as const satisfies Record<string, { label: string; contrainte: Contrainte | null }>;
export type CarnetTheme = keyof typeof CARNET_THEMES;

type SituationRow = readonly [CarnetTheme, string, readonly Thematique[]];
const DAO = 'difficultes-administratives-ou-juridiques';
const DF = 'difficultes-financieres';
const LOG = 'logement-hebergement';

/** Every situation of diagnostic-situations-carnet-de-bord.csv (theme, description as in the CSV, thématiques). */
const SITUATION_ROWS: readonly SituationRow[] = [
  [
    'contraintes_familiales',
    'Aidant familial (s’occuper d’un proche)',
    ['famille--soutien-aidants', 'famille--prise-en-charge-personne-dependante'],
  ],
  [
    'contraintes_familiales',
    'Attend un enfant ou plus',
    [
      'famille--garde-denfants',
      'famille--soutien-a-la-parentalite-et-a-leducation',
      'sante--acces-aux-soins',
    ],
  ],
  [
    'contraintes_familiales',
    'Autres contraintes familiales à prendre en compte',
    ['famille--soutien-a-la-parentalite-et-a-leducation', 'famille--surmonter-conflits-separation-violence'],
  ],
  ['contraintes_familiales', 'Contrainte horaires', ['famille--garde-denfants']],
  [
    'contraintes_familiales',
    'Enfant(s) de moins de 3 ans sans solution de garde',
    ['famille--garde-denfants'],
  ],
  [
    'contraintes_familiales',
    'Enfant(s) en situation de handicap',
    ['famille--garde-denfants', 'famille--soutien-aidants', 'sante--constituer-un-dossier-mdph-invalidite'],
  ],
  [
    'contraintes_familiales',
    "Problématique de santé d'un enfant",
    ['famille--soutien-aidants', 'sante--acces-aux-soins'],
  ],
  [
    'difficulte_administrative',
    "Besoin d'être guidé dans le cadre d'un accès aux droits",
    [`${DAO}--accompagnement-pour-lacces-aux-droits`],
  ],
  [
    'difficulte_administrative',
    'Difficulté d’ordre juridique',
    [
      `${DAO}--prendre-en-compte-une-problematique-judiciaire`,
      `${DAO}--accompagnement-pour-lacces-aux-droits`,
    ],
  ],
  [
    'difficulte_administrative',
    'Difficulté liée à son avis d’imposition',
    [`${DAO}--accompagnement-aux-demarches-administratives`],
  ],
  [
    'difficulte_administrative',
    "Difficulté liée à un justificatif d'identité / titre de séjour",
    [
      `${DAO}--accompagnement-aux-demarches-administratives`,
      `${DAO}--accompagnement-pour-lacces-a-la-citoyennete`,
    ],
  ],
  [
    'difficulte_administrative',
    'Difficulté liée à une démarche administrative',
    [`${DAO}--accompagnement-aux-demarches-administratives`, 'numerique--acceder-a-des-services-en-ligne'],
  ],
  [
    'difficulte_financiere',
    'Baisse des ressources',
    [
      `${DF}--prevenir-une-degradation-de-la-situation-financiere`,
      `${DAO}--accompagnement-pour-lacces-aux-droits`,
    ],
  ],
  ['difficulte_financiere', "Besoin d'un soutien alimentaire", ['equipement-et-alimentation--alimentation']],
  [
    'difficulte_financiere',
    "Difficulté dans la gestion d'un budget",
    [`${DF}--ameliorer-sa-gestion-budgetaire`, `${DF}--acquerir-une-autonomie-budgetaire`],
  ],
  [
    'difficulte_financiere',
    'En situation de surendettement',
    [`${DF}--situation-dendettement-surendettement`],
  ],
  [
    'difficulte_financiere',
    'Ressources précaires (inférieures au seuil de pauvreté)',
    [
      `${DF}--prevenir-une-degradation-de-la-situation-financiere`,
      'equipement-et-alimentation--alimentation',
      `${DAO}--accompagnement-pour-lacces-aux-droits`,
    ],
  ],
  [
    'difficulte_financiere',
    'Sans aucune ressource',
    [
      `${DAO}--accompagnement-pour-lacces-aux-droits`,
      'equipement-et-alimentation--alimentation',
      'equipement-et-alimentation--habillement',
    ],
  ],
  [
    'emploi',
    'Autoentrepreneur / travailleur indépendant / conjoint collaborateur',
    ['creer-une-entreprise--developper-son-entreprise'],
  ],
  [
    'emploi',
    'Disponible immédiatement',
    [
      'trouver-un-emploi--repondre-a-des-offres-demploi',
      'trouver-un-emploi--faire-des-candidatures-spontanees',
    ],
  ],
  ['emploi', 'Disponible à temps partiel', ['trouver-un-emploi--repondre-a-des-offres-demploi']],
  [
    'emploi',
    "En projet d'entreprise",
    [
      'creer-une-entreprise--definir-son-projet-de-creation-dentreprise',
      'creer-une-entreprise--structurer-son-projet-de-creation-dentreprise',
    ],
  ],
  ['emploi', "Indisponible pour un emploi dans l'immédiat", []],
  ['emploi', 'Inscrit à Pôle emploi', []],
  [
    'emploi',
    'Jamais travaillé',
    [
      'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite',
      'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation',
    ],
  ],
  ['emploi', 'Moins de 6 mois sans emploi', ['trouver-un-emploi--repondre-a-des-offres-demploi']],
  [
    'emploi',
    "Plus d'1 an sans emploi",
    ['remobilisation--bien-etre-confiance-en-soi', 'preparer-sa-candidature--valoriser-ses-competences'],
  ],
  [
    'emploi',
    'Plus de 10 ans sans emploi',
    [
      'remobilisation--lien-social',
      'remobilisation--bien-etre-confiance-en-soi',
      'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
    ],
  ],
  [
    'emploi',
    'Plus de 2 ans sans emploi',
    ['remobilisation--bien-etre-confiance-en-soi', 'preparer-sa-candidature--valoriser-ses-competences'],
  ],
  [
    'emploi',
    'Plus de 5 ans sans emploi',
    [
      'remobilisation--bien-etre-confiance-en-soi',
      'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
    ],
  ],
  [
    'emploi',
    'Plus de 6 mois sans emploi',
    ['preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi'],
  ],
  ['emploi', 'Prêt  à suivre une formation', ['se-former--trouver-sa-formation']],
  [
    'emploi',
    'Prêt pour un emploi avec formations / accompagnement',
    ['se-former--trouver-sa-formation', 'trouver-un-emploi--repondre-a-des-offres-demploi'],
  ],
  ['formation', 'A déjà identifié une formation', ['se-former--monter-son-dossier-de-formation']],
  ['formation', 'Ne souhaite pas suivre une formation', []],
  [
    'formation',
    'Prêt pour une formation avec un accompagnement',
    ['se-former--trouver-sa-formation', 'se-former--monter-son-dossier-de-formation'],
  ],
  ['formation', 'Prêt à suivre une formation', ['se-former--trouver-sa-formation']],
  [
    'logement',
    'Autre type de logement (hôtel, …)',
    [`${LOG}--louer-un-logement`, `${LOG}--sinformer-sur-les-demarches-liees-a-lacces-au-logement`],
  ],
  ['logement', "Besoin d'adapter le logement", [`${LOG}--se-maintenir-dans-le-logement`]],
  [
    'logement',
    'Difficulté à payer le loyer',
    [`${LOG}--reduire-les-impayes-de-loyer`, `${DF}--ameliorer-sa-gestion-budgetaire`],
  ],
  [
    'logement',
    "Doit quitter le logement (procédure d'expulsion, ...)",
    [
      `${LOG}--se-maintenir-dans-le-logement`,
      `${LOG}--reduire-les-impayes-de-loyer`,
      `${LOG}--rechercher-une-solution-dhebergement-temporaire`,
    ],
  ],
  ['logement', 'Habitat mobile', [`${LOG}--sinformer-sur-les-demarches-liees-a-lacces-au-logement`]],
  [
    'logement',
    'Hébergement collectif de type CHRS, CHU, CPH, CADA, …',
    [`${LOG}--louer-un-logement`, `${LOG}--sinformer-sur-les-demarches-liees-a-lacces-au-logement`],
  ],
  [
    'logement',
    'Hébergé au domicile parental',
    [`${LOG}--louer-un-logement`, `${LOG}--sinformer-sur-les-demarches-liees-a-lacces-au-logement`],
  ],
  [
    'logement',
    'Hébergé chez un tiers',
    [`${LOG}--louer-un-logement`, `${LOG}--rechercher-une-solution-dhebergement-temporaire`],
  ],
  ['logement', 'Locataire du parc privé', []],
  ['logement', 'Locataire du parc social', []],
  [
    'logement',
    'Logement insalubre',
    [`${LOG}--changer-de-logement`, `${DAO}--accompagnement-pour-lacces-aux-droits`],
  ],
  ['logement', 'Propriétaire', []],
  [
    'logement',
    'Sans hébergement / rupture effective de logement',
    [`${LOG}--rechercher-une-solution-dhebergement-temporaire`],
  ],
  [
    'logement',
    'Territoire rural isolé',
    ['mobilite--etre-accompagne-dans-son-parcours-mobilite', 'mobilite--mobilite-douce-partagee-collective'],
  ],
  [
    'maitrise_langue',
    'Difficulté en français en lecture',
    ['lecture-ecriture-calcul--maitriser-le-francais'],
  ],
  ['maitrise_langue', 'Difficulté en français à l’oral', ['lecture-ecriture-calcul--maitriser-le-francais']],
  ['maitrise_langue', 'Difficulté en français à l’écrit', ['lecture-ecriture-calcul--maitriser-le-francais']],
  ['maitrise_langue', 'Difficultés en calcul', ['lecture-ecriture-calcul--maitriser-le-calcul']],
  [
    'maitrise_langue',
    "Français Langue Étrangère (FLE) : non maitrise ou en cours d'apprentissage",
    ['lecture-ecriture-calcul--maitriser-le-francais'],
  ],
  [
    'mobilite',
    'Aucun moyen de transport à disposition',
    [
      'mobilite--etre-accompagne-dans-son-parcours-mobilite',
      'mobilite--mobilite-douce-partagee-collective',
      'mobilite--acceder-a-un-vehicule',
    ],
  ],
  ['mobilite', 'Autres permis (poids lourd, bus, …)', []],
  ['mobilite', 'Co-voiturage', []],
  ['mobilite', 'Code obtenu', ['mobilite--preparer-un-permis']],
  [
    'mobilite',
    'Dépendant des transports en commun',
    ['mobilite--financer-ma-mobilite', 'mobilite--etre-accompagne-dans-son-parcours-mobilite'],
  ],
  ['mobilite', 'Permis B', []],
  [
    'mobilite',
    'Permis et/ou code en cours',
    ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
  ],
  [
    'mobilite',
    'Permis non valide / suspension de permis',
    ['mobilite--preparer-un-permis', 'mobilite--etre-accompagne-dans-son-parcours-mobilite'],
  ],
  [
    'mobilite',
    'Permis étranger (hors EEE)',
    ['mobilite--preparer-un-permis', `${DAO}--accompagnement-aux-demarches-administratives`],
  ],
  ['mobilite', 'Véhicule (voiture, moto, scooter)', []],
  ['mobilite', 'Véhicule sans permis', []],
  ['mobilite', 'Vélo ou trottinette électrique', []],
  [
    'mobilite',
    'État de santé déclaré rendant incompatible la conduite',
    [
      'mobilite--mobilite-douce-partagee-collective',
      'mobilite--etre-accompagne-dans-son-parcours-mobilite',
      'sante--acces-aux-soins',
    ],
  ],
  [
    'numerique',
    "Absence d'adresse ou d'utilisation de messagerie électronique",
    ['numerique--maitriser-les-fondamentaux-du-numerique'],
  ],
  ['numerique', 'Absence de connexion (autre motif)', ['numerique--acceder-a-une-connexion-internet']],
  ['numerique', 'Absence de connexion (refus)', ['numerique--acceder-a-des-services-en-ligne']],
  ['numerique', 'Absence de connexion (zone blanche)', ['numerique--acceder-a-une-connexion-internet']],
  [
    'numerique',
    'Absence de mobilité pour accéder à un espace numérique',
    ['numerique--acceder-a-des-services-en-ligne', 'mobilite--etre-accompagne-dans-son-parcours-mobilite'],
  ],
  ['numerique', 'Absence d’équipement', ['numerique--acquerir-un-equipement']],
  [
    'numerique',
    'Difficulté a réaliser des démarches administratives en ligne',
    ['numerique--acceder-a-des-services-en-ligne', `${DAO}--accompagnement-aux-demarches-administratives`],
  ],
  ['numerique', "Dispose d'un ordinateur", []],
  ['numerique', "Dispose d'un smartphone", []],
  ['numerique', "Dispose d'une tablette", []],
  [
    'numerique',
    'En difficulté sur le numérique (résultat Pix emploi <50%)',
    ['numerique--maitriser-les-fondamentaux-du-numerique'],
  ],
  [
    'sante',
    'Couverture sociale / mutuelle à mettre à jour',
    ['sante--acces-aux-soins', `${DAO}--accompagnement-pour-lacces-aux-droits`],
  ],
  ['sante', "Difficulté déclarée concernant l'accès à un professionnel de santé", ['sante--acces-aux-soins']],
  [
    'sante',
    'Difficulté déclarée entrainant des absences régulières',
    ['sante--acces-aux-soins', 'trouver-un-emploi--maintien-dans-lemploi'],
  ],
  [
    'sante',
    'Difficulté déclarée entravant l’exercice de certains métiers',
    ['choisir-un-metier--confirmer-son-choix-de-metier', 'sante--constituer-un-dossier-mdph-invalidite'],
  ],
  [
    'sante',
    'Difficulté déclarée ne permettant pas de reprendre une activité professionnelle immédiate',
    ['sante--acces-aux-soins', 'remobilisation--bien-etre-confiance-en-soi'],
  ],
  [
    'sante',
    'Difficulté déclarée ne permettant plus d’exercer une activité professionnelle',
    [
      'sante--constituer-un-dossier-mdph-invalidite',
      'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
    ],
  ],
  ['sante', 'Difficulté déclarée n’entravant pas la reprise d’une activité professionnelle', []],
  ['sante', "Existence d'un dossier MDPH", [`${DAO}--beneficier-dune-mesure-daccompagnement-adapte`]],
];

/** Stable slug of a situation label: lower case, no accents, words joined by `-`. */
export function slugifyLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface Frein {
  /** `<theme>--<slug of the description>`, e.g. `mobilite--permis-et-ou-code-en-cours`. */
  value: string;
  label: string;
  theme: CarnetTheme;
  themeLabel: string;
  contrainte: Contrainte | null;
  thematiques: readonly Thematique[];
}

/** Carnet de bord situations, with their French label (as in the référentiel) and proposed thématiques. */
export const FREINS: readonly Frein[] = SITUATION_ROWS.map(([theme, label, thematiques]) => ({
  value: `${theme.replaceAll('_', '-')}--${slugifyLabel(label)}`,
  label: label.replace(/\s+/g, ' '),
  theme,
  themeLabel: CARNET_THEMES[theme].label,
  contrainte: CARNET_THEMES[theme].contrainte,
  thematiques,
}));

const byValue = new Map<string, readonly Thematique[]>([
  ...CONTRAINTES.map((c) => [c.value, c.thematiques] as const),
  ...FREINS.map((f) => [f.value, f.thematiques] as const),
]);

/**
 * Besoins to propose for ticked freins (contrainte values and/or situation values), in vocabulary
 * order, without duplicates. Unknown values are ignored: the UI only sends values from these lists.
 */
export function proposeBesoins(freins: readonly string[]): Thematique[] {
  const wanted = new Set(freins.flatMap((f) => byValue.get(f) ?? []));
  return THEMATIQUE_VALUES.filter((t) => wanted.has(t));
}

/** Carnet de bord objective themes (diagnostic-objectives-carnet-de-bord.csv) → thématique categories. */
export const OBJECTIVE_THEME_CATEGORIES = {
  choisir_un_metier: ['choisir-un-metier'],
  contraintes_familiales: ['famille'],
  creer_une_entreprise: ['creer-une-entreprise'],
  difficulte_administrative: ['difficultes-administratives-ou-juridiques'],
  difficulte_financiere: ['difficultes-financieres'],
  logement: ['logement-hebergement'],
  maitrise_langue: ['lecture-ecriture-calcul'],
  mobilite: ['mobilite'],
  numerique: ['numerique'],
  preparer_sa_candidature: ['preparer-sa-candidature'],
  s_ouvrir_a_l_international: ['souvrir-a-linternational'],
  sante: ['sante'],
  se_former: ['se-former'],
  trouver_un_emploi: ['trouver-un-emploi'],
} as const satisfies Record<string, readonly Categorie[]>;
