// What each kind of partner really publishes: offer templates written from the catalogues of
// départements, France Travail, missions locales, SIAE, plateformes mobilité, crèches AVIP, etc.
// The generator instantiates them in real communes; texts stay in French (users read them).
import type {
  Frais,
  ModeMobilisation,
  PersonneMobilisatrice,
  Public,
  ReseauPorteur,
  Thematique,
  TypeService,
} from '@spie/core';

/** Where the offer is open: the place's commune, its EPCI, its département, or nowhere restricted. */
export type ZoneKind = 'commune' | 'epci' | 'departement' | 'aucune';
/** How it is delivered: on site, on site or remotely, remotely only. */
export type Accueil = 'presentiel' | 'hybride' | 'distance';

export interface OfferTemplate {
  /** Short slug, part of the offer id. */
  key: string;
  /** Name variants; `{commune}` is replaced by the place's commune. No final dot. */
  noms: readonly string[];
  type: TypeService;
  thematiques: readonly Thematique[];
  /** 100–450 characters; the generator appends where and how. */
  description: string;
  publics: readonly Public[];
  publics_precisions?: string;
  conditions_acces?: string;
  age_min?: number;
  age_max?: number;
  eligibilite_iae_requise?: boolean;
  frais?: Frais;
  frais_precisions?: string;
  accueil?: Accueil;
  /** Sessions (formations, ateliers): weeks and weekly hours ranges. */
  session?: { weeks: readonly [number, number]; hours: readonly [number, number] };
  places?: readonly [number, number];
  zone?: ZoneKind;
  mobilisable_par?: readonly PersonneMobilisatrice[];
  modes_mobilisation?: readonly ModeMobilisation[];
}

export type PartnerKindSlug =
  | 'conseil-departemental'
  | 'france-travail'
  | 'mission-locale'
  | 'aci'
  | 'ei'
  | 'ai'
  | 'etti'
  | 'plateforme-mobilite'
  | 'creche-avip'
  | 'organisme-formation'
  | 'ccas'
  | 'aide-alimentaire'
  | 'centre-social'
  | 'cidff';

export interface PartnerKind {
  kind: PartnerKindSlug;
  label: string;
  reseaux: readonly ReseauPorteur[];
  /** OpenStreetMap opening_hours values seen at this kind of place. */
  hours: readonly string[];
  zone: ZoneKind;
  mobilisable_par: readonly PersonneMobilisatrice[];
  modes_mobilisation: readonly ModeMobilisation[];
  /** How its places spread: by population (towns), or also in small communes (rural). */
  spread: 'population' | 'rural';
  templates: readonly OfferTemplate[];
}

const OFFICE_HOURS = ['Mo-Fr 09:00-12:30,13:30-17:00', 'Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00'];
const JEUNES = { publics: ['jeunes'], age_min: 16, age_max: 25 } as const;
const IAE_PUBLICS: readonly Public[] = [
  'demandeurs-emploi',
  'beneficiaires-des-minimas-sociaux',
  'jeunes',
  'residents-qpv-frr',
  'personnes-en-situation-de-handicap',
];
const IAE_CONDITIONS =
  'Éligibilité à l’insertion par l’activité économique vérifiée par un prescripteur habilité (France Travail, mission locale, Cap emploi, département) ou par la structure.';

