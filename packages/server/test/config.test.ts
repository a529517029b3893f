import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

/** Every setting is an environment variable validated at boot; a bad one is named. */
const bad = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
};

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: '.data',
      DEMO: true,
      SESSION_TTL_HOURS: 12,
      LOGIN_RATE_LIMIT: 10,
      LOG_LEVEL: 'info',
      MQTT_PORT: 1884,
      TIME_ZONE: 'Asia/Shanghai',
      MAX_UPLOAD_MB: 15,
      TRUST_PROXY: 'false',
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SECRET_KEY).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('.data'));
  });

  it('reads and converts good values', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/redline',
      DATABASE_URL: 'postgresql://redline:pw@db:5432/redline',
      DEMO: 'no',
      SECRET_KEY: 'k'.repeat(32),
      LOGIN_RATE_LIMIT: '5',
      LOG_LEVEL: 'warn',
      TIME_ZONE: 'Asia/Urumqi',
      PUBLIC_URL: 'https://redline.example.gov.cn',
      MQTT_URL: 'mqtts://broker:8883',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
    });
    expect(c).toMatchObject({
      PORT: 8080,
      HOST: '0.0.0.0',
      DEMO: false,
      LOGIN_RATE_LIMIT: 5,
      LOG_LEVEL: 'warn',
      TIME_ZONE: 'Asia/Urumqi',
      dataDir: '/var/lib/redline',
    });
    expect(loadConfig({ DEMO: 'TRUE' }).DEMO).toBe(true);
    expect(loadConfig({ DEMO: '0' }).DEMO).toBe(false);
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000); // empty = unset
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root', SOMETHING_ELSE: 'x' })).not.toThrow();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /whole number.*"abc"/],
    [{ PORT: '-1' }, 'PORT', /whole number/],
    [{ PORT: '3000.5' }, 'PORT', /whole number/],
    [{ PORT: '70000' }, 'PORT', /65535/],
    [{ DATABASE_URL: 'mysql://root@localhost/redline' }, 'DATABASE_URL', /mysql:\/\/root@localhost\/redline/],
    [{ TIME_ZONE: 'Mars/Base' }, 'TIME_ZONE', /Mars\/Base/],
    [{ DEMO: 'maybe' }, 'DEMO', /true or false.*maybe/],
    [{ SECRET_KEY: 'too-short' }, 'SECRET_KEY', /32/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /loud/],
    [{ LOGIN_RATE_LIMIT: '0' }, 'LOGIN_RATE_LIMIT', /1/],
    [{ SESSION_TTL_HOURS: 'twelve' }, 'SESSION_TTL_HOURS', /whole number/],
    [{ PUBLIC_URL: 'redline.example.gov.cn' }, 'PUBLIC_URL', /redline\.example/],
    [{ MQTT_URL: 'http://broker' }, 'MQTT_URL', /http:\/\/broker/],
    [{ MAX_UPLOAD_MB: '1000' }, 'MAX_UPLOAD_MB', /200/],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY', /yes please/],
  ])('names the bad variable: %j', (env, name, detail) => {
    const message = bad(env as Record<string, string>);
    expect(message.startsWith(name), message).toBe(true);
    expect(message).toMatch(detail);
  });

  it('names the first bad variable when several are bad, with good ones around', () => {
    const message = bad({ HOST: 'localhost', PORT: '3000', DEMO: 'perhaps' });
    expect(message).toMatch(/^DEMO/);
  });
});

describe('the process', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'start'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATA_DIR: path.join(root, '.data-config-test-never-created'),
        ...env,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ TIME_ZONE: 'Mars/Base' }, 'TIME_ZONE'],
  ])('`redline start` with %j exits non-zero, naming the variable, before opening anything', (env, name) => {
    const res = run(env);
    expect(res.error, String(res.error)).toBeUndefined();
    expect(res.signal).toBeNull();
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain(name);
    expect(res.stderr).toMatch(/Configuration error/);
    expect(res.stdout).not.toMatch(/ready at/);
  });
});
