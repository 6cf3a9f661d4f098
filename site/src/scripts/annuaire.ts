// Progressive enhancement of the annuaire form: commune suggestions, results that follow the form
// as you type (same server-rendered HTML, swapped in place), URL kept in sync. Without this script the
// GET form does the same on submit.
import { setupAutocomplete } from './autocomplete.ts';
import { debounce } from './debounce.ts';

const form = document.getElementById('recherche') as HTMLFormElement | null;
const LIST_PARAMS = ['thematiques', 'types', 'publics', 'frais', 'modes_accueil', 'reseaux_porteurs'];
const DEFAULTS: Record<string, string> = {
  a_distance: 'inclure',
  hors_zone: 'exclure',
  tri: 'pertinence',
  par_page: '20',
};

// Filters come after the results on small screens, folded (open without JavaScript, so the form
// still works); on wide screens they sit beside the results, open.
const filters = document.getElementById('filtres') as HTMLDetailsElement | null;
if (filters && !window.matchMedia('(min-width: 48em)').matches) filters.open = false;

async function drawMap() {
  if (!document.getElementById('carte')) return;
  const { renderMapFrom } = await import('./map.ts');
  renderMapFrom('carte', 'carte-donnees');
}

/** Canonical query string of the form (same shape as the server's toSearchParams). */
function formParams(f: HTMLFormElement): URLSearchParams {
  const data = new FormData(f);
  const out = new URLSearchParams();
  const q = String(data.get('q') ?? '').trim();
  if (q) out.set('q', q);
  const commune = String(data.get('commune') ?? '').trim();
  if (commune) {
    out.set('commune', /\(([0-9][0-9AB]\d{3})\)\s*$/.exec(commune)?.[1] ?? commune);
    const rayon = String(data.get('rayon') ?? '').trim();
    if (rayon) out.set('rayon', rayon);
  }
  for (const name of LIST_PARAMS) {
    const values = data.getAll(name).map(String);
    if (values.length) out.set(name, values.join(','));
  }
  for (const [name, fallback] of Object.entries(DEFAULTS)) {
    const v = String(data.get(name) ?? '');
    if (v && v !== fallback) out.set(name, v);
  }
  return out;
}

let inflight: AbortController | undefined;
/** The search the page currently shows. */
let shownSearch = location.search;

async function refresh(url: string, mode: 'push' | 'replace' | 'none') {
  inflight?.abort();
  inflight = new AbortController();
  let html: string;
  try {
    const response = await fetch(url, { signal: inflight.signal, headers: { accept: 'text/html' } });
    html = await response.text();
  } catch {
    return; // superseded or offline: the form still works on submit
  }
  const next = new DOMParser().parseFromString(html, 'text/html');
  for (const id of ['resultats', 'facettes']) {
    const current = document.getElementById(id);
    const incoming = next.getElementById(id);
    if (!current || !incoming) continue;
    const focusedId = current.contains(document.activeElement) ? document.activeElement?.id : undefined;
    current.replaceWith(incoming);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }
  if (mode === 'push') history.pushState(null, '', url);
  if (mode === 'replace') history.replaceState(null, '', url);
  shownSearch = location.search;
  await drawMap();
}

if (form) {
  const commune = form.querySelector<HTMLInputElement>('#commune');
  if (commune) setupAutocomplete(commune);
  const update = (mode: 'push' | 'replace') => refresh(`/?${formParams(form)}`, mode);
  const typed = debounce(() => update('replace'), 300);
  form.addEventListener('input', (event) => {
    const target = event.target as HTMLElement;
    if (target.id === 'q') typed();
  });
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    // A half-typed commune is not a commune: wait for a pick (change) that resolves.
    if (target.id === 'q') return;
    void update('push');
  });
  // Back/forward between searches: the form must show that URL's state too, so reload it
  // (fragment-only changes, e.g. skip links, keep the page).
  window.addEventListener('popstate', () => {
    if (location.search !== shownSearch) window.location.reload();
  });
  void drawMap();
}
