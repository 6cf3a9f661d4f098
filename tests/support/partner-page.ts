// The partner page /partenaires as a partner uses it: sign in with the form, upload a file to check.
import { expect } from 'vitest';

/** Signs in on /partenaires with the form (as a partner would) and returns the session cookie. */
export async function signIn(siteUrl: string, partner: string, token: string): Promise<string> {
  const res = await fetch(`${siteUrl}/partenaires`, {
    method: 'POST',
    headers: { origin: siteUrl }, // Astro refuses cross-site form posts
    body: new URLSearchParams({ action: 'connexion', partenaire: partner, jeton: token }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toMatch(/^spie_partenaire=/);
  return cookie ?? '';
}

/** The page's first step: upload a file to check (« Vérifier le fichier »). */
export async function checkFile(siteUrl: string, cookie: string, csv: Buffer) {
  const upload = new FormData();
  upload.set('action', 'verifier');
  upload.set('fichier', new Blob([new Uint8Array(csv)], { type: 'text/csv' }), 'offres.csv');
  const res = await fetch(`${siteUrl}/partenaires`, {
    method: 'POST',
    headers: { cookie, origin: siteUrl },
    body: upload,
  });
  return { status: res.status, html: await res.text() };
}

/** Posts one of the page's plain forms (publier, deconnexion…) with the session cookie. */
export async function pageAction(siteUrl: string, cookie: string, fields: Record<string, string>) {
  const res = await fetch(`${siteUrl}/partenaires`, {
    method: 'POST',
    headers: { cookie, origin: siteUrl },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, html: await res.text() };
}
