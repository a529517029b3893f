import { describe, expect, it } from 'vitest';
import { passwordProblem, personalWords, type PasswordStrength } from '../src/password-policy.ts';

/** The rules in order, with a stand-in estimator: the real one (zxcvbn) is the server's and web's. */
const strong: PasswordStrength = { score: 4, warning: null, suggestions: [] };
const check = (password: string, owner = { username: 'zhang.san', displayName: '张三' }, score = 4) =>
  passwordProblem(password, owner, {
    estimate: () => ({ ...strong, score }),
    isCommon: (p) => ['password1234', 'qwertyuiop12'].includes(p),
  });

describe('password policy', () => {
  it.each([
    ['eleven char', 'too_short'],
    ['十一个汉字的密码不够长', 'too_short'],
    ['x'.repeat(201), 'too_long'],
    ['zhang.san.2024', 'personal'],
    ['ZhangSan-2024!', 'personal'],
    ['我是张三我的密码很长很长', 'personal'],
    ['PASSWORD1234', 'common'],
  ])('%s → %s', (password, reason) => {
    expect(check(password)?.reason).toBe(reason);
  });

  it('counts characters, not UTF-16 units: twelve Chinese characters are enough', () => {
    expect(check('塔吊司机每天早上检查钢丝')).toBeNull();
  });

  it('refuses a score below 3 with the estimator’s feedback, accepts 3 and more', () => {
    expect(check('some passphrase here', undefined, 2)).toMatchObject({
      reason: 'weak',
      score: 2,
      minScore: 3,
    });
    expect(check('some passphrase here', undefined, 3)).toBeNull();
    expect(check('x'.repeat(200))).toBeNull();
  });

  it('passes the owner’s words and the product’s to the estimator as its user dictionary', () => {
    let seen: string[] = [];
    passwordProblem(
      'a long enough passphrase',
      { username: 'li.jianguo', displayName: 'Li Jianguo' },
      {
        estimate: (_p, inputs) => ((seen = inputs), strong),
        isCommon: () => false,
      },
    );
    expect(seen).toEqual(expect.arrayContaining(['lijianguo', 'jianguo', 'redline']));
  });

  it('takes whole Chinese names from two characters, other parts from four letters', () => {
    expect(personalWords({ username: 'wu.li', displayName: '吴力' })).toEqual(['wuli', '吴力']);
    expect(personalWords({ username: 'ab', displayName: 'X' })).toEqual([]);
  });
});
