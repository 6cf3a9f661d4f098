import { templateCsv } from '@spie/loader';
import type { APIRoute } from 'astro';

/** The CSV template (formula-safe, from the loader), `;` and a BOM so French Excel opens it in columns, in UTF-8. */
export const GET: APIRoute = () =>
  new Response(templateCsv(), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="modele-offres.csv"',
    },
  });
