import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { libraryToYaml } from './library-file.ts';
import { libraryToXlsx } from './excel.ts';
import { versionToFile } from './repo/version-content.ts';
import { versionFor } from './visible.ts';

export interface ExportedFile {
  contentType: string;
  fileName: string;
  body: Buffer | string;
}

/** A version the actor may see, as a file in the import format (YAML by default, JSON or Excel). */
export async function exportVersion(
  db: Kysely<DB>,
  actor: Actor,
  versionId: string,
  format: 'yaml' | 'json' | 'xlsx',
  today: string,
): Promise<ExportedFile> {
  const { version, library } = await versionFor(db, actor, versionId);
  const file = await versionToFile(db, version.id);
  const name = `${library.code}-v${version.version}`;
  if (format === 'xlsx')
    return {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `${name}.xlsx`,
      body: await libraryToXlsx(file),
    };
  if (format === 'json')
    return {
      contentType: 'application/json; charset=utf-8',
      fileName: `${name}.json`,
      body: JSON.stringify(file, null, 2),
    };
  return {
    contentType: 'application/yaml; charset=utf-8',
    fileName: `${name}.yaml`,
    body: libraryToYaml(
      file,
      `Redline checklist library ${library.code}, version ${version.version} (${version.status}), exported ${today}`,
    ),
  };
}