export const PARTNER_KINDS: readonly PartnerKind[] = [
  {
    kind: 'conseil-departemental',
    label: 'Conseil départemental',
    reseaux: ['departements'],
    hours: OFFICE_HOURS,
    zone: 'departement',
    mobilisable_par: ['professionnels', 'usagers'],
    modes_mobilisation: ['telephoner', 'se-presenter'],
    spread: 'population',
    templates: [
      {
        key: 'rsa-referent',
        noms: [
          'Accompagnement socioprofessionnel des allocataires du RSA',
          'Référent unique RSA – {commune}',
        ],
        type: 'accompagnement',
        thematiques: [
          'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
          'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
        ],
        description:
          'Un référent unique accompagne les allocataires du RSA dans leur parcours : diagnostic de la situation, contrat d’engagement réciproque, levée des freins (santé, logement, mobilité, garde d’enfants) et retour progressif vers l’emploi.',
        publics: ['beneficiaires-des-minimas-sociaux'],
        conditions_acces: 'Être allocataire du RSA et orienté vers un parcours socioprofessionnel.',
        mobilisable_par: ['professionnels'],
      },
      {
        key: 'aide-mobilite-rsa',
        noms: ['Aide financière à la mobilité des allocataires du RSA'],
        type: 'aide-financiere',
        thematiques: ['mobilite--financer-ma-mobilite'],
        description:
          'Prise en charge partielle des frais de déplacement (carburant, abonnement de transport, réparation du véhicule) pour se rendre à un entretien, une formation ou un premier emploi. Demande instruite par le référent RSA.',
        publics: ['beneficiaires-des-minimas-sociaux'],
        mobilisable_par: ['professionnels'],
      },
      {
        key: 'fsl-maintien',
        noms: ['Fonds de solidarité pour le logement – maintien dans le logement'],
        type: 'aide-financiere',
        thematiques: [
          'logement-hebergement--reduire-les-impayes-de-loyer',
          'logement-hebergement--se-maintenir-dans-le-logement',
        ],
        description:
          'Le FSL aide les ménages en difficulté à payer une dette de loyer, des factures d’énergie ou d’eau et à rester dans leur logement. Dossier déposé avec un travailleur social ; décision en commission sous un mois.',
        publics: ['tous-publics'],
        conditions_acces: 'Ressources inférieures au plafond du règlement intérieur du FSL.',
      },
      {
        key: 'masp',
        noms: ['Mesure d’accompagnement social personnalisé (MASP)'],
        type: 'accompagnement',
        thematiques: [
          'difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere',
          'difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte',
        ],
        description:
          'Accompagnement contractualisé pour les personnes qui perçoivent des prestations sociales et dont la santé ou la sécurité est menacée par des difficultés à gérer leurs ressources. Gestion budgétaire, paiement prioritaire du loyer.',
        publics: ['beneficiaires-des-minimas-sociaux', 'personnes-en-situation-durgence'],
        mobilisable_par: ['professionnels'],
      },
      {
        key: 'pmi',
        noms: ['Consultations de protection maternelle et infantile – {commune}'],
        type: 'information',
        thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation', 'sante--acces-aux-soins'],
        description:
          'Consultations gratuites de médecins et de puéricultrices pour les enfants de moins de 6 ans, suivi de grossesse par une sage-femme, conseils aux parents et vaccinations, sans avance de frais.',
        publics: ['familles', 'femmes'],
        publics_precisions: 'Futurs parents et parents d’enfants de moins de 6 ans.',
        zone: 'commune',
      },
      {
        key: 'apa-aidants',
        noms: ['Information des aidants et allocation personnalisée d’autonomie'],
        type: 'information',
        thematiques: ['famille--prise-en-charge-personne-dependante', 'famille--soutien-aidants'],
        description:
          'Information sur l’APA à domicile, l’aide au répit et les solutions d’accueil temporaire ; évaluation du besoin à domicile par une équipe médico-sociale et orientation vers les groupes de parole pour aidants.',
        publics: ['seniors', 'familles'],
      },
      {
        key: 'mdph-dossier',
        noms: ['Aide à la constitution du dossier MDPH'],
        type: 'accompagnement',
        thematiques: ['sante--constituer-un-dossier-mdph-invalidite'],
        description:
          'Un travailleur social aide à remplir la demande à la maison départementale des personnes handicapées (AAH, RQTH, carte mobilité inclusion), à réunir le certificat médical et à suivre le dossier.',
        publics: ['personnes-en-situation-de-handicap'],
      },
      {
        key: 'job-dating-rsa',
        noms: ['Rencontres employeurs du territoire – {commune}', 'Job dating insertion et RSA'],
        type: 'atelier',
        thematiques: [
          'trouver-un-emploi--convaincre-un-recruteur-en-entretien',
          'preparer-sa-candidature--developper-son-reseau',
        ],
        description:
          'Demi-journée de rencontres entre employeurs qui recrutent (aide à domicile, logistique, agriculture, BTP) et personnes accompagnées. Préparation la veille avec le référent, entretiens courts sur place.',
        publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi'],
        session: { weeks: [1, 1], hours: [3, 4] },
        places: [10, 40],
      },
      {
        key: 'accession',
        noms: ['Information sur l’accession sociale à la propriété'],
        type: 'information',
        thematiques: [
          'logement-hebergement--acheter-un-logement',
          'logement-hebergement--changer-de-logement',
        ],
        description:
          'Permanence d’information sur le prêt à taux zéro, le bail réel solidaire et les aides locales à l’accession, avec simulation du budget d’achat et des charges.',
        publics: ['tous-publics'],
        accueil: 'hybride',
      },
    ],
  },
  {
    kind: 'france-travail',
    label: 'Agence France Travail',
    reseaux: ['france-travail'],
    hours: ['Mo-Th 08:30-12:30; Fr 08:30-12:00', 'Mo-We 08:30-16:30; Th 08:30-12:30; Fr 08:30-15:30'],
    zone: 'departement',
    mobilisable_par: ['professionnels', 'usagers'],
    modes_mobilisation: ['utiliser-lien-mobilisation', 'telephoner'],
    spread: 'population',
    templates: [
      {
        key: 'atelier-cv',
        noms: ['Atelier CV et lettre de motivation', 'Atelier « Mon CV en une matinée »'],
        type: 'atelier',
        thematiques: ['preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation'],
        description:
          'En petit groupe, construire ou actualiser son CV, mettre en avant ses compétences et rédiger une lettre adaptée à une offre. Chacun repart avec un CV prêt à envoyer.',
        publics: ['demandeurs-emploi'],
        accueil: 'hybride',
        session: { weeks: [1, 1], hours: [3, 3] },
        places: [6, 12],
      },
      {
        key: 'atelier-entretien',
        noms: ['Atelier « Réussir son entretien d’embauche »'],
        type: 'atelier',
        thematiques: ['trouver-un-emploi--convaincre-un-recruteur-en-entretien'],
        description:
          'Simulations d’entretien filmées, questions pièges, présentation en deux minutes et conseils sur la posture. Atelier animé par un conseiller entreprise.',
        publics: ['demandeurs-emploi'],
        session: { weeks: [1, 1], hours: [3, 3] },
        places: [6, 10],
      },
      {
        key: 'valoriser-image',
        noms: ['Prestation « Valoriser son image professionnelle »'],
        type: 'accompagnement',
        thematiques: ['preparer-sa-candidature--valoriser-ses-competences'],
        description:
          'Accompagnement individuel et collectif de quatre semaines pour identifier ses savoir-faire transférables, les formuler face à un employeur et gagner en confiance.',
        publics: ['demandeurs-emploi'],
        session: { weeks: [4, 4], hours: [6, 10] },
        places: [8, 14],
        mobilisable_par: ['professionnels'],
      },
      {
        key: 'immersion',
        noms: ['Immersion professionnelle en entreprise (PMSMP)'],
        type: 'accompagnement',
        thematiques: [
          'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite',
          'choisir-un-metier--confirmer-son-choix-de-metier',
        ],
        description:
          'Découvrir un métier ou confirmer un projet par une période de mise en situation en milieu professionnel de quelques jours à un mois, sans perte d’allocation, avec une convention signée par France Travail.',
        publics: ['demandeurs-emploi', 'tous-publics'],
      },
      {
        key: 'activ-projet',
        noms: ['Activ’Projet – définir son projet professionnel'],
        type: 'accompagnement',
        thematiques: [
          'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
          'choisir-un-metier--confirmer-son-choix-de-metier',
        ],
        description:
          'Trois mois pour faire le point sur ses compétences et ses envies, explorer des métiers et construire un projet réaliste avec un prestataire mandaté par France Travail.',
        publics: ['demandeurs-emploi'],
        accueil: 'hybride',
        session: { weeks: [12, 12], hours: [4, 8] },
        mobilisable_par: ['professionnels'],
      },
      {
        key: 'metiers-qui-recrutent',
        noms: ['Information sur les métiers qui recrutent – {commune}'],
        type: 'information',
        thematiques: ['choisir-un-metier--connaitre-les-opportunites-demploi'],
        description:
          'Réunion d’information sur les secteurs en tension du bassin d’emploi, les salaires, les conditions de travail et les formations financées pour y accéder.',
        publics: ['tous-publics'],
        session: { weeks: [1, 1], hours: [2, 2] },
      },
      {
        key: 'activ-crea',
        noms: ['Activ’Créa – explorer la création d’entreprise'],
        type: 'accompagnement',
        thematiques: [
          'creer-une-entreprise--definir-son-projet-de-creation-dentreprise',
          'creer-une-entreprise--structurer-son-projet-de-creation-dentreprise',
        ],
        description:
          'Accompagnement pour vérifier si la création ou la reprise d’entreprise est une voie adaptée : idée, marché, statut, financement, aides au créateur (ARCE, ACRE).',
        publics: ['demandeurs-emploi'],
        accueil: 'hybride',
        session: { weeks: [6, 12], hours: [3, 6] },
      },
      {
        key: 'post-creation',
        noms: ['Suivi post-création des jeunes entreprises'],
        type: 'accompagnement',
        thematiques: ['creer-une-entreprise--developper-son-entreprise'],
        description:
          'Suivi pendant les trois premières années d’activité : trésorerie, premiers recrutements, aides à l’embauche et mise en relation avec les réseaux d’entrepreneurs du territoire.',
        publics: ['actifs', 'demandeurs-emploi'],
        accueil: 'distance',
      },
      {
        key: 'conseil-formation',
        noms: ['Conseil en formation et montage du dossier'],
        type: 'accompagnement',
        thematiques: ['se-former--trouver-sa-formation', 'se-former--monter-son-dossier-de-formation'],
        description:
          'Un conseiller aide à choisir une formation adaptée au projet, à mobiliser le compte personnel de formation et les financements de la région, puis à constituer le dossier d’inscription.',
        publics: ['demandeurs-emploi', 'actifs'],
        accueil: 'hybride',
      },
      {
        key: 'relancer-candidatures',
        noms: ['Atelier numérique « Suivre et relancer ses candidatures »'],
        type: 'atelier',
        thematiques: [
          'trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs',
          'trouver-un-emploi--repondre-a-des-offres-demploi',
        ],
        description:
          'Utiliser son espace personnel, créer des alertes, répondre aux offres en ligne, tenir un tableau de suivi et relancer les employeurs au bon moment. Atelier à distance en visioconférence.',
        publics: ['demandeurs-emploi'],
        accueil: 'distance',
        session: { weeks: [1, 1], hours: [2, 2] },
        places: [8, 20],
      },
      {
        key: 'candidatures-spontanees',
        noms: ['Atelier candidatures spontanées et marché caché'],
        type: 'atelier',
        thematiques: [
          'trouver-un-emploi--faire-des-candidatures-spontanees',
          'preparer-sa-candidature--developper-son-reseau',
        ],
        description:
          'Repérer les entreprises qui recrutent sans publier d’offre, préparer un message d’approche et un argumentaire téléphonique, utiliser les réseaux professionnels.',
        publics: ['demandeurs-emploi'],
        session: { weeks: [1, 2], hours: [3, 6] },
        places: [6, 12],
      },
      {
        key: 'eures',
        noms: ['Travailler en Europe : information EURES'],
        type: 'information',
        thematiques: [
          'souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger',
          'souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger',
        ],
        description:
          'Conseillers EURES : offres d’emploi en Europe, équivalence des diplômes, protection sociale, aides à la mobilité internationale et séjours de découverte professionnelle.',
        publics: ['tous-publics'],
        accueil: 'hybride',
      },
      {
        key: 'retour-france',
        noms: ['Accompagnement au retour en France après une expatriation'],
        type: 'information',
        thematiques: ['souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france'],
        description:
          'Inscription, ouverture des droits, reconnaissance de l’expérience acquise à l’étranger et démarches de retour (assurance maladie, logement) pour les Français qui reviennent s’installer.',
        publics: ['tous-publics'],
        accueil: 'distance',
      },
      {
        key: 'maintien-emploi',
        noms: ['Prévenir la désinsertion professionnelle'],
        type: 'accompagnement',
        thematiques: ['trouver-un-emploi--maintien-dans-lemploi'],
        description:
          'Pour les salariés fragilisés par un problème de santé ou un risque de licenciement : bilan, aménagement de poste avec le médecin du travail, reconversion et formation.',
        publics: ['actifs', 'personnes-en-situation-de-handicap'],
      },
    ],
  },
  {
    kind: 'mission-locale',
    label: 'Mission locale',
    reseaux: ['mission-locale'],
    hours: ['Mo-Fr 09:00-12:30,13:30-17:30', 'Mo,Tu,Th,Fr 09:00-12:00,14:00-17:30; We 09:00-12:00'],
    zone: 'epci',
    mobilisable_par: ['professionnels', 'usagers'],
    modes_mobilisation: ['telephoner', 'se-presenter', 'envoyer-un-courriel'],
    spread: 'population',
    templates: [
      {
        key: 'cej',
        noms: ['Contrat d’engagement jeune (CEJ)', 'Contrat d’engagement jeune – {commune}'],
        type: 'accompagnement',
        thematiques: [
          'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
          'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
          'difficultes-financieres--acquerir-une-autonomie-budgetaire',
        ],
        description:
          'Accompagnement intensif de 15 à 20 heures par semaine avec un conseiller dédié, pendant 6 à 12 mois : ateliers, immersions, formation, et une allocation pouvant aller jusqu’à 545 € par mois selon les ressources.',
        ...JEUNES,
        publics_precisions:
          'Jeunes de 16 à 25 ans (29 ans en situation de handicap) sans emploi ni formation.',
        places: [0, 15],
      },
      {
        key: 'decouverte-metiers',
        noms: ['Atelier découverte des métiers', 'Visites d’entreprises et découverte des métiers'],
        type: 'atelier',
        thematiques: ['choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite'],
        description:
          'Visites d’entreprises, rencontres avec des professionnels et tests de gestes métiers pour se faire une idée concrète d’un secteur avant de choisir une formation ou un emploi.',
        ...JEUNES,
        session: { weeks: [1, 3], hours: [6, 12] },
        places: [6, 12],
      },
      {
        key: 'parrainage',
        noms: ['Parrainage vers l’emploi'],
        type: 'accompagnement',
        thematiques: ['preparer-sa-candidature--developper-son-reseau'],
        description:
          'Un parrain ou une marraine bénévole, salarié ou retraité, accompagne le jeune pendant six mois : conseils, ouverture de son carnet d’adresses, préparation aux entretiens.',
        ...JEUNES,
      },
      {
        key: 'logement-jeunes',
        noms: ['Point information logement jeunes'],
        type: 'information',
        thematiques: [
          'logement-hebergement--louer-un-logement',
          'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement',
        ],
        description:
          'Trouver un premier logement : foyers de jeunes travailleurs, colocation, garantie Visale, aides de la CAF et Loca-Pass, préparation du dossier de location.',
        ...JEUNES,
        accueil: 'hybride',
      },
      {
        key: 'sante-jeunes',
        noms: ['Permanence santé jeunes'],
        type: 'accompagnement',
        thematiques: ['sante--acces-aux-soins', 'sante--sante-mentale', 'sante--sante-sexuelle'],
        description:
          'Écoute avec une psychologue, bilan de santé gratuit, ouverture des droits à la complémentaire santé solidaire et orientation vers un médecin ou un centre de santé sexuelle.',
        ...JEUNES,
      },
      {
        key: 'addictions-jeunes',
        noms: ['Consultation jeunes consommateurs'],
        type: 'accompagnement',
        thematiques: ['sante--addictions'],
        description:
          'Consultation anonyme et gratuite pour les jeunes qui s’interrogent sur leur consommation d’alcool, de cannabis ou d’écrans, et pour leur entourage. En lien avec le CSAPA.',
        publics: ['jeunes', 'familles'],
        age_min: 12,
        age_max: 25,
      },
      {
        key: 'permis-jeunes',
        noms: ['Aide au financement du permis B'],
        type: 'aide-financiere',
        thematiques: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
        description:
          'Aide au permis de conduire pour les jeunes en parcours d’insertion, cumulable avec l’aide de l’État pour les apprentis. Le conseiller monte le dossier avec une auto-école partenaire.',
        publics: ['jeunes'],
        age_min: 18,
        age_max: 25,
      },
      {
        key: 'budget-jeunes',
        noms: ['Atelier « Gérer son budget »'],
        type: 'atelier',
        thematiques: [
          'difficultes-financieres--acquerir-une-autonomie-budgetaire',
          'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
        ],
        description:
          'Ouvrir un compte, lire une fiche de paie, prévoir ses dépenses et éviter les crédits renouvelables : un atelier pratique avec une conseillère en économie sociale et familiale.',
        ...JEUNES,
        session: { weeks: [1, 1], hours: [2, 3] },
        places: [5, 10],
      },
      {
        key: 'international-jeunes',
        noms: ['Mobilité internationale des jeunes'],
        type: 'information',
        thematiques: [
          'souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger',
          'souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger',
        ],
        description:
          'Stages et volontariat en Europe (Erasmus+, corps européen de solidarité), bourses de mobilité et accompagnement au départ pour les jeunes peu qualifiés.',
        ...JEUNES,
        accueil: 'hybride',
      },
      {
        key: 'faj',
        noms: ['Fonds d’aide aux jeunes (FAJ)'],
        type: 'aide-financiere',
        thematiques: [
          'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
          'equipement-et-alimentation--alimentation',
        ],
        description:
          'Secours ponctuel pour faire face à une urgence (alimentation, transport, hébergement) ou financer une étape du parcours d’insertion. Demande présentée par le conseiller.',
        publics: ['jeunes'],
        age_min: 18,
        age_max: 25,
        mobilisable_par: ['professionnels'],
      },
      {
        key: 'alternance',
        noms: ['Job dating alternance', 'Forum de l’alternance – {commune}'],
        type: 'atelier',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'trouver-un-emploi--faire-des-candidatures-spontanees',
        ],
        description:
          'Rencontrer des employeurs et des centres de formation d’apprentis qui cherchent des alternants, avec un temps de préparation du CV la semaine précédente.',
        ...JEUNES,
        session: { weeks: [1, 1], hours: [3, 4] },
        places: [15, 60],
      },
    ],
  },
  {
    kind: 'aci',
    label: 'Atelier et chantier d’insertion',
    reseaux: ['aci'],
    hours: ['Mo-Fr 08:00-12:00,13:00-16:00', 'Mo-Th 08:00-12:00,13:00-16:30'],
    zone: 'epci',
    mobilisable_par: ['professionnels'],
    modes_mobilisation: ['telephoner', 'envoyer-un-courriel'],
    spread: 'population',
    templates: [
      {
        key: 'chantier-espaces-verts',
        noms: [
          'Chantier d’insertion espaces verts – {commune}',
          'Chantier d’insertion entretien des espaces naturels',
        ],
        type: 'accompagnement',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite',
        ],
        description:
          'Contrat à durée déterminée d’insertion de 26 heures par semaine : tonte, taille, débroussaillage et entretien des berges, avec un encadrant technique et une accompagnatrice socioprofessionnelle.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        zone: 'epci',
        session: { weeks: [26, 52], hours: [26, 26] },
        places: [0, 6],
      },
      {
        key: 'chantier-maraichage',
        noms: ['Chantier d’insertion maraîchage biologique', 'Jardin de cocagne – chantier d’insertion'],
        type: 'accompagnement',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'remobilisation--bien-etre-confiance-en-soi',
        ],
        description:
          'Production de légumes biologiques vendus en paniers à des adhérents : semis, récolte, préparation des commandes. CDDI de 4 à 24 mois avec formation et accompagnement vers l’emploi durable.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        session: { weeks: [16, 104], hours: [24, 26] },
        places: [0, 5],
      },
      {
        key: 'chantier-batiment',
        noms: [
          'Chantier d’insertion second œuvre du bâtiment',
          'Chantier d’insertion rénovation du patrimoine',
        ],
        type: 'accompagnement',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'preparer-sa-candidature--valoriser-ses-competences',
        ],
        description:
          'Peinture, plâtrerie, maçonnerie traditionnelle et restauration de petit patrimoine communal. Les compétences acquises sont reconnues par une attestation et peuvent ouvrir sur un titre professionnel.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        session: { weeks: [26, 52], hours: [26, 30] },
        places: [0, 4],
      },
      {
        key: 'chantier-immersion',
        noms: ['Chantier d’insertion – immersion découverte de deux semaines'],
        type: 'atelier',
        thematiques: [
          'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite',
          'trouver-un-emploi--repondre-a-des-offres-demploi',
        ],
        description:
          'Deux semaines d’immersion sur le chantier pour découvrir le travail en équipe et les métiers de l’environnement avant un éventuel recrutement en CDDI. Aucun diplôme demandé.',
        publics: ['jeunes', 'demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
        eligibilite_iae_requise: false,
        session: { weeks: [2, 2], hours: [20, 26] },
        places: [1, 4],
      },
      {
        key: 'garage-solidaire-aci',
        noms: ['Atelier mécanique solidaire'],
        type: 'aide-materielle',
        thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
        description:
          'Réparation et entretien de voitures et deux-roues à prix coûtant pour les personnes orientées par un travailleur social ; l’atelier est aussi un support d’insertion pour les salariés en parcours.',
        publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi'],
        frais: 'payant',
        frais_precisions: 'Pièces au prix coûtant, main-d’œuvre à 15 € de l’heure.',
      },
      {
        key: 'ressourcerie',
        noms: ['Ressourcerie – vente solidaire d’équipement et de vêtements'],
        type: 'aide-materielle',
        thematiques: [
          'equipement-et-alimentation--electromenager',
          'equipement-et-alimentation--habillement',
        ],
        description:
          'Électroménager révisé et garanti six mois, meubles et vêtements de seconde main à petits prix. Bons d’achat acceptés sur orientation d’un travailleur social.',
        publics: ['tous-publics'],
        frais: 'payant',
        frais_precisions: 'Prix solidaires, gratuité sur bon d’un travailleur social.',
        mobilisable_par: ['usagers', 'professionnels'],
        modes_mobilisation: ['se-presenter'],
      },
    ],
  },
  {
    kind: 'ei',
    label: 'Entreprise d’insertion',
    reseaux: ['ei'],
    hours: ['Mo-Fr 07:30-12:00,13:00-16:00'],
    zone: 'departement',
    mobilisable_par: ['professionnels'],
    modes_mobilisation: ['telephoner', 'envoyer-un-courriel'],
    spread: 'population',
    templates: [
      {
        key: 'ei-proprete',
        noms: ['Agent de propreté en entreprise d’insertion', 'Entreprise d’insertion – nettoyage de locaux'],
        type: 'accompagnement',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'trouver-un-emploi--maintien-dans-lemploi',
        ],
        description:
          'Contrat à durée déterminée d’insertion dans le nettoyage de bureaux et de parties communes, avec formation aux techniques professionnelles et accompagnement vers un emploi durable du secteur.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        session: { weeks: [17, 104], hours: [20, 35] },
        places: [0, 5],
      },
      {
        key: 'ei-logistique',
        noms: ['Préparateur de commandes en entreprise d’insertion'],
        type: 'accompagnement',
        thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'se-former--trouver-sa-formation'],
        description:
          'Poste de préparateur de commandes en entrepôt avec préparation au CACES 1, 3 et 5 ; accompagnement socioprofessionnel et mise en relation avec les entreprises logistiques partenaires.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        session: { weeks: [26, 52], hours: [35, 35] },
        places: [0, 6],
      },
      {
        key: 'ei-restauration',
        noms: ['Restaurant d’insertion – commis de cuisine et service'],
        type: 'accompagnement',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite',
        ],
        description:
          'Commis de cuisine, plonge et service en salle dans un restaurant ouvert au public. Parcours de 12 mois avec un chef formateur et la préparation d’un certificat de qualification professionnelle.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        session: { weeks: [26, 52], hours: [26, 35] },
        places: [0, 4],
      },
    ],
  },
  {
    kind: 'ai',
    label: 'Association intermédiaire',
    reseaux: ['ai'],
    hours: ['Mo-Fr 09:00-12:00,14:00-17:00'],
    zone: 'epci',
    mobilisable_par: ['professionnels', 'usagers'],
    modes_mobilisation: ['telephoner', 'se-presenter'],
    spread: 'rural',
    templates: [
      {
        key: 'ai-mise-a-disposition',
        noms: ['Missions de travail chez des particuliers et des collectivités'],
        type: 'accompagnement',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'preparer-sa-candidature--valoriser-ses-competences',
        ],
        description:
          'L’association met ses salariés à disposition de particuliers, d’associations et de communes pour du ménage, du jardinage, de la manutention ou de l’entretien de locaux, avec un suivi entre deux missions.',
        publics: IAE_PUBLICS,
        conditions_acces:
          'Inscription à l’association ; au-delà de 16 heures de mission en entreprise, éligibilité IAE requise.',
        eligibilite_iae_requise: false,
      },
      {
        key: 'ai-aide-menagere',
        noms: ['Aide ménagère solidaire à domicile'],
        type: 'aide-materielle',
        thematiques: ['equipement-et-alimentation--aide-menagere'],
        description:
          'Ménage, repassage et petites courses à domicile pour les personnes âgées ou malades, réalisés par des salariés en parcours d’insertion. Tarif horaire réduit et crédit d’impôt.',
        publics: ['seniors', 'personnes-en-situation-de-handicap'],
        frais: 'payant',
        frais_precisions: '21 € de l’heure avant crédit d’impôt de 50 %.',
        mobilisable_par: ['usagers', 'professionnels'],
      },
      {
        key: 'ai-accueil',
        noms: ['Accueil et inscription des demandeurs d’emploi – {commune}'],
        type: 'information',
        thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi'],
        description:
          'Permanence sans rendez-vous pour s’inscrire, présenter ses disponibilités et ses compétences, et être proposé sur les premières missions de quelques heures.',
        publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux', 'seniors'],
        zone: 'commune',
      },
    ],
  },
  {
    kind: 'etti',
    label: 'Entreprise de travail temporaire d’insertion',
    reseaux: ['etti'],
    hours: ['Mo-Fr 08:30-12:00,13:30-18:00'],
    zone: 'departement',
    mobilisable_par: ['professionnels'],
    modes_mobilisation: ['telephoner', 'envoyer-un-courriel', 'utiliser-lien-mobilisation'],
    spread: 'population',
    templates: [
      {
        key: 'etti-missions',
        noms: ['Missions d’intérim d’insertion – {commune}', 'Intérim d’insertion logistique et industrie'],
        type: 'accompagnement',
        thematiques: [
          'trouver-un-emploi--repondre-a-des-offres-demploi',
          'trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs',
        ],
        description:
          'Missions d’intérim dans l’industrie, le bâtiment et la logistique, avec un accompagnement socioprofessionnel entre les missions et un objectif d’embauche directe chez l’entreprise utilisatrice.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        places: [0, 12],
      },
      {
        key: 'etti-btp',
        noms: ['Intérim d’insertion bâtiment et travaux publics'],
        type: 'accompagnement',
        thematiques: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'se-former--trouver-sa-formation'],
        description:
          'Missions de manœuvre et d’aide-maçon sur chantiers de travaux publics, avec formation sécurité et AIPR. Équipements de protection fournis.',
        publics: IAE_PUBLICS,
        conditions_acces: IAE_CONDITIONS,
        eligibilite_iae_requise: true,
        places: [0, 8],
      },
    ],
  },
  {
    kind: 'plateforme-mobilite',
    label: 'Plateforme mobilité et auto-école sociale',
    reseaux: ['mobin', 'wimoov'],
    hours: ['Mo-Fr 09:00-12:00,13:30-17:00', 'Tu,Th 09:00-12:00,14:00-17:00'],
    zone: 'departement',
    mobilisable_par: ['professionnels'],
    modes_mobilisation: ['telephoner', 'envoyer-un-courriel'],
    spread: 'rural',
    templates: [
      {
        key: 'auto-ecole-sociale',
        noms: ['Auto-école sociale – préparation au permis B', 'Permis B accompagné – {commune}'],
        type: 'formation',
        thematiques: ['mobilite--preparer-un-permis'],
        description:
          'Préparation au code et à la conduite à un rythme adapté, avec des moniteurs formés à l’accompagnement des publics en difficulté (lecture, stress, langue). Leçons en petits groupes et sur véhicule à double commande.',
        publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi', 'jeunes', 'femmes'],
        conditions_acces:
          'Orientation par un référent (RSA, France Travail, mission locale) et projet professionnel nécessitant le permis.',
        frais: 'payant',
        frais_precisions: 'Reste à charge de 1 € par leçon ; le solde est financé par le département.',
        session: { weeks: [16, 36], hours: [3, 6] },
        places: [0, 8],
      },
      {
        key: 'code-en-ligne',
        noms: ['Code de la route en ligne accompagné'],
        type: 'formation',
        thematiques: ['mobilite--preparer-un-permis'],
        description:
          'Accès à une plateforme de révision du code avec un tuteur joignable par téléphone et une séance hebdomadaire en visioconférence. Prêt de tablette possible.',
        publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi', 'jeunes'],
        accueil: 'distance',
        session: { weeks: [8, 12], hours: [2, 4] },
      },
      {
        key: 'diagnostic-mobilite',
        noms: ['Bilan de compétences mobilité', 'Conseil en mobilité inclusive'],
        type: 'accompagnement',
        thematiques: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'],
        description:
          'Un conseiller mobilité évalue les habitudes de déplacement, les compétences (lire un plan, utiliser une application de transport) et construit un plan d’action : permis, vélo, covoiturage, aides financières.',
        publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi', 'jeunes', 'seniors'],
        accueil: 'hybride',
      },
      {
        key: 'location-solidaire',
        noms: ['Location solidaire de voitures et de scooters'],
        type: 'aide-materielle',
        thematiques: ['mobilite--acceder-a-un-vehicule'],
        description:
          'Location de courte durée d’une voiture ou d’un scooter pour se rendre au travail ou en formation, le temps de trouver une solution durable. Assurance et assistance comprises.',
        publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux', 'actifs'],
        frais: 'payant',
        frais_precisions: 'De 2 à 6 € par jour selon les ressources.',
        places: [0, 10],
      },
      {
        key: 'garage-solidaire',
        noms: ['Garage solidaire'],
        type: 'aide-materielle',
        thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
        description:
          'Entretien, contrôle technique préparé et réparations à tarif solidaire pour garder son véhicule en état de rouler et conserver son emploi.',
        publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi', 'actifs'],
        frais: 'payant',
        frais_precisions: 'Main-d’œuvre facturée selon le quotient familial.',
      },
      {
        key: 'velo',
        noms: ['Prêt de vélos à assistance électrique'],
        type: 'aide-materielle',
        thematiques: ['mobilite--mobilite-douce-partagee-collective'],
        description:
          'Prêt gratuit d’un vélo à assistance électrique pendant trois mois, avec antivol, casque et une séance de remise en selle pour circuler en sécurité.',
        publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux', 'jeunes'],
        places: [0, 15],
      },
      {
        key: 'transport-solidaire',
        noms: ['Transport solidaire à la demande – {commune}'],
        type: 'aide-materielle',
        thematiques: ['mobilite--mobilite-douce-partagee-collective'],
        description:
          'Des chauffeurs bénévoles conduisent les personnes sans véhicule à leurs rendez-vous (emploi, santé, démarches), sur réservation 48 heures à l’avance, contre une participation aux frais.',
        publics: ['tous-publics'],
        frais: 'payant',
        frais_precisions: '0,40 € par kilomètre parcouru.',
        zone: 'epci',
        mobilisable_par: ['usagers', 'professionnels'],
      },
      {
        key: 'microcredit',
        noms: ['Microcrédit personnel pour acheter un véhicule'],
        type: 'aide-financiere',
        thematiques: ['mobilite--financer-ma-mobilite', 'mobilite--acceder-a-un-vehicule'],
        description:
          'Prêt de 300 à 8 000 € garanti par l’État pour acheter ou réparer un véhicule nécessaire à l’emploi, pour les personnes exclues du crédit bancaire. Accompagnement budgétaire pendant le remboursement.',
        publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux', 'actifs'],
        accueil: 'hybride',
      },
    ],
  },
  {
    kind: 'creche-avip',
    label: 'Crèche à vocation d’insertion professionnelle',
    reseaux: ['creches-avip'],
    hours: ['Mo-Fr 07:30-18:30', 'Mo-Fr 07:00-19:00'],
    zone: 'epci',
    mobilisable_par: ['professionnels', 'usagers'],
    modes_mobilisation: ['telephoner', 'se-presenter'],
    spread: 'rural',
    templates: [
      {
        key: 'creche-avip',
        noms: [
          'Crèche à vocation d’insertion professionnelle – {commune}',
          'Multi-accueil AVIP de {commune}',
        ],
        type: 'accompagnement',
        thematiques: ['famille--garde-denfants'],
        description:
          'Places d’accueil réservées aux enfants de 0 à 3 ans dont les parents cherchent un emploi ou une formation, en priorité les parents isolés. En échange, le parent s’engage dans un accompagnement renforcé vers l’emploi.',
        publics: ['familles', 'femmes', 'demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
        publics_precisions:
          'Parents d’enfants de moins de 3 ans, en priorité les parents isolés en recherche d’emploi.',
        frais: 'payant',
        frais_precisions: 'Barème national de la CAF selon les ressources (à partir de 0,27 € de l’heure).',
        places: [0, 6],
      },
      {
        key: 'halte-garderie',
        noms: ['Halte-garderie solidaire pour les rendez-vous d’insertion'],
        type: 'accompagnement',
        thematiques: ['famille--garde-denfants'],
        description:
          'Accueil occasionnel de quelques heures pour que les parents se rendent à un entretien d’embauche, une formation ou un rendez-vous administratif, sur simple réservation la veille.',
        publics: ['familles', 'tous-publics'],
        frais: 'gratuit',
        places: [1, 8],
      },
      {
        key: 'rpe',
        noms: ['Relais petite enfance – information sur les modes de garde'],
        type: 'information',
        thematiques: ['famille--garde-denfants', 'famille--soutien-a-la-parentalite-et-a-leducation'],
        description:
          'Liste des assistantes maternelles disponibles, aide au choix du mode de garde, au contrat de travail et aux aides de la CAF (complément de libre choix du mode de garde). Rendez-vous sur place ou par téléphone.',
        publics: ['familles'],
        accueil: 'hybride',
        zone: 'epci',
      },
      {
        key: 'parents-enfants',
        noms: ['Ateliers parents-enfants'],
        type: 'atelier',
        thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
        description:
          'Temps d’éveil partagé entre parents et tout-petits, échanges avec une éducatrice de jeunes enfants sur le sommeil, l’alimentation et la séparation avant la reprise d’emploi.',
        publics: ['familles'],
        session: { weeks: [6, 10], hours: [2, 2] },
        places: [4, 10],
      },
    ],
  },
  {
    kind: 'organisme-formation',
    label: 'Organisme de formation',
    reseaux: ['anlci'],
    hours: ['Mo-Fr 08:30-12:30,13:30-17:00', 'Mo-Th 09:00-12:00,13:30-17:30'],
    zone: 'departement',
    mobilisable_par: ['professionnels', 'usagers'],
    modes_mobilisation: ['telephoner', 'envoyer-un-courriel', 'utiliser-lien-mobilisation'],
    spread: 'population',
    templates: [
      {
        key: 'fle-a1',
        noms: [
          'Cours de français langue étrangère (FLE) – niveau A1',
          'Français langue étrangère – {commune}',
        ],
        type: 'formation',
        thematiques: ['lecture-ecriture-calcul--maitriser-le-francais'],
        description:
          'Apprendre le français de la vie quotidienne et du travail : se présenter, comprendre un rendez-vous, remplir un formulaire. Positionnement à l’entrée, groupes de 12 personnes au plus, attestation de niveau en fin de parcours.',
        publics: ['personnes-exilees', 'tous-publics'],
        publics_precisions:
          'Personnes étrangères ou réfugiées, dont le niveau de français est inférieur à A1 ou A2.',
        session: { weeks: [10, 24], hours: [6, 15] },
        places: [0, 12],
      },
      {
        key: 'asl',
        noms: ['Ateliers sociolinguistiques (ASL)'],
        type: 'atelier',
        thematiques: [
          'lecture-ecriture-calcul--maitriser-le-francais',
          'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
        ],
        description:
          'Apprendre le français en pratiquant les lieux de la vie sociale : mairie, école, pharmacie, transports. Pour les adultes qui ont besoin de gagner en autonomie dans leurs démarches.',
        publics: ['personnes-exilees', 'femmes', 'tous-publics'],
        session: { weeks: [12, 30], hours: [3, 6] },
        places: [0, 15],
      },
      {
        key: 'fle-distance',
        noms: ['Français langue étrangère à distance'],
        type: 'formation',
        thematiques: ['lecture-ecriture-calcul--maitriser-le-francais'],
        description:
          'Cours de français en visioconférence deux soirs par semaine et exercices sur une application, pour les personnes qui travaillent ou ne peuvent pas se déplacer. Niveaux A1 à B1.',
        publics: ['personnes-exilees', 'actifs'],
        accueil: 'distance',
        session: { weeks: [12, 12], hours: [3, 4] },
        places: [0, 20],
      },
      {
        key: 'calcul',
        noms: ['Remise à niveau en calcul et raisonnement'],
        type: 'formation',
        thematiques: ['lecture-ecriture-calcul--maitriser-le-calcul'],
        description:
          'Reprendre les bases du calcul utiles au travail et à la vie courante : opérations, pourcentages, mesures, lecture de tableaux. Préparation possible au certificat CléA.',
        publics: ['demandeurs-emploi', 'actifs', 'tous-publics'],
        session: { weeks: [6, 12], hours: [6, 12] },
        places: [0, 12],
      },
      {
        key: 'illettrisme',
        noms: ['Savoirs de base : lire, écrire, compter'],
        type: 'formation',
        thematiques: [
          'lecture-ecriture-calcul--maitriser-le-francais',
          'lecture-ecriture-calcul--maitriser-le-calcul',
        ],
        description:
          'Formation pour les adultes scolarisés en France qui ont des difficultés à lire, écrire ou compter. Parcours individualisé, dans la discrétion, avec un formateur spécialisé.',
        publics: ['tous-publics'],
        session: { weeks: [10, 30], hours: [4, 10] },
        places: [0, 10],
      },
      {
        key: 'pix',
        noms: ['Compétences numériques de base (préparation Pix)'],
        type: 'formation',
        thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
        description:
          'Utiliser un ordinateur, gérer ses fichiers, envoyer un courriel avec pièce jointe et se protéger en ligne ; certification Pix en fin de parcours, reconnue par les employeurs.',
        publics: ['demandeurs-emploi', 'tous-publics'],
        session: { weeks: [4, 8], hours: [6, 12] },
        places: [0, 12],
      },
      {
        key: 'prequalif',
        noms: ['Formation préqualifiante aux métiers du soin et de l’aide à domicile'],
        type: 'formation',
        thematiques: ['se-former--trouver-sa-formation', 'choisir-un-metier--confirmer-son-choix-de-metier'],
        description:
          'Trois mois pour découvrir les métiers d’aide-soignant et d’auxiliaire de vie, faire deux stages et préparer l’entrée en formation qualifiante. Rémunération possible par la région.',
        publics: ['demandeurs-emploi'],
        session: { weeks: [10, 14], hours: [30, 35] },
        places: [0, 14],
      },
      {
        key: 'citoyennete',
        noms: ['Formation civique et accès à la citoyenneté'],
        type: 'formation',
        thematiques: [
          'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete',
        ],
        description:
          'Connaître les institutions, les droits et devoirs, préparer l’entretien d’assimilation pour une demande de naturalisation ou de carte de résident.',
        publics: ['personnes-exilees'],
        session: { weeks: [2, 4], hours: [6, 6] },
        places: [0, 16],
      },
    ],
  },
  {
    kind: 'ccas',
    label: 'Centre communal d’action sociale',
    reseaux: ['ccas-cias'],
    hours: OFFICE_HOURS,
    zone: 'commune',
    mobilisable_par: ['usagers', 'professionnels'],
    modes_mobilisation: ['se-presenter', 'telephoner'],
    spread: 'population',
    templates: [
      {
        key: 'domiciliation',
        noms: ['Domiciliation administrative – {commune}'],
        type: 'accompagnement',
        thematiques: [
          'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
          'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
        ],
        description:
          'Adresse postale pour recevoir son courrier et faire valoir ses droits (RSA, assurance maladie, inscription à France Travail) quand on n’a pas de domicile stable.',
        publics: ['personnes-en-situation-durgence', 'tous-publics'],
        zone: 'commune',
      },
      {
        key: 'aide-urgence',
        noms: ['Aide alimentaire d’urgence et bons d’achat'],
        type: 'aide-financiere',
        thematiques: [
          'equipement-et-alimentation--alimentation',
          'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
        ],
        description:
          'Bons alimentaires ou aide financière ponctuelle accordés après un entretien avec un travailleur social, en attendant l’ouverture de droits ou le versement d’un salaire.',
        publics: ['tous-publics'],
        zone: 'commune',
      },
      {
        key: 'pcb',
        noms: ['Point conseil budget'],
        type: 'accompagnement',
        thematiques: [
          'difficultes-financieres--situation-dendettement-surendettement',
          'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
        ],
        description:
          'Conseil gratuit et confidentiel pour faire le point sur son budget, négocier avec les créanciers et, si besoin, déposer un dossier de surendettement à la Banque de France.',
        publics: ['tous-publics'],
        accueil: 'hybride',
        zone: 'departement',
      },
      {
        key: 'hebergement',
        noms: ['Accueil et orientation vers l’hébergement d’urgence'],
        type: 'accompagnement',
        thematiques: [
          'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
          'logement-hebergement--changer-de-logement',
        ],
        description:
          'Évaluation de la situation, demande au SIAO et orientation vers un hébergement temporaire ou un logement adapté ; aide au dépôt de la demande de logement social.',
        publics: ['personnes-en-situation-durgence', 'tous-publics'],
      },
      {
        key: 'equipement-logement',
        noms: ['Aide à l’équipement du logement'],
        type: 'aide-financiere',
        thematiques: [
          'equipement-et-alimentation--electromenager',
          'logement-hebergement--se-maintenir-dans-le-logement',
        ],
        description:
          'Participation à l’achat de gros électroménager ou de mobilier de première nécessité lors d’une entrée dans un logement, sous conditions de ressources.',
        publics: ['tous-publics'],
        zone: 'commune',
      },
      {
        key: 'seniors-lien',
        noms: ['Lutte contre l’isolement des seniors'],
        type: 'accompagnement',
        thematiques: ['remobilisation--lien-social', 'famille--prise-en-charge-personne-dependante'],
        description:
          'Visites de bénévoles à domicile, appels de convivialité et sorties collectives pour les personnes âgées isolées ; repérage des situations de fragilité.',
        publics: ['seniors'],
        zone: 'commune',
      },
    ],
  },
  {
    kind: 'aide-alimentaire',
    label: 'Association d’aide alimentaire',
    reseaux: ['banques-alimentaires', 'restos-du-coeur', 'secours-populaire'],
    hours: ['We 14:00-18:00; Sa 09:00-12:00', 'Tu,Fr 13:30-17:00', 'Mo,Th 09:00-12:00'],
    zone: 'aucune',
    mobilisable_par: ['usagers', 'professionnels'],
    modes_mobilisation: ['se-presenter'],
    spread: 'rural',
    templates: [
      {
        key: 'epicerie-solidaire',
        noms: ['Épicerie solidaire – {commune}', 'Épicerie sociale de {commune}'],
        type: 'aide-materielle',
        thematiques: ['equipement-et-alimentation--alimentation'],
        description:
          'Produits alimentaires et d’hygiène à 10 à 30 % de leur prix, sur orientation d’un travailleur social, pour une durée de trois à six mois liée à un projet (rembourser une dette, passer le permis).',
        publics: ['tous-publics'],
        frais: 'payant',
        frais_precisions: '10 à 30 % du prix du commerce.',
        zone: 'epci',
      },
      {
        key: 'colis',
        noms: ['Distribution de colis alimentaires'],
        type: 'aide-materielle',
        thematiques: ['equipement-et-alimentation--alimentation'],
        description:
          'Distribution hebdomadaire de denrées (produits frais, conserves, produits d’hygiène) aux familles inscrites, avec un accueil café et une orientation vers les autres aides.',
        publics: ['tous-publics', 'personnes-en-situation-durgence'],
        frais: 'gratuit',
      },
      {
        key: 'vestiaire',
        noms: ['Vestiaire solidaire'],
        type: 'aide-materielle',
        thematiques: ['equipement-et-alimentation--habillement'],
        description:
          'Vêtements, chaussures et tenues pour un entretien d’embauche, pour adultes et enfants, à prix symbolique.',
        publics: ['tous-publics'],
        frais: 'payant',
        frais_precisions: 'Participation de 0,50 à 3 € par article.',
      },
      {
        key: 'cuisine-budget',
        noms: ['Atelier cuisine à petit budget'],
        type: 'atelier',
        thematiques: [
          'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
          'remobilisation--lien-social',
        ],
        description:
          'Cuisiner ensemble des repas équilibrés avec les produits de la distribution, partager des astuces pour réduire les dépenses et repartir avec des recettes.',
        publics: ['tous-publics'],
        session: { weeks: [4, 8], hours: [2, 3] },
        places: [0, 10],
      },
      {
        key: 'benevolat',
        noms: ['Devenir bénévole à la banque alimentaire'],
        type: 'information',
        thematiques: ['remobilisation--benevolat-action-citoyenne', 'remobilisation--lien-social'],
        description:
          'Tri des denrées, collectes en magasin, accueil des familles : le bénévolat redonne un rythme, crée des liens et se valorise dans un CV.',
        publics: ['tous-publics'],
      },
    ],
  },
  {
    kind: 'centre-social',
    label: 'Centre social et espace numérique',
    reseaux: ['fcsf', 'espaces-publics-numeriques', 'conseillers-numeriques'],
    hours: ['Mo-Fr 09:00-12:00,14:00-18:00', 'Tu-Sa 09:30-12:30,14:00-18:00'],
    zone: 'aucune',
    mobilisable_par: ['usagers', 'professionnels'],
    modes_mobilisation: ['se-presenter', 'telephoner'],
    spread: 'population',
    templates: [
      {
        key: 'demarches-en-ligne',
        noms: [
          'Aide aux démarches en ligne avec un conseiller numérique',
          'Conseiller numérique – {commune}',
        ],
        type: 'accompagnement',
        thematiques: [
          'numerique--acceder-a-des-services-en-ligne',
          'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
        ],
        description:
          'Un conseiller numérique aide à créer ses comptes (CAF, ameli, France Travail, impôts), à déclarer ses ressources et à prendre rendez-vous en ligne, en apprenant à le refaire seul.',
        publics: ['tous-publics', 'personnes-exilees', 'seniors'],
      },
      {
        key: 'acces-libre',
        noms: ['Accès libre à Internet et aux ordinateurs'],
        type: 'aide-materielle',
        thematiques: ['numerique--acceder-a-une-connexion-internet'],
        description:
          'Postes informatiques, imprimante et wifi en accès libre aux heures d’ouverture, avec un animateur disponible pour dépanner.',
        publics: ['tous-publics'],
      },
      {
        key: 'reconditionne',
        noms: ['Ordinateurs reconditionnés à prix solidaire'],
        type: 'aide-materielle',
        thematiques: ['numerique--acquerir-un-equipement'],
        description:
          'Ordinateurs portables et smartphones reconditionnés, garantis un an, vendus à prix solidaire aux personnes orientées par un travailleur social, avec une prise en main d’une heure.',
        publics: ['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi', 'jeunes', 'personnes-exilees'],
        frais: 'payant',
        frais_precisions: 'De 50 à 150 € selon le matériel.',
        places: [0, 20],
      },
      {
        key: 'initiation',
        noms: ['Initiation à l’ordinateur et au smartphone'],
        type: 'atelier',
        thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
        description:
          'Ateliers en petit groupe pour débuter : allumer, naviguer, envoyer un message, utiliser une messagerie et éviter les arnaques. Matériel fourni.',
        publics: ['tous-publics', 'seniors', 'personnes-exilees'],
        session: { weeks: [6, 10], hours: [2, 2] },
        places: [0, 8],
      },
      {
        key: 'sorties',
        noms: ['Sorties culturelles et activités sportives'],
        type: 'atelier',
        thematiques: ['remobilisation--activites-sportives-et-culturelles', 'remobilisation--lien-social'],
        description:
          'Programme de sorties (musées, spectacles, randonnées) et d’activités sportives douces à tarif réduit, pour rompre l’isolement et reprendre un rythme.',
        publics: ['tous-publics', 'familles'],
        frais: 'payant',
        frais_precisions: 'Adhésion annuelle de 5 €, sorties de 0 à 5 €.',
      },
      {
        key: 'confiance',
        noms: ['Atelier « Confiance en soi »', 'Atelier estime de soi et image de soi'],
        type: 'atelier',
        thematiques: ['remobilisation--bien-etre-confiance-en-soi'],
        description:
          'Groupe de parole, sophrologie et conseil en image pour reprendre confiance avant de se relancer dans une recherche d’emploi ou une formation.',
        publics: ['tous-publics', 'femmes'],
        session: { weeks: [4, 8], hours: [2, 3] },
        places: [0, 10],
      },
      {
        key: 'cafe-parents',
        noms: ['Café des parents'],
        type: 'atelier',
        thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
        description:
          'Rencontres entre parents autour d’un café pour échanger sur l’éducation, la scolarité et les écrans, avec une professionnelle de la parentalité.',
        publics: ['familles'],
      },
    ],
  },
  {
    kind: 'cidff',
    label: 'Centre d’information sur les droits des femmes et des familles',
    reseaux: ['cidff'],
    hours: ['Mo-Fr 09:00-12:30,13:30-17:00', 'Tu,Th 09:00-12:00,14:00-17:00'],
    zone: 'departement',
    mobilisable_par: ['usagers', 'professionnels'],
    modes_mobilisation: ['telephoner', 'envoyer-un-courriel'],
    spread: 'population',
    templates: [
      {
        key: 'juridique-famille',
        noms: ['Information juridique sur le droit de la famille', 'Permanence juridique – {commune}'],
        type: 'information',
        thematiques: [
          'famille--surmonter-conflits-separation-violence',
          'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
        ],
        description:
          'Une juriste informe gratuitement sur la séparation, le divorce, la pension alimentaire, l’autorité parentale et les démarches auprès du juge aux affaires familiales.',
        publics: ['femmes', 'familles', 'tous-publics'],
        accueil: 'hybride',
      },
      {
        key: 'violences',
        noms: ['Accueil des femmes victimes de violences'],
        type: 'accompagnement',
        thematiques: [
          'famille--surmonter-conflits-separation-violence',
          'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
        ],
        description:
          'Écoute, information sur les droits et la plainte, ordonnance de protection, mise à l’abri et accompagnement dans la durée par une équipe spécialisée. Confidentiel.',
        publics: ['femmes', 'personnes-en-situation-durgence'],
        accueil: 'hybride',
      },
      {
        key: 'baie',
        noms: ['Bureau d’accompagnement individualisé vers l’emploi (BAIE)'],
        type: 'accompagnement',
        thematiques: [
          'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
          'remobilisation--bien-etre-confiance-en-soi',
        ],
        description:
          'Accompagnement vers l’emploi des femmes éloignées du marché du travail : projet professionnel, articulation des temps de vie, garde d’enfants et confiance en soi.',
        publics: ['femmes'],
        places: [0, 12],
      },
      {
        key: 'discriminations',
        noms: ['Permanence contre les discriminations'],
        type: 'information',
        thematiques: [
          'difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination',
        ],
        description:
          'Information sur les recours en cas de discrimination à l’embauche, au logement ou dans l’accès aux services, et aide à la saisine du Défenseur des droits.',
        publics: ['tous-publics'],
      },
      {
        key: 'justice',
        noms: ['Point justice – accès au droit'],
        type: 'information',
        thematiques: [
          'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire',
          'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
        ],
        description:
          'Consultations gratuites d’avocats et de juristes : procédure pénale, aide juridictionnelle, exécution des peines et démarches après une sortie de détention.',
        publics: ['personnes-en-situation-juridique-specifique', 'tous-publics'],
      },
    ],
  },
];

export function kindOf(kind: PartnerKindSlug): PartnerKind {
  const found = PARTNER_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown partner kind ${kind}`);
  return found;
}
