// Orientation use cases, shared by the API, the pages, the CLI and the jobs. Personal data never
// leaves through `log`: messages name ids and counts only; tokens are never logged either.
import { randomUUID } from 'node:crypto';
import { inputErrors, type OrientationInput, OrientationInputSchema } from './domain/input.ts';
import {
  DAY_MS,
  DEFAULT_SCHEDULE,
  expiresAt,
  reminderPeriod,
  type ScheduleConfig,
} from './domain/schedule.ts';
import {
  type Action,
  type Actor,
  checkTransition,
  isOpen,
  REFUSAL_REASONS,
  type RefusalReason,
  STATUS_LABELS,
  type Status,
  TRANSITIONS,
} from './domain/workflow.ts';
import * as messages from './mail/messages.ts';
import type { Mailer, MailMessage } from './mail/port.ts';
import type { EventRow, OrientationRepository, OrientationRow } from './repository/port.ts';
import { hashToken, isTokenShaped, type LinkRole, newToken } from './tokens.ts';

/** What the service needs to know of an offer (read from the catalogue by the caller). */
export interface OfferInfo {
  id: string;
  nom: string;
  structure_id: string;
  structure_nom?: string | undefined;
  courriel?: string | undefined;
}

/** A refusal with its HTTP status and a French message (never containing personal data). */
export class OrientationError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 410 | 503,
    readonly erreur: string,
    readonly details?: unknown,
  ) {
    super(erreur);
    this.name = 'OrientationError';
  }
}

export interface OrientationServiceOptions {
  repository: OrientationRepository;
  mailer: Mailer;
  /** Public origin of the site, for the links in e-mails (e.g. https://annuaire.example.org). */
  baseUrl: string;
  now?: () => Date;
  schedule?: ScheduleConfig;
  log?: (message: string) => void;
}

export interface OrientationView {
  id: string;
  role: LinkRole;
  statut: Status;
  statut_libelle: string;
  offre: { id: string; nom: string; structure_nom: string | null };
  creee_le: string;
  expire_le: string | null;
  beneficiaire: {
    prenom: string | null;
    nom: string | null;
    telephone: string | null;
    courriel: string | null;
    contact_prefere: string | null;
  };
  disponible_le: string | null;
  message: string | null;
  besoins: string[];
  referent: { nom: string | null; courriel: string | null; structure: string | null };
  motif_refus: string | null;
  motif_refus_libelle: string | null;
  message_reponse: string | null;
  /** Actions this link may take now. */
  actions: Action[];
  historique: {
    le: string;
    acteur: Actor;
    de: Status | null;
    vers: Status;
    vers_libelle: string;
    motif: string | null;
  }[];
}

export const linkPath = (role: LinkRole, token: string) =>
  `/orientations/${role === 'structure' ? 'structure' : 'suivi'}/${token}`;

export class OrientationService {
  readonly repository: OrientationRepository;
  private readonly mailer: Mailer;
  private readonly baseUrl: string;
  private readonly now: () => Date;
  private readonly schedule: ScheduleConfig;
  private readonly log: (message: string) => void;

  constructor(o: OrientationServiceOptions) {
    this.repository = o.repository;
    this.mailer = o.mailer;
    this.baseUrl = o.baseUrl.replace(/\/$/, '');
    this.now = o.now ?? (() => new Date());
    this.schedule = o.schedule ?? DEFAULT_SCHEDULE;
    this.log = o.log ?? ((m) => console.error(m));
  }

  private url(role: LinkRole, token: string) {
    return `${this.baseUrl}${linkPath(role, token)}`;
  }

  /** Issues a fresh structure link (8 days), stores its hash and mails it to the offer's contact address only. */
  private async mailStructure(
    o: OrientationRow,
    kind: 'nouvelle' | 'relance' | 'renouvellement',
  ): Promise<boolean> {
    const at = this.now();
    const token = newToken();
    await this.repository.addLink(
      o.id,
      {
        hash: hashToken(token),
        role: 'structure',
        expire_le: new Date(at.getTime() + this.schedule.structureLinkDays * DAY_MS),
      },
      at,
    );
    const offer = { nom: o.offre_nom, structure_nom: o.structure_nom };
    const link = this.url('structure', token);
    const days = this.schedule.structureLinkDays;
    const message =
      kind === 'nouvelle'
        ? messages.structureNewOrientation(o.contact_courriel, offer, link, o.referent_structure, days)
        : kind === 'relance'
          ? messages.structureReminder(
              o.contact_courriel,
              offer,
              link,
              Math.floor((at.getTime() - o.creee_le.getTime()) / DAY_MS),
              days,
            )
          : messages.structureNewLink(o.contact_courriel, offer, link, days);
    return this.send(message, o.id);
  }

