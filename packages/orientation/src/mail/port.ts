// The mail port: an outbox directory by default, SMTP when SMTP_URL is set.
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Where messages go, said at start-up (never a password). */
  readonly description: string;
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_FROM = 'Annuaire de l’insertion <ne-pas-repondre@annuaire-insertion.invalid>';
