import { createContext, useContext } from 'react';
import type { Me } from '@redline/contracts';

export const CurrentUserContext = createContext<Me | null>(null);

/** The logged-in user; only inside the authenticated layout. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser outside the authenticated layout');
  return me;
}
