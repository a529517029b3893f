import { useEffect, useState } from 'react';
import { Progress, Typography } from 'antd';
import {
  COMMON_PASSWORDS_ZH,
  PINYIN_WORDS,
  passwordProblem,
  type PasswordOwner,
  type PasswordProblem,
} from '@redline/domain';
import { isApiError } from '../../api/client';
import type { MessageKey, TFunction } from '../../i18n';

/**
 * The server's password rules (@redline/domain password-policy.ts) in the browser, with the same
 * zxcvbn dictionaries, so a form says why a password will be refused before it is sent, and shows
 * how strong it is while it is typed. zxcvbn and its dictionaries (about 1 MB) are loaded only when
 * a password field is used, never with the first screen.
 */
export interface PasswordVerdict {
  problem: PasswordProblem | null;
  score: number;
}
type Checker = (password: string, owner: PasswordOwner) => PasswordVerdict;

let loading: Promise<Checker> | undefined;

export function loadPasswordChecker(): Promise<Checker> {
  loading ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, en]) => {
    // The same options as the server (packages/server/src/auth/password-policy.ts).
    const zxcvbn = new core.ZxcvbnFactory({
      dictionary: {
        ...common.dictionary,
        ...en.dictionary,
        'passwords-zh': COMMON_PASSWORDS_ZH,
        'pinyin-zh': PINYIN_WORDS,
      },
      graphs: common.adjacencyGraphs,
      maxLength: 64,
      l33tMaxSubstitutions: 8,
    });
    const commonList = new Set([...common.dictionary['passwords-common'], ...COMMON_PASSWORDS_ZH]);
    return (password, owner) => {
      let score = 0;
      const problem = passwordProblem(password, owner, {
        isCommon: (p) => commonList.has(p),
        estimate: (pw, inputs) => {
          const r = zxcvbn.check(pw, inputs);
          score = r.score;
          return { score: r.score, warning: r.feedback.warning, suggestions: r.feedback.suggestions };
        },
      });
      return { problem, score: problem && problem.reason !== 'weak' ? 0 : score };
    };
  });
  return loading;
}

const zxcvbnText = (t: TFunction, key: string | null | undefined) =>
  key ? t(`password.zxcvbn.${key}` as MessageKey) : '';

/** Why a password is refused, in the user's language (from the check here or the server's `details`). */
export function describePasswordProblem(t: TFunction, p: PasswordProblem): string {
  switch (p.reason) {
    case 'too_short':
      return t('password.rule.tooShort', { min: p.min, length: p.length });
    case 'too_long':
      return t('password.rule.tooLong', { max: p.max });
    case 'personal':
      return t('password.rule.personal', { word: p.word });
    case 'common':
      return t('password.rule.common');
    case 'weak':
      return [
        t('password.rule.weak', { score: p.score, min: p.minScore }),
        zxcvbnText(t, p.warning),
        ...p.suggestions.map((s) => zxcvbnText(t, s)),
      ]
        .filter((s) => s && !s.startsWith('password.zxcvbn.'))
        .join(' ');
  }
}

/** The server's WEAK_PASSWORD refusal, worded in the user's language; null for any other error. */
export function weakPasswordMessage(t: TFunction, e: unknown): string | null {
  if (!isApiError(e) || e.code !== 'WEAK_PASSWORD') return null;
  const d = e.details as PasswordProblem | undefined;
  return d && typeof d === 'object' && 'reason' in d ? describePasswordProblem(t, d) : e.message;
}

/** A form rule that refuses what the server would refuse, saying why. */
export const passwordPolicyRule = (t: TFunction, owner: () => PasswordOwner) => ({
  validator: async (_: unknown, value: unknown) => {
    if (typeof value !== 'string' || !value) return;
    const { problem } = (await loadPasswordChecker())(value, owner());
    if (problem) throw new Error(describePasswordProblem(t, problem));
  },
});

const COLORS = ['#cf1322', '#d4380d', '#d48806', '#389e0d', '#237804'];

/** A live strength meter under a password field. */
export function PasswordStrength({
  password,
  owner,
  t,
}: {
  password: string | undefined;
  owner: PasswordOwner;
  t: TFunction;
}) {
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null);
  const { username, displayName } = owner;
  useEffect(() => {
    if (!password) {
      setVerdict(null);
      return;
    }
    let live = true;
    // A short pause after typing: zxcvbn takes a few milliseconds per check.
    const timer = setTimeout(() => {
      void loadPasswordChecker().then((check) => {
        if (live) setVerdict(check(password, { username, displayName }));
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password, username, displayName]);
  if (!password || !verdict) return null;
  const level = t(`password.strength.${verdict.score}` as MessageKey);
  return (
    <div data-testid="password-strength" data-score={verdict.score} style={{ marginTop: 4 }}>
      <Progress
        percent={(verdict.score + 1) * 20}
        steps={5}
        showInfo={false}
        strokeColor={COLORS[verdict.score]}
        size="small"
        aria-hidden
      />
      <Typography.Text type={verdict.problem ? 'secondary' : 'success'} style={{ marginInlineStart: 8 }}>
        {t('password.strength', { level })}
      </Typography.Text>
    </div>
  );
}
