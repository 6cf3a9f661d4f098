// Commune suggestions in the input's native <datalist> (accessible without a custom widget).
import { debounce } from './debounce.ts';

export function setupAutocomplete(input: HTMLInputElement) {
  const list = document.getElementById(input.getAttribute('list') ?? '');
  const endpoint = input.dataset.autocomplete;
  if (!list || !endpoint) return;
  // Only the answer to the latest text may fill the list: an earlier, slower answer is dropped.
  let pending: AbortController | undefined;
  const suggest = debounce(async () => {
    const text = input.value.trim();
    if (text.length < 2 || /\(\w{5}\)$/.test(text)) return;
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    let entries: { label: string; codesPostaux: string[] }[];
    try {
      const response = await fetch(`${endpoint}?q=${encodeURIComponent(text)}`, {
        signal: controller.signal,
      });
      if (!response.ok) return;
      entries = await response.json();
    } catch {
      return; // aborted by a newer text, or offline: keep the current list
    }
    if (controller !== pending) return;
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
