import type { RoutePlugin } from '../../http/context.ts';
import { auditEntriesRoutes } from './routes/entries.ts';
import { auditVerificationRoutes } from './routes/verification.ts';

/**
 * The audit chain for administrators: entries, verification and signed checkpoints. The chain
 * itself (writing, verifying, checkpoints) is core (src/audit/); the routine checkpoint job is
 * checkpoint-job.ts.
 */
export const auditLogModule: RoutePlugin = async (app, deps) => {
  await auditEntriesRoutes(app, deps);
  await auditVerificationRoutes(app, deps);
};
