import { OFFICER_ROLES, type PartyRole, type StepDef } from '@redline/domain';
import type { Actor } from '../../auth/actor.ts';

/**
 * Who the actor acts as at a step, or null when they may not act there: a party role through their
 * enterprise (project_parties), a law-enforcement officer of the jurisdiction (the approval was
 * loaded through the actor's scope), or — at the expert step — the constructor who organises the
 * argumentation meeting (Order 37 art. 12) or an officer, recording a registered expert's signed
 * opinion — or the expert themselves, logged in with their own account.
 */
export function actingAs(actor: Actor, step: StepDef, partyRoles: readonly PartyRole[]): string | null {
  const officer = OFFICER_ROLES.includes(actor.role);
  switch (step.actor.type) {
    case 'party':
      return actor.role === 'enterprise_manager' && partyRoles.includes(step.actor.role)
        ? step.actor.role
        : null;
    case 'regulator':
      return officer ? 'regulator' : null;
    case 'expert':
      // an expert's own login (the approval is visible to it only when it sits on the panel)
      if (actor.expertId && actor.role === 'worker') return 'expert';
      if (officer) return 'regulator';
      return actor.role === 'enterprise_manager' && partyRoles.includes('general_contractor')
        ? 'general_contractor'
        : null;
  }
}

/** The party that submits (step 0), who alone adds or replaces materials. */
export function isSubmitter(actor: Actor, submit: StepDef, partyRoles: readonly PartyRole[]) {
  return actingAs(actor, submit, partyRoles) !== null && submit.actor.type === 'party';
}
