import type { RoutePlugin } from '../../http/context.ts';
import { librariesRoutes } from './routes/libraries.ts';
import { searchRoutes } from './routes/search.ts';
import { filesRoutes } from './routes/files.ts';
import { versionsRoutes } from './routes/versions.ts';
import { lifecycleRoutes } from './routes/lifecycle.ts';
import { modulesRoutes } from './routes/modules.ts';
import { itemsRoutes } from './routes/items.ts';

/**
 * Checklist libraries: versioned drafts, publish and retire, modules and items, search, file import
 * and export.
 */
export const checklistsModule: RoutePlugin = async (app, deps) => {
  await librariesRoutes(app, deps);
  await searchRoutes(app, deps);
  await filesRoutes(app, deps);
  await versionsRoutes(app, deps);
  await lifecycleRoutes(app, deps);
  await modulesRoutes(app, deps);
  await itemsRoutes(app, deps);
};
