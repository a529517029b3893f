import type { App } from '../../src/http/context.ts';
import { login } from './harness.ts';
import type { World } from './factories.ts';

/**
 * The second officer (Administrative Penalty Law 2021 art. 42): enforcement inspections finish and
 * enforcement documents are issued only with two certified officers who each confirmed. These
 * helpers add the world's co-inspector and confirm, as each officer, through the API.
 */
const cookies = new WeakMap<App, Map<string, string>>();
async function cookieOf(app: App, username: string) {
  let of = cookies.get(app);
  if (!of) cookies.set(app, (of = new Map()));
  let c = of.get(username);
  if (!c) {
    c = await login(app, username);
    of.set(username, c);
  }
  return c;
}

async function call(app: App, username: string, method: 'POST' | 'GET', url: string, payload?: unknown) {
  const res = await app.inject({
    method,
    url,
    headers: { cookie: await cookieOf(app, username) },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  if (res.statusCode >= 400)
    throw new Error(`${method} ${url} as ${username}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Each of these team members confirms taking part in the inspection. */
export async function confirmParticipation(app: App, inspectionId: string, usernames: string[]) {
  for (const u of usernames)
    await call(app, u, 'POST', `/api/inspections/${inspectionId}/participants/confirm`);
}

/** The leader adds the co-officer to the team; then both confirm. */
export async function addCoOfficer(
  app: App,
  inspectionId: string,
  leader: string,
  coOfficer: string,
  coOfficerId: string,
) {
  await call(app, leader, 'POST', `/api/inspections/${inspectionId}/participants`, { userId: coOfficerId });
  await confirmParticipation(app, inspectionId, [leader, coOfficer]);
}

/** The drafter names the world's co-inspector on a draft document, and the co-inspector confirms. */
export async function secondOfficerOnDocument(
  app: App,
  world: World,
  documentId: string,
  drafter: string,
  coInspectorId: string,
) {
  await call(app, drafter, 'POST', `/api/documents/${documentId}/officers`, { userId: coInspectorId });
  await call(app, world.coInspector, 'POST', `/api/documents/${documentId}/officers/confirm`);
}

export async function userIdOf(app: App, username: string): Promise<string> {
  return (await call(app, username, 'GET', '/api/auth/me')).id as string;
}