  /** Validates the fiche de liaison, stores it (only with the commitment) and tells the structure and the référent. */
  async create(
    body: unknown,
    offer: OfferInfo | undefined,
  ): Promise<{ id: string; statut: Status; lien_suivi: string; created: boolean }> {
    const parsed = OrientationInputSchema.safeParse(body);
    if (!parsed.success) {
      const details = inputErrors(parsed.error);
      const consent = details.find((d) => d.champ === 'consentement');
      throw new OrientationError(400, consent ? consent.message : 'Orientation invalide', details);
    }
    const input: OrientationInput = parsed.data;
    if (!offer || offer.id !== input.offre_id) throw new OrientationError(404, 'Offre inconnue');
    if (!offer.courriel)
      throw new OrientationError(
        400,
        'Cette offre ne peut pas recevoir d’orientation en ligne : la structure n’a pas donné d’adresse électronique de contact. Contactez-la directement.',
      );
    const at = this.now();
    const referentToken = newToken();
    const { orientation, created } = await this.repository.create(
      {
        id: randomUUID(),
        cle_idempotence: input.cle_idempotence ?? null,
        offre_id: offer.id,
        offre_nom: offer.nom,
        structure_id: offer.structure_id,
        structure_nom: offer.structure_nom ?? null,
        contact_courriel: offer.courriel,
        statut: 'en_attente',
        prenom: input.beneficiaire.prenom,
        nom: input.beneficiaire.nom,
        telephone: input.beneficiaire.telephone ?? null,
        courriel: input.beneficiaire.courriel ?? null,
        contact_prefere: input.beneficiaire.contact_prefere,
        disponible_le: input.disponible_le ?? null,
        message: input.message ?? null,
        besoins: input.besoins ?? null,
        referent_nom: input.referent.nom,
        referent_courriel: input.referent.courriel,
        referent_structure: input.referent.structure ?? null,
        creee_le: at,
      },
      // A retried creation (same idempotency key) gets a new follow-up link, never a second orientation.
      [{ hash: hashToken(referentToken), role: 'referent', expire_le: null }],
    );
    const lien_suivi = this.url('referent', referentToken);
    if (created || orientation.notifiee_le === null) await this.notifyCreated(orientation, lien_suivi);
    return { id: orientation.id, statut: orientation.statut, lien_suivi, created };
  }

  private async notifyCreated(o: OrientationRow, referentLink: string) {
    const offer = { nom: o.offre_nom, structure_nom: o.structure_nom };
    const sent = await this.mailStructure(o, 'nouvelle');
    if (o.referent_courriel)
      await this.send(messages.referentCreated(o.referent_courriel, offer, referentLink), o.id);
    if (o.courriel && o.contact_prefere === 'courriel')
      await this.send(
        messages.personNotice(
          o.courriel,
          offer,
          'transmise',
          `Votre référent vous a orienté vers « ${o.offre_nom} ». La structure va étudier votre demande.`,
        ),
        o.id,
      );
    if (sent) await this.repository.markNotified(o.id, this.now());
  }

  private async send(m: MailMessage, orientationId: string): Promise<boolean> {
    try {
      await this.mailer.send(m);
      return true;
    } catch (error) {
      // The address and the body are personal data: only the orientation id and the error kind.
      const code = (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'inconnue');
      this.log(
        `orientation ${orientationId} : courriel non envoyé (${code}), nouvel essai par les tâches planifiées`,
      );
      return false;
    }
  }

