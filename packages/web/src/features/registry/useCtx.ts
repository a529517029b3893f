import { useMemo } from 'react';
import { useLabels } from '../../api/reference';
import { useCurrentUser } from '../../app/current-user';
import { useLang, useT } from '../../i18n';
import type { Ctx } from './types';

export function useCtx(): Ctx {
  const t = useT();
  const labels = useLabels();
  const [lang] = useLang();
  const me = useCurrentUser();
  return useMemo(() => ({ t, labels, lang, me }), [t, labels, lang, me]);
}
