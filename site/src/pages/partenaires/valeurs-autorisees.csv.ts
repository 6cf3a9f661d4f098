import { allowedValuesCsv } from '@spie/loader';
import type { APIRoute } from 'astro';

/** The template's companion: every allowed value of every coded column with its French label. */
export const GET: APIRoute = () =>
  new Response(allowedValuesCsv(), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="valeurs-autorisees.csv"',
    },
  });
