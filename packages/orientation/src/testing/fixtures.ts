// Test helpers shared by the contract suite, the service tests and the site tests.
import { randomUUID } from 'node:crypto';
import type { Mailer, MailMessage } from '../mail/port.ts';
import type { NewOrientation } from '../repository/port.ts';

export function newOrientation(over: Partial<NewOrientation> = {}): NewOrientation {
  return {
    id: randomUUID(),
    cle_idempotence: null,
    offre_id: 'offre-aci-niort',
    offre_nom: 'Chantier d’insertion espaces verts',
    structure_id: 'aci-niort',
    structure_nom: 'ACI Niort Nature',
    contact_courriel: 'contact@aci-niort.example.org',
    statut: 'en_attente',
    prenom: 'Karim',
    nom: 'Benali',
    telephone: '06 12 34 56 78',
    courriel: 'karim.benali@example.org',
    contact_prefere: 'telephone',
    disponible_le: '2026-12-14',
    message: 'Père seul avec un enfant de deux ans, disponible les matins.',
    besoins: ['trouver-un-emploi'],
    referent_nom: 'Claire Martin',
    referent_courriel: 'claire.martin@cd79.example.org',
    referent_structure: 'Conseil départemental des Deux-Sèvres',
    creee_le: new Date('2026-12-01T09:00:00Z'),
    ...over,
  };
}

/** Keeps every message in memory (unit tests; integration tests use a real SMTP listener). */
export class MemoryMailer implements Mailer {
  readonly description = 'mémoire (tests)';
  readonly sent: MailMessage[] = [];
  failNext = 0;
  async send(m: MailMessage) {
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('connexion refusée'), { code: 'ECONNREFUSED' });
    }
    this.sent.push(m);
  }
  async close() {}
}

/** The link of a given kind in a message's text. */
export function linkIn(m: MailMessage, kind: 'structure' | 'suivi'): string {
  const found = m.text.match(new RegExp(`https?://\\S+/orientations/${kind}/[A-Za-z0-9_-]{43}`));
  if (!found) throw new Error(`no ${kind} link in « ${m.subject} »`);
  return found[0];
}

export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
