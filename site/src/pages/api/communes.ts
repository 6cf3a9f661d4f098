import type { APIRoute } from 'astro';
import { communeSuggestions } from '../../lib/communes.ts';
import { json } from '../../lib/http.ts';

/** Commune autocomplete: `?q=` (2 characters at least), 8 entries at most. */
export const GET: APIRoute = ({ url }) =>
  json(communeSuggestions(url.searchParams.get('q') ?? ''), 200, { 'cache-control': 'public, max-age=3600' });
