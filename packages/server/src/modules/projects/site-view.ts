import type { Kysely } from 'kysely';
import { allowedStageActions, isOfficer } from '@redline/domain';
import type { ProjectSiteView } from '@redline/contracts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { can } from '../../auth/policy.ts';
import { actorParty } from './membership.ts';
import { canAskParties, requestView } from './requests.ts';
import { requestsOf } from './requests-repo.ts';
import {
  countSuspensions,
  devicesOf,
  documentsOf,
  gradeOf,
  hazardCountsOf,
  loadProject,
  membersOf,
  partiesOf,
  recentAlarmsOf,
  recentHazardsOf,
  recentInspectionsOf,
  stageEventsOf,
} from './repo.ts';

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());
type Material = { fileId: string; sha256: string; name?: string };

/**
 * The project page: stage and its timeline with the steps the caller may take, the parties and
 * their people (certificate checks, on site today), devices with their latest readings, recent
 * alarms, inspections, hazards (counts from the project's indexed rows), documents and the grade.
 */
export async function projectSite(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  clock: { now: Date; today: string },
): Promise<ProjectSiteView> {
  const p = await loadProject(db, actor, id);
  const party = await actorParty(db, actor, p.id);
  const [
    events,
    parties,
    members,
    devices,
    alarms,
    inspections,
    counts,
    hazards,
    documents,
    grade,
    suspensions,
    requests,
  ] = await Promise.all([
    stageEventsOf(db, p.id),
    partiesOf(db, p.id),
    membersOf(db, p.id, clock.today),
    devicesOf(db, p.id),
    recentAlarmsOf(db, p.id),
    recentInspectionsOf(db, p.id),
    hazardCountsOf(db, p.id, clock.now),
    recentHazardsOf(db, p.id),
    documentsOf(db, p.id),
    gradeOf(db, p.id),
    countSuspensions(db, p.id),
    requestsOf(db, p.id),
  ]);
  const stageActor = { id: actor.userId, role: actor.role, party };
  const mayMove = can(actor, 'move_stage', 'project_site');
  return {
    project: {
      id: p.id,
      name: p.name,
      type: p.type,
      address: p.address,
      regionCode: p.region_code,
      regionName: p.region_name ?? p.region_code,
      permitNo: p.permit_no,
      stage: p.stage,
      status: p.status,
      startOn: p.start_on ?? null,
      plannedCompletionOn: p.planned_completion_on ?? null,
      grade,
    },
    myParty: party,
    allowedStageActions: mayMove
      ? allowedStageActions({ stage: p.stage, permitNo: p.permit_no, suspensions }, stageActor)
      : [],
    // project accounts name no one (remove-member.ts)
    canAddMembers:
      !actor.projectScoped &&
      (isOfficer(actor.role) || (actor.role === 'enterprise_manager' && party !== null)),
    canAskParties: canAskParties(actor, party),
    timeline: events.map((e) => ({
      seq: e.seq,
      type: e.type as ProjectSiteView['timeline'][number]['type'],
      from: e.from_stage,
      to: e.to_stage,
      at: new Date(e.at).toISOString(),
      actorName: e.actor_name,
      actorRole: e.actor_role,
      actorParty: e.actor_party,
      materials: (
        (typeof e.materials === 'string' ? JSON.parse(e.materials) : e.materials) as Material[]
      ).map((m) => ({
        fileId: m.fileId,
        sha256: m.sha256,
        name: m.name ?? '',
        url: `/api/files/${m.fileId}`,
      })),
      reason: e.reason,
      permitNo: e.permit_no,
    })),
    parties: parties.map((x) => ({
      role: x.role,
      name: x.name,
      enterpriseId: x.enterprise_id,
      contact: x.contact,
    })),
    members: members.map((m) => ({
      id: m.id,
      partyRole: m.party_role,
      position: m.position,
      name: m.name,
      userId: m.user_id,
      username: m.username ?? null,
      enterpriseName: m.enterprise_name ?? null,
      certificateNo: m.certificate_no,
      certificateCheck: m.certificate_check,
      certificateExpiresOn: m.expires_on ?? null,
      checkedAt: iso(m.checked_at),
      onSiteToday: Boolean(m.on_site_today),
    })),
    requests: requests.map((r) => requestView(r, actor, party)),
    devices: devices.map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      kind: d.kind,
      online: d.online,
      lastSeenAt: iso(d.last_seen_at),
      readings: (typeof d.readings === 'string' ? JSON.parse(d.readings) : d.readings) ?? null,
      readingAt: iso(d.reading_at),
    })),
    alarms: alarms.map((a) => ({
      id: a.id,
      number: a.number,
      type: a.type,
      severity: a.severity,
      status: a.status,
      deviceName: a.device_name,
      lastEventAt: new Date(a.last_event_at).toISOString(),
    })),
    inspections: inspections.map((i) => ({
      id: i.id,
      kind: i.kind,
      status: i.status,
      startedAt: iso(i.started_at),
      score: i.score == null ? null : Number(i.score),
    })),
    hazards: {
      open: counts.open,
      overdue: counts.overdue,
      awaitingSupervision: counts.awaiting_supervision,
      closed: counts.closed,
      recent: hazards.map((h) => ({
        id: h.id,
        title: h.title,
        grade: h.grade,
        status: h.status,
        deadline: iso(h.deadline),
        awaitingSupervision: Boolean(h.awaiting_supervision),
      })),
    },
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      number: d.number,
      status: d.status,
      createdAt: new Date(d.created_at).toISOString(),
    })),
  };
}
