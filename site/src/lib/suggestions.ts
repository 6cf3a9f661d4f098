// Runs the matching for a validated diagnostic and gathers what the pages need to show it.
import type { Diagnostic, Offer, SuggestionsResult } from '@spie/core';
import { findSuggestions } from '@spie/search';
import { runtime } from './runtime.ts';

export async function suggestFor(diagnostic: Diagnostic): Promise<SuggestionsResult> {
  const { engine } = await runtime();
  return findSuggestions(diagnostic, engine);
}

/** Full offers of the parcours, for the printable summary (contacts, address, hours). */
export async function parcoursOffers(result: SuggestionsResult): Promise<Offer[]> {
  const { engine } = await runtime();
  const offers = await Promise.all(result.parcours.map((id) => engine.get(id)));
  return offers.filter((o): o is Offer => o !== undefined);
}
