import type { RegistryKind } from '../../../lib/roles';
import type { KindConfig } from '../types';
import { certificates } from './certificates';
import { enterprises } from './enterprises';
import { equipment } from './equipment';
import { projects } from './projects';
import { sites } from './sites';
import { workers } from './workers';

/** One config per registry kind; the list, detail, form and import screens are generic over these. */
export const KINDS: Record<RegistryKind, KindConfig> = {
  enterprises,
  projects,
  sites,
  workers,
  certificates,
  equipment,
};
