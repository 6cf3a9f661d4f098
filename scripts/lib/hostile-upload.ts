// A hostile partner file for the denial-of-service checks (issue 14): a French Excel CSV (`;`,
// dd/mm/yyyy) whose every row carries a long, distinct, unknown thématique, so that each row asks
// for a "vouliez-vous dire" suggestion. Generated at run time; nothing large is committed.

/** `rows` data rows (50,000 ≈ 9.8 MB, under the 10 MB upload limit), each with a `valueChars`-character unknown thématique. */
export function hostileUploadCsv(rows: number, valueChars = 100): Buffer {
  const lines = ['id;structure_id;nom;description;date_maj;thematiques'];
  const description = 'Accompagnement vers l’emploi avec un conseiller et des ateliers.';
  for (let i = 1; i <= rows; i++) {
    const unknown = `mobilite--${String(i).padStart(6, '0')}-`.padEnd(valueChars, 'permis-de-conduire-');
    lines.push(`h${i};hostile;Offre ${i};${description};2026-06-01;${unknown}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
