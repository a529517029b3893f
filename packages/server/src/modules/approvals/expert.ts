import type { Actor } from '../../auth/actor.ts';
import { authorize } from '../../auth/policy.ts';
import { forbidden } from '../../errors.ts';

/**
 * An expert's own login may read the approvals of its panels and sign there, nothing else: the
 * policy table stays by role (a worker without an expert record stays refused), this lets the
 * linked account through for exactly these two actions.
 */
export function authorizeApproval(
  actor: Actor,
  action: 'read' | 'act' | 'create' | 'upload' | 'assign_experts',
) {
  if (actor.expertId && actor.role === 'worker') {
    if (action === 'read' || action === 'act') return;
    throw forbidden(
      'An expert’s account may only read the approvals of their panel and sign their own opinion',
    );
  }
  authorize(actor, action, 'approval');
}

/** Whether the actor is an expert's own login. */
export const isExpertLogin = (actor: Actor) => !!actor.expertId && actor.role === 'worker';
