// Ticking a frein pre-fills the besoins it suggests (without JS, « Proposer les besoins » does it
// server-side); commune suggestions; print button.
import { setupAutocomplete } from './autocomplete.ts';

type Proposals = { priorite: number; besoins: Record<string, string[]> };
const data = document.getElementById('freins-besoins');
const proposals: Proposals = data?.textContent ? JSON.parse(data.textContent) : { priorite: 2, besoins: {} };

document.querySelectorAll<HTMLInputElement>('input[name="freins"]').forEach((box) => {
  box.addEventListener('change', () => {
    if (!box.checked) return;
    for (const thematique of proposals.besoins[box.value] ?? []) {
      const select = document.getElementById(`besoin-${thematique}`) as HTMLSelectElement | null;
      if (!select || select.value) continue;
      select.value = String(proposals.priorite);
      select.closest('details')?.setAttribute('open', '');
    }
  });
});

const commune = document.querySelector<HTMLInputElement>('#commune');
if (commune) setupAutocomplete(commune);

const print = document.getElementById('imprimer');
if (print) {
  print.hidden = false;
  print.addEventListener('click', () => window.print());
}
document.getElementById('suggestions')?.focus();
