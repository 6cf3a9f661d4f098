// The e-mails, in French, plain text and HTML. Each carries only what its recipient needs: the
// structure's e-mail has the link, not the person's details (they are behind the link).
import type { MailMessage } from './port.ts';

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Block {
  paragraphs: string[];
  link?: { href: string; label: string } | undefined;
  after?: string[];
}

function render(to: string, subject: string, b: Block): MailMessage {
  const text = [
    ...b.paragraphs,
    ...(b.link ? [`${b.link.label} : ${b.link.href}`] : []),
    ...(b.after ?? []),
    '—\nAnnuaire territorial de l’insertion. Ce message est envoyé automatiquement : n’y répondez pas.',
  ].join('\n\n');
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f6f6;font-family:Marianne,Arial,sans-serif;color:#161616">
<div style="max-width:600px;margin:0 auto;background:#fff;border-top:4px solid #000091;padding:24px">
<p style="margin:0 0 24px;font-weight:700">Annuaire territorial de l’insertion</p>
${b.paragraphs.map(p).join('\n')}
${b.link ? `<p style="margin:0 0 16px"><a href="${escapeHtml(b.link.href)}" style="display:inline-block;background:#000091;color:#fff;padding:8px 16px;text-decoration:none">${escapeHtml(b.link.label)}</a></p><p style="margin:0 0 16px;font-size:12px;color:#666">Si le bouton ne fonctionne pas, copiez ce lien : ${escapeHtml(b.link.href)}</p>` : ''}
${(b.after ?? []).map(p).join('\n')}
<p style="margin:24px 0 0;font-size:12px;color:#666">Ce message est envoyé automatiquement : n’y répondez pas.</p>
</div></body></html>`;
  return { to, subject, text, html };
}

export interface OfferRef {
  nom: string;
  structure_nom: string | null;
}

export const structureNewOrientation = (
  to: string,
  offer: OfferRef,
  link: string,
  referentStructure: string | null,
  days: number,
) =>
  render(to, `Nouvelle orientation vers « ${offer.nom} »`, {
    paragraphs: [
      'Bonjour,',
      `Un référent${referentStructure ? ` (${referentStructure})` : ''} vous oriente une personne vers votre offre « ${offer.nom} ».`,
      'Les coordonnées de la personne et le message du référent sont sur la page privée ci-dessous. Vous pouvez y accepter, refuser ou mettre l’orientation à l’étude, sans créer de compte.',
    ],
    link: { href: link, label: 'Voir l’orientation et répondre' },
    after: [
      `Ce lien personnel est valable ${days} jours ; ne le transférez pas. Un nouveau lien peut être demandé depuis la page, il est envoyé à cette adresse.`,
    ],
  });

export const structureReminder = (to: string, offer: OfferRef, link: string, ageDays: number, days: number) =>
  render(to, `Relance : orientation vers « ${offer.nom} » sans réponse`, {
    paragraphs: [
      'Bonjour,',
      `Une orientation vers votre offre « ${offer.nom} » attend votre réponse depuis ${ageDays} jours. Sans réponse, elle expirera et le référent en sera informé.`,
    ],
    link: { href: link, label: 'Répondre à l’orientation' },
    after: [`Ce nouveau lien est valable ${days} jours.`],
  });

export const structureNewLink = (to: string, offer: OfferRef, link: string, days: number) =>
  render(to, `Nouveau lien pour l’orientation vers « ${offer.nom} »`, {
    paragraphs: ['Bonjour,', `Voici un nouveau lien vers l’orientation reçue pour « ${offer.nom} ».`],
    link: { href: link, label: 'Voir l’orientation' },
    after: [`Ce lien est valable ${days} jours. Si vous n’avez rien demandé, ignorez ce message.`],
  });

export const referentCreated = (to: string, offer: OfferRef, link: string) =>
  render(to, `Orientation envoyée : « ${offer.nom} »`, {
    paragraphs: [
      'Bonjour,',
      `Votre orientation vers « ${offer.nom} »${offer.structure_nom ? ` (${offer.structure_nom})` : ''} a été transmise à la structure.`,
      'Vous serez prévenu par courriel à chaque réponse. Le lien ci-dessous vous permet de suivre l’orientation et de l’annuler ; gardez-le pour vous.',
    ],
    link: { href: link, label: 'Suivre l’orientation' },
  });

export const referentStatusChanged = (to: string, offer: OfferRef, statusLabel: string, detail: string[]) =>
  render(to, `Orientation ${statusLabel} : « ${offer.nom} »`, {
    paragraphs: [
      'Bonjour,',
      `Votre orientation vers « ${offer.nom} »${offer.structure_nom ? ` (${offer.structure_nom})` : ''} est maintenant : ${statusLabel}.`,
      ...detail,
      'Le détail et l’historique sont sur votre lien de suivi (reçu lors de l’envoi).',
    ],
  });

export const personNotice = (to: string, offer: OfferRef, statusLabel: string, sentence: string) =>
  render(to, `Votre orientation vers « ${offer.nom} » : ${statusLabel}`, {
    paragraphs: ['Bonjour,', sentence, 'Pour toute question, adressez-vous à votre référent.'],
  });
