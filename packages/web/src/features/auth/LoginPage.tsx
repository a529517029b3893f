import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@redline/contracts';
import { api, isApiError } from '../../api/client';
import { ME_KEY, useMe } from '../../api/session';
import { Brand } from '../../app/Brand';
import { LangSwitch } from '../../components/LangSwitch';
import { useT } from '../../i18n';
import { setTimeZone } from '../../lib/time';

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-app paths are followed after login. */
const safeNext = (next: string | null) =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

export default function LoginPage() {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me)
    return (
      <Navigate to={me.mustChangePassword ? '/account/password' : safeNext(params.get('next'))} replace />
    );

  async function onFinish(values: LoginValues) {
    setBusy(true);
    setError(null);
    try {
      const user = await api<Me>('/auth/login', {
        method: 'POST',
        body: { username: values.username.trim(), password: values.password },
      });
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      // the page's own "who am I" may still be on its way (a 401 from before this login): it must not
      // land after the user and log them out again
      await qc.cancelQueries({ queryKey: ME_KEY });
      setTimeZone(user.timeZone);
      qc.setQueryData(ME_KEY, user);
      navigate(user.mustChangePassword ? '/account/password' : safeNext(params.get('next')), {
        replace: true,
      });
    } catch (e) {
      if (isApiError(e) && e.status === 429)
        setError(
          e.retryAfter ? t('login.rateLimitedAfter', { seconds: e.retryAfter }) : t('login.rateLimited'),
        );
      else if (isApiError(e) && e.status === 0) setError(t('error.network'));
      else setError(isApiError(e) && e.message ? e.message : t('login.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <section className="login-hero">
        <Brand compact />
        <h1>红线</h1>
        <p className="login-hero-en">Redline</p>
        <div className="login-tagline">{t('app.tagline')}</div>
        <div className="login-quote">{t('app.redline')}</div>
      </section>
      <section className="login-panel">
        <div className="login-lang">
          <LangSwitch size="middle" />
        </div>
        <Card className="login-card" title={<span style={{ fontSize: 20 }}>{t('login.title')}</span>}>
          <Form<LoginValues>
            layout="vertical"
            onFinish={onFinish}
            data-testid="login-form"
            requiredMark={false}
            size="large"
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('common.required', { label: t('login.username') }),
                },
              ]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                autoCapitalize="none"
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('common.required', { label: t('login.password') }) }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            {error && (
              <Alert
                type="error"
                showIcon
                title={error}
                style={{ marginBottom: 16 }}
                data-testid="login-error"
                role="alert"
              />
            )}
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Typography.Paragraph type="secondary" className="login-footer">
          {t('login.footer')}
        </Typography.Paragraph>
      </section>
    </div>
  );
}
