import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Me } from '@redline/contracts';
import { api, isApiError, setUnauthorizedHandler } from './client';
import { setTimeZone } from '../lib/time';

export const ME_KEY = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/auth/me');
    setTimeZone(me.timeZone); // every time on screen in the jurisdiction's zone
    return me;
  } catch (e) {
    if (isApiError(e) && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

/** The logged-in user, null when logged out, undefined while loading. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

/** Any 401 from the API means the session ended: forget the user, which sends the app to the login page. */
export function useSessionExpiry(onExpired: () => void) {
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (qc.getQueryData(ME_KEY)) onExpired();
      qc.setQueryData(ME_KEY, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [qc, onExpired]);
}
