// Partners by their names, not their ids, wherever people read them ("Publiée par", "Producteur",
// "Par"): the registry knows each partner's name; an id it does not know (a data·inclusion source,
// a removed partner) is shown as it is.
import type { PartnerRegistry } from '@spie/loader';

/** `site:aci-bocage` (who acted through the site) and `aci-bocage` both name the partner aci-bocage. */
export async function partnerName(registry: Pick<PartnerRegistry, 'get'>, id: string): Promise<string> {
  const bare = id.startsWith('site:') ? id.slice('site:'.length) : id;
  const partner = /^[a-z0-9][a-z0-9-]{0,62}$/.test(bare) ? await registry.get(bare) : undefined;
  return partner?.name ?? id;
}
