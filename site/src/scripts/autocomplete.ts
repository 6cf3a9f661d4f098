// Commune suggestions in the input's native <datalist> (accessible without a custom widget).
import { debounce } from './debounce.ts';

export function setupAutocomplete(input: HTMLInputElement) {
  const list = document.getElementById(input.getAttribute('list') ?? '');
  const endpoint = input.dataset.autocomplete;
  if (!list || !endpoint) return;
  const suggest = debounce(async () => {
    const text = input.value.trim();
    if (text.length < 2 || /\(\w{5}\)$/.test(text)) return;
    const response = await fetch(`${endpoint}?q=${encodeURIComponent(text)}`);
    if (!response.ok) return;
    const entries = (await response.json()) as { label: string; codesPostaux: string[] }[];
    list.replaceChildren(
      ...entries.map((e) => {
        const option = document.createElement('option');
        option.value = e.label;
        option.label = e.codesPostaux.join(', ');
        return option;
      }),
    );
  }, 150);
  input.addEventListener('input', suggest);
}
