import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Me } from '@redline/contracts';
import { api, isApiError, setUnauthorizedHandler } from './client';
import { setTimeZone } from '../lib/time';

export const ME_KEY = ['me'] as const;

const ME_STORE = 'redline.me';
/** Logging out forgets the user kept for offline use. */
export const forgetMe = () => localStorage.removeItem(ME_STORE);

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/auth/me');
    localStorage.setItem(ME_STORE, JSON.stringify(me));
    setTimeZone(me.timeZone); // every time on screen in the jurisdiction's zone
    return me;
  } catch (e) {
    if (isApiError(e) && (e.status === 401 || e.status === 403)) {
      localStorage.removeItem(ME_STORE);
      return null;
    }
    // No network (offline field pages, issue 19): the user last seen on this device; the server
    // checks the session again when the queued writes are sent.
    const stored = isApiError(e) && e.status === 0 ? localStorage.getItem(ME_STORE) : null;
    if (stored) {
      const me = JSON.parse(stored) as Me;
      setTimeZone(me.timeZone);
      return me;
    }
    throw e;
  }
}

/** The logged-in user, null when logged out, undefined while loading. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: 1,
    networkMode: 'always',
  });
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
