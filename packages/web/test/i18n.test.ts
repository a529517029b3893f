import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en';
import { zh } from '../src/i18n/zh';
import { IntlMessageFormat } from 'intl-messageformat';

/** The argument names of an ICU message (`{name}`, `{n, plural, …}`, nested ones too), sorted and unique. */
function placeholders(s: string): string[] {
  const names = new Set<string>();
  const walk = (els: unknown[]) => {
    for (const el of els as Array<{ value?: unknown; options?: Record<string, { value: unknown[] }> }>) {
      if (typeof el.value === 'string' && 'type' in el && (el as { type: number }).type !== 0)
        names.add(el.value);
      if (el.options) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(s, 'en', undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

describe('dictionaries', () => {
  it('English has every key, none empty, and the same placeholders as Chinese', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(en[key], key).toBeTruthy();
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });
});