  private async lookup(token: string) {
    if (!isTokenShaped(token))
      throw new OrientationError(404, 'Lien inconnu : vérifiez qu’il a été copié en entier.');
    const found = await this.repository.findByLink(hashToken(token), this.now());
    if (!found || found.orientation.anonymisee_le)
      throw new OrientationError(404, 'Lien inconnu : vérifiez qu’il a été copié en entier.');
    if (found.refus === 'revoque')
      throw new OrientationError(410, 'Ce lien a été révoqué : il ne donne plus accès à l’orientation.');
    if (found.refus === 'expire')
      throw new OrientationError(
        410,
        found.role === 'structure'
          ? 'Ce lien a expiré. Demandez un nouveau lien : il sera envoyé à l’adresse de contact de l’offre.'
          : 'Ce lien a expiré.',
        { renouvelable: found.role === 'structure' && isOpen(found.orientation.statut) },
      );
    return found;
  }

  async open(token: string): Promise<OrientationView> {
    const { orientation, role } = await this.lookup(token);
    return this.view(orientation, role, await this.repository.events(orientation.id));
  }

  /** An action through a link: accepter/refuser/etudier (structure), annuler (référent). */
  async act(
    token: string,
    action: Action,
    body: { motif?: unknown; message?: unknown } = {},
  ): Promise<OrientationView> {
    const { orientation, role } = await this.lookup(token);
    const check = checkTransition(orientation.statut, action, role);
    if (!check.ok) throw new OrientationError(409, check.erreur);
    let motif_refus: RefusalReason | undefined;
    if (action === 'refuser') {
      if (typeof body.motif !== 'string' || !(body.motif in REFUSAL_REASONS))
        throw new OrientationError(400, 'Choisissez le motif du refus', [
          { champ: 'motif', message: `valeurs possibles : ${Object.keys(REFUSAL_REASONS).join(', ')}` },
        ]);
      motif_refus = body.motif as RefusalReason;
    }
    const message =
      typeof body.message === 'string' ? body.message.trim().slice(0, 4000) || undefined : undefined;
    const updated = await this.repository.transition(orientation.id, {
      from: TRANSITIONS[action].from,
      to: check.to,
      actor: role,
      at: this.now(),
      motif: motif_refus ? REFUSAL_REASONS[motif_refus] : message,
      set: {
        ...(motif_refus ? { motif_refus } : {}),
        ...(message && role === 'structure' ? { message_reponse: message } : {}),
      },
    });
    if (!updated) {
      const now = await this.repository.get(orientation.id);
      throw new OrientationError(
        409,
        `Quelqu’un a répondu en même temps : cette orientation est déjà ${STATUS_LABELS[now?.statut ?? orientation.statut]}.`,
      );
    }
    await this.notifyChange(updated);
    return this.view(updated, role, await this.repository.events(updated.id));
  }

  private async notifyChange(o: OrientationRow) {
    const offer = { nom: o.offre_nom, structure_nom: o.structure_nom };
    const label = STATUS_LABELS[o.statut];
    const detail: string[] = [];
    if (o.statut === 'refusee' && o.motif_refus)
      detail.push(`Motif : ${REFUSAL_REASONS[o.motif_refus as RefusalReason] ?? o.motif_refus}.`);
    if (o.message_reponse && (o.statut === 'acceptee' || o.statut === 'refusee' || o.statut === 'a_l_etude'))
      detail.push(`Message de la structure : ${o.message_reponse}`);
    if (o.statut === 'expiree')
      detail.push(
        'La structure n’a pas répondu dans le délai. Vous pouvez orienter la personne vers une autre offre.',
      );
    if (o.referent_courriel)
      await this.send(messages.referentStatusChanged(o.referent_courriel, offer, label, detail), o.id);
    if (o.courriel && o.contact_prefere === 'courriel' && (o.statut === 'acceptee' || o.statut === 'refusee'))
      await this.send(
        messages.personNotice(
          o.courriel,
          offer,
          label,
          o.statut === 'acceptee'
            ? `La structure a accepté votre orientation vers « ${o.offre_nom} » : elle va vous contacter.`
            : `La structure n’a pas pu accepter votre orientation vers « ${o.offre_nom} ». Votre référent vous proposera une autre solution.`,
        ),
        o.id,
      );
  }

