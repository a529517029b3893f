import type { Static } from '@sinclair/typebox';
import {
  APPROVAL_WORKFLOWS,
  MIN_EXPERTS,
  compareDates,
  materialsHash,
  stepApplies,
  type ApprovalState,
  type PartyRole,
} from '@redline/domain';
import type { ApprovalListItem, ApprovalView, ExpertView } from '@redline/contracts';
import type { Actor } from '../../auth/actor.ts';
import { iso } from '../../db/paging.ts';
import { can } from '../../auth/policy.ts';
import { actingAs, isSubmitter } from './acting.ts';
import { isExpertLogin } from './expert.ts';
import type { ExpertRow, MaterialRow, NamedApprovalRow, OpinionRow, PanelRow } from './repo.ts';

const stateOf = (r: NamedApprovalRow) =>
  (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as ApprovalState;

export function approvalListItem(r: NamedApprovalRow, today: string): Static<typeof ApprovalListItem> {
  const def = r.status === 'open' ? APPROVAL_WORKFLOWS[r.kind].steps[r.step] : null;
  return {
    id: r.id,
    projectId: r.project_id,
    projectName: r.project_name,
    regionCode: r.region_code,
    kind: r.kind,
    title: r.title,
    beyondScale: r.beyond_scale,
    status: r.status,
    stepCode: def?.code ?? null,
    stepName: def?.nameZh ?? null,
    stepDueOn: r.status === 'open' ? r.step_due_on : null,
    overdue: r.status === 'open' && r.step_due_on !== null && compareDates(r.step_due_on, today) < 0,
    createdAt: iso(r.created_at),
  };
}

const auditRef = (ref: string | null) => {
  if (!ref) return null;
  const [chain, seq, hash] = ref.split(':');
  return { chain, seq: Number(seq), hash };
};

export function approvalView(
  r: NamedApprovalRow,
  materials: MaterialRow[],
  opinions: (OpinionRow & { audit_ref: string | null })[],
  actor: Actor,
  partyRoles: readonly PartyRole[],
  today: string,
  panel: PanelRow[] = [],
): ApprovalView {
  const state = stateOf(r);
  const wf = APPROVAL_WORKFLOWS[r.kind];
  const current = materials.filter((m) => !m.withdrawn_at);
  const hash = current.length ? materialsHash(current.map((m) => m.sha256)) : null;
  const step = r.status === 'open' ? wf.steps[r.step] : null;
  const experts = new Set(
    opinions
      .filter(
        (o) =>
          o.kind === 'expert_opinion' &&
          o.round === state.round &&
          o.step === r.step &&
          o.materials_hash === hash,
      )
      .map((o) => o.expert_id),
  );
  return {
    ...approvalListItem(r, today),
    round: state.round,
    basis: wf.basis,
    expertConclusion: state.expertConclusion,
    steps: wf.steps.map((s, i) => ({
      index: i,
      code: s.code,
      type: s.type,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      actor: s.actor.type === 'party' ? s.actor.role : s.actor.type,
      limitDays: s.limitDays,
      applies: stepApplies(state, s),
      current: r.status === 'open' && i === r.step,
    })),
    materials: materials.map((m) => ({
      id: m.id,
      fileId: m.file_id,
      sha256: m.sha256,
      name: m.name,
      public: m.public,
      addedAt: iso(m.added_at),
      addedByName: m.added_by_name,
      current: !m.withdrawn_at,
      replacedBy: m.replaced_by,
    })),
    materialsHash: hash,
    expertOpinionsOnCurrentSet: experts.size,
    minExperts: MIN_EXPERTS,
    opinions: opinions.map((o) => ({
      id: o.id,
      step: o.step,
      stepCode: o.step_code,
      round: o.round,
      kind: o.kind,
      actorName: o.actor_name,
      actingAs: o.acting_as,
      expertId: o.expert_id,
      expertName: o.expert_name,
      opinion: o.opinion,
      conclusion: o.conclusion,
      materialsHash: o.materials_hash,
      materials: (typeof o.materials === 'string' ? JSON.parse(o.materials) : o.materials) as {
        id: string;
        sha256: string;
        name: string;
      }[],
      judgedCurrentSet: o.materials_hash === hash,
      signedAt: iso(o.signed_at),
      audit: auditRef(o.audit_ref),
    })),
    panel: panel.map((p) => ({
      expertId: p.id,
      name: p.name,
      title: p.title,
      employer: p.employer,
      hasAccount: p.user_id !== null,
      assignedAt: iso(p.assigned_at),
    })),
    may: {
      act: step !== null && actingAs(actor, step, partyRoles) !== null,
      addMaterial: r.status === 'open' && isSubmitter(actor, wf.steps[0], partyRoles),
      assignExperts:
        r.status === 'open' &&
        wf.steps.some((s) => s.actor.type === 'expert' && stepApplies(state, s)) &&
        !isExpertLogin(actor) &&
        can(actor, 'assign_experts', 'approval'),
    },
    signAsExpert: isExpertLogin(actor) ? actor.expertId! : null,
  };
}

export const expertView = (x: ExpertRow): Static<typeof ExpertView> => ({
  id: x.id,
  name: x.name,
  specialty: x.specialty,
  title: x.title,
  employer: x.employer,
  regionCode: x.region_code,
  registerNo: x.register_no,
  active: x.active,
  hasAccount: x.user_id !== null,
});
