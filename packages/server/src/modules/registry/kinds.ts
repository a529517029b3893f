import type { RegistryKind } from './kind.ts';
import { enterprises } from './enterprises.ts';
import { projects } from './projects.ts';
import { sites } from './sites.ts';
import { workers } from './workers.ts';
import { certificates } from './certificates.ts';
import { equipment } from './equipment.ts';

export const REGISTRY_KINDS: RegistryKind[] = [
  enterprises,
  projects,
  sites,
  workers,
  certificates,
  equipment,
];
