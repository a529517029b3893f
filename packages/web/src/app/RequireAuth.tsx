import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '@redline/contracts';
import { ApiError } from '../api/client';
import { useMe } from '../api/session';
import { ErrorState } from '../components/ErrorState';
import { CurrentUserContext, useCurrentUser } from './current-user';
import { PageSpin } from './AppLayout';

/** Logged-in users only; a user who must change their password is held on that page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  if (isPending) return <PageSpin />;
  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword && location.pathname !== '/account/password')
    return <Navigate to="/account/password" replace />;
  return <CurrentUserContext.Provider value={me}>{children}</CurrentUserContext.Provider>;
}

/** Pages for some roles only; others get the same answer as the server would give (403). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useCurrentUser();
  if (!roles.includes(me.role)) return <ErrorState error={new ApiError(403, 'FORBIDDEN', '')} />;
  return <>{children}</>;
}
