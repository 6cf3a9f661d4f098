import type { APIRoute } from 'astro';
import { communeSuggestions } from '../../lib/communes.ts';
import { json } from '../../lib/http.ts';

/**
 * Commune autocomplete: `?q=` (2 characters at least), 8 entries at most. The diagnostic form sends
 * the person's commune here: `no-store` (the JSON default), never kept by a shared cache.
 */
export const GET: APIRoute = ({ url }) => json(communeSuggestions(url.searchParams.get('q') ?? ''));
