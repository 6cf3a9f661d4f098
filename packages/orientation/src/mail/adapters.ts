import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { DEFAULT_FROM, type Mailer, type MailMessage } from './port.ts';

/** Writes each message as an .eml file (RFC 822, built by nodemailer) under `dir`; atomic rename. */
export class OutboxMailer implements Mailer {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  readonly description: string;

  constructor(
    private readonly dir: string,
    private readonly from = DEFAULT_FROM,
  ) {
    this.description = `courriels écrits dans ${dir} (fichiers .eml ; configurez SMTP_URL pour les envoyer)`;
  }

  async send(m: MailMessage) {
    const info = await this.transport.sendMail({ from: this.from, ...m });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    const tmp = join(this.dir, `.${name}.tmp`);
    writeFileSync(tmp, info.message as Buffer, { mode: 0o600 });
    renameSync(tmp, join(this.dir, name));
  }

  async close() {}
}

/** Sends through SMTP_URL (smtp://user:pass@host:port, smtps://… for implicit TLS). */
export class SmtpMailer implements Mailer {
  private readonly transport;
  readonly description: string;

  constructor(url: string, from = DEFAULT_FROM) {
    this.transport = nodemailer.createTransport(url, { from });
    const u = new URL(url);
    this.description = `courriels envoyés par SMTP à ${u.hostname}:${u.port || (u.protocol === 'smtps:' ? 465 : 587)}`;
  }

  async send(m: MailMessage) {
    await this.transport.sendMail(m);
  }

  async close() {
    this.transport.close();
  }
}

export function createMailer(options: {
  smtpUrl?: string | undefined;
  outboxDir: string;
  from?: string;
}): Mailer {
  return options.smtpUrl
    ? new SmtpMailer(options.smtpUrl, options.from)
    : new OutboxMailer(options.outboxDir, options.from);
}