  /**
   * A new structure link, sent only to the offer's contact e-mail stored with the orientation (never to
   * whoever asks). The answer does not say whether anything was sent.
   */
  async renewStructureLink(token: string): Promise<void> {
    if (!isTokenShaped(token)) return;
    const found = await this.repository.findByLink(hashToken(token), this.now());
    if (found?.role !== 'structure' || found.refus === 'revoque') return;
    const o = found.orientation;
    if (o.anonymisee_le || !isOpen(o.statut)) return;
    await this.mailStructure(o, 'renouvellement');
  }

  /** Cancels (if open) then anonymises at once: erasure on the person's request (operator command). */
  async erase(id: string): Promise<boolean> {
    const o = await this.repository.get(id);
    if (!o) return false;
    if (isOpen(o.statut))
      await this.repository.transition(id, {
        from: TRANSITIONS.annuler.from,
        to: 'annulee',
        actor: 'operateur',
        at: this.now(),
        motif: 'effacement demandé',
      });
    return this.repository.anonymise(id, this.now());
  }

  /**
   * The scheduled jobs: late first e-mails, reminders, expiry, anonymisation. Safe to run from two
   * processes at once: each state change is a compare-and-set, each reminder period is claimed once.
   */
  async maintenance(): Promise<{
    notifiees: number;
    relances: number;
    expirees: number;
    anonymisees: number;
  }> {
    const now = this.now();
    const result = { notifiees: 0, relances: 0, expirees: 0, anonymisees: 0 };
    for (const o of await this.repository.unnotified(new Date(now.getTime() - 60_000))) {
      // The first e-mail was lost (crash, SMTP down): a fresh structure link; the référent already has theirs.
      if (await this.mailStructure(o, 'nouvelle')) {
        await this.repository.markNotified(o.id, now);
        result.notifiees++;
      }
    }
    const reminderAge = this.schedule.reminderEveryDays * DAY_MS;
    for (const o of await this.repository.openCreatedBefore(new Date(now.getTime() - reminderAge))) {
      if (expiresAt(o.creee_le, o.statut === 'a_l_etude', this.schedule).getTime() <= now.getTime()) {
        const expired = await this.repository.transition(o.id, {
          from: TRANSITIONS.expirer.from,
          to: 'expiree',
          actor: 'systeme',
          at: now,
        });
        if (expired) {
          result.expirees++;
          await this.notifyChange(expired);
        }
        continue;
      }
      const period = reminderPeriod(o.creee_le, now, this.schedule);
      if (period > 0 && (await this.repository.claimReminder(o.id, period, now))) {
        await this.mailStructure(o, 'relance');
        result.relances++;
      }
    }
    for (const id of await this.repository.closedBefore(
      new Date(now.getTime() - this.schedule.anonymiseAfterDays * DAY_MS),
    ))
      if (await this.repository.anonymise(id, now)) result.anonymisees++;
    return result;
  }

  view(o: OrientationRow, role: LinkRole, events: EventRow[]): OrientationView {
    const actions = (Object.keys(TRANSITIONS) as Action[]).filter(
      (a) => checkTransition(o.statut, a, role).ok,
    );
    return {
      id: o.id,
      role,
      statut: o.statut,
      statut_libelle: STATUS_LABELS[o.statut],
      offre: { id: o.offre_id, nom: o.offre_nom, structure_nom: o.structure_nom },
      creee_le: o.creee_le.toISOString(),
      expire_le: isOpen(o.statut)
        ? expiresAt(o.creee_le, o.statut === 'a_l_etude', this.schedule).toISOString()
        : null,
      beneficiaire: {
        prenom: o.prenom,
        nom: o.nom,
        telephone: o.telephone,
        courriel: o.courriel,
        contact_prefere: o.contact_prefere,
      },
      disponible_le: o.disponible_le,
      message: o.message,
      besoins: o.besoins ?? [],
      referent: { nom: o.referent_nom, courriel: o.referent_courriel, structure: o.referent_structure },
      motif_refus: o.motif_refus,
      motif_refus_libelle: o.motif_refus ? (REFUSAL_REASONS[o.motif_refus as RefusalReason] ?? null) : null,
      message_reponse: o.message_reponse,
      actions,
      historique: events.map((e) => ({
        le: e.le.toISOString(),
        acteur: e.acteur,
        de: e.de,
        vers: e.vers,
        vers_libelle: STATUS_LABELS[e.vers],
        motif: e.motif,
      })),
    };
  }
}
