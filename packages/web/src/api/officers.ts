import { useQuery } from '@tanstack/react-query';
import type { GroupCandidate } from '@redline/contracts';
import { api } from './client';

/**
 * The regulators covering a region (with their law-enforcement certificate numbers): whom an
 * inspection group, an inspection or a document can name as an officer (art. 42: two of them).
 */
export const useOfficerCandidates = (regionCode: string, enabled = true) =>
  useQuery({
    queryKey: ['inspection-groups', 'candidates', regionCode],
    queryFn: () =>
      api<{ items: GroupCandidate[] }>(
        `/inspection-groups/candidates?regionCode=${encodeURIComponent(regionCode)}`,
      ),
    enabled,
    staleTime: 60_000,
  });
