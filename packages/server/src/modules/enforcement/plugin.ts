import type { RoutePlugin } from '../../http/context.ts';
import { defaultTemplates } from './templates.ts';
import { documentRoutes } from './routes/documents.ts';
import { documentDraftRoutes } from './routes/document-drafts.ts';
import { documentOfficerRoutes } from './routes/document-officers.ts';
import { documentCorrectionRoutes } from './routes/document-corrections.ts';
import { documentPdfRoutes } from './routes/document-pdf.ts';
import { templateRoutes } from './routes/templates.ts';
import { verificationRoutes } from './routes/verification.ts';
import { caseRoutes } from './routes/cases.ts';
import { caseActionRoutes } from './routes/case-actions.ts';
import { supervisionFileRoutes } from './routes/supervision-file.ts';

/**
 * Enforcement (issue 4): documents and their templates, public verification, cases, the
 * supervision file. Other modules call the use cases draft-document.ts and issue-document.ts.
 */
export const enforcementModule: RoutePlugin = async (app, deps) => {
  // Shipped templates are checked at start: a broken data file stops the server with its name.
  defaultTemplates();
  for (const routes of [
    documentRoutes,
    documentDraftRoutes,
    documentOfficerRoutes,
    documentCorrectionRoutes,
    documentPdfRoutes,
    templateRoutes,
    verificationRoutes,
    caseRoutes,
    caseActionRoutes,
    supervisionFileRoutes,
  ])
    await routes(app, deps);
};
