import { describe, expect, it } from 'vitest';
import { describePasswordProblem, loadPasswordChecker } from '../src/features/account/password-policy';
import { translate, type MessageKey, type Vars } from '../src/i18n';

/** The browser's check gives the server's verdicts, worded in both languages. */
const owner = { username: 'zhang.san', displayName: '张三' };

describe('password check in the browser', () => {
  it.each([
    ['short-pw', 'too_short'],
    ['1234567890ab', 'weak'],
    ['aaaaaaaaaaaa', 'weak'],
    ['password1234', 'common'],
    ['woaini1314520', 'common'],
    ['zhang.san2024', 'personal'],
    ['张三的密码比较长一点点的', 'personal'],
    ['violet tractor sings at dawn', null],
    ['塔吊司机每天早上六点检查钢丝绳', null],
  ])('%s → %s', async (password, reason) => {
    const check = await loadPasswordChecker();
    expect(check(password, owner).problem?.reason ?? null).toBe(reason);
  });

  it('scores as it is typed', async () => {
    const check = await loadPasswordChecker();
    expect(check('aaaaaaaaaaaa', owner).score).toBeLessThan(3);
    expect(check('violet tractor sings at dawn', owner).score).toBeGreaterThanOrEqual(3);
  });

  it('says why in Chinese and in English, with zxcvbn’s advice', async () => {
    const check = await loadPasswordChecker();
    const weak = check('aaaaaaaaaaaa', owner).problem!;
    const zh = describePasswordProblem((k: MessageKey, v?: Vars) => translate('zh', k, v), weak);
    const en = describePasswordProblem((k: MessageKey, v?: Vars) => translate('en', k, v), weak);
    expect(zh).toMatch(/太容易被猜中.*重复/);
    expect(en).toMatch(/Too easy to guess.*Repeated characters/);
    expect(zh).not.toMatch(/password\.zxcvbn/);
    const personal = describePasswordProblem(
      (k: MessageKey, v?: Vars) => translate('zh', k, v),
      check('zhang.san2024', owner).problem!,
    );
    expect(personal).toContain('zhangsan');
  });
});
