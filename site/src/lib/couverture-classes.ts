// Colour classes of the observatoire map (DSFR error / warning / success colours, each ≥ 3:1 on white).
export const COVERAGE_CLASSES = [
  { label: 'Aucune offre accessible', colour: '#ce0500' },
  { label: '1 ou 2 offres accessibles', colour: '#b34000' },
  { label: '3 offres accessibles ou plus', colour: '#18753c' },
] as const;

export const coverageClass = (offres: number): 0 | 1 | 2 => (offres === 0 ? 0 : offres <= 2 ? 1 : 2);
