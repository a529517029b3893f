import type { RoutePlugin } from '../../http/context.ts';
import { equipmentInspectionRoutes } from './routes/equipment.ts';

/**
 * Special equipment due-date work (issue 15) over the registry's equipment: the due, overdue and
 * unregistered lists, overdue flags, inspection results (a fail creates hazards through
 * hazards/create-hazard.ts) and the reminders job (reminders.ts).
 */
export const equipmentInspectionsModule: RoutePlugin = async (app, deps) => {
  await equipmentInspectionRoutes(app, deps);
};
