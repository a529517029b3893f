import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { stageEventsOf } from './repo.ts';
import { requestsOf } from './requests-repo.ts';

/**
 * What the project's supervision file (approvals/project-file.ts) reads of this module: the stage
 * steps (who, when, materials with their SHA-256) and the survey / design requests. Call it for a
 * project the caller already may see; it reads no scope.
 */
export async function projectLifeCycleRecords(db: Kysely<DB>, projectId: string) {
  const [stageEvents, requests] = await Promise.all([
    stageEventsOf(db, projectId),
    requestsOf(db, projectId),
  ]);
  return { stageEvents, requests };
}
