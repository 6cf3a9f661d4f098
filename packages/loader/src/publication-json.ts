// One JSON convention for what programs read (API and `--json`): French snake_case keys, the same
// words as the pages. Internal types keep their English names; this is the only translation.
import type { PublishDiff, PublishMode } from './diff.ts';
import type { PublishCsvResult } from './publish.ts';
import type { Problem, ValidationReport } from './report.ts';
import type { VersionInfo } from './store.ts';

export const MODE_NAMES: Record<PublishMode, 'remplacer' | 'complement'> = {
  replace: 'remplacer',
  complement: 'complement',
};

export function problemJson(p: Problem) {
  return {
    ligne: p.row,
    colonne: p.column,
    valeur: p.value,
    message: p.message,
    ...(p.suggestion !== undefined ? { suggestion: p.suggestion } : {}),
    ...(p.line !== undefined ? { ligne_texte: p.line } : {}),
  };
}

export function reportJson(r: ValidationReport) {
  const s = r.stats;
  return {
    valide: r.valid,
    erreurs: r.errors.map(problemJson),
    avertissements: r.warnings.map(problemJson),
    statistiques: {
      format: s.format,
      lignes: s.rows,
      lignes_valides: s.validRows,
      lignes_en_erreur: s.invalidRows,
      erreurs: s.errors,
      avertissements: s.warnings,
      ...(s.encoding !== undefined ? { encodage: s.encoding } : {}),
      ...(s.delimiter !== undefined ? { separateur: s.delimiter } : {}),
      ...(s.truncated ? { liste_tronquee: true } : {}),
    },
  };
}

export function versionJson(v: VersionInfo) {
  return {
    partenaire: v.partner,
    version: v.version,
    publiee_le: v.publishedAt,
    par: v.by,
    offres: v.rowCount,
    sha256: v.sha256,
    changements: {
      ajoutees: v.counts.added,
      modifiees: v.counts.changed,
      retirees: v.counts.removed,
      inchangees: v.counts.unchanged,
    },
    ...(v.rollbackOf !== undefined ? { retour_a_la_version: v.rollbackOf } : {}),
  };
}

export function diffJson(d: PublishDiff) {
  return {
    mode: MODE_NAMES[d.mode],
    offres_avant: d.previous,
    ajoutees: d.added,
    modifiees: d.changed,
    retirees: d.removed,
    inchangees: d.unchanged,
    liste_ajoutees: d.addedList,
    liste_modifiees: d.changedList.map((c) => ({ id: c.id, nom: c.nom, champs: c.fields })),
    liste_retirees: d.removedList,
    ...(d.truncated ? { listes_tronquees: true } : {}),
  };
}

/** A publication (or dry run) as programs read it. */
export function publicationJson(r: PublishCsvResult) {
  return {
    publie: r.published,
    ...(r.diff ? diffJson(r.diff) : {}),
    aucun_changement: r.held === 'no-change',
    confirmation_requise: r.held === 'needs-confirmation',
    version: r.version ? versionJson(r.version) : null,
    index: r.index,
    ...(r.indexError ? { erreur_index: r.indexError } : {}),
    rapport: reportJson(r.report),
  };
}
