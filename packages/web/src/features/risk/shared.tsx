import type { RiskColour } from '@redline/domain';

/** Fill colours of the four risk levels on the map (the poster uses the same, modules/risk-points/poster.ts). */
export const RISK_FILL: Record<RiskColour, string> = {
  red: '#e02424',
  orange: '#f97316',
  yellow: '#facc15',
  blue: '#2563eb',
};
export const RISK_ORDER: readonly RiskColour[] = ['red', 'orange', 'yellow', 'blue'];
export const NO_COLOUR_FILL = '#9ca3af';
