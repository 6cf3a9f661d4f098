import { templateCsv } from '@spie/loader';
import type { APIRoute } from 'astro';

/** The CSV template (formula-safe, from the loader), with a BOM so spreadsheet software reads UTF-8. */
export const GET: APIRoute = () =>
  new Response(`\uFEFF${templateCsv()}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="modele-offres.csv"',
    },
  });
