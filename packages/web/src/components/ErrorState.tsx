import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { isApiError } from '../api/client';
import { useT } from '../i18n';

/** A failed load explained for people: 404 / 403 / network / other, with a way on. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const status = isApiError(error) ? error.status : -1;
  const home = (
    <Link to="/" key="home">
      <Button>{t('error.backHome')}</Button>
    </Link>
  );
  const retry = onRetry ? (
    <Button type="primary" onClick={onRetry} key="retry">
      {t('common.retry')}
    </Button>
  ) : null;
  if (status === 404)
    return (
      <Result
        status="404"
        title={t('error.notFoundTitle')}
        subTitle={t('error.notFound')}
        extra={home}
        data-testid="error-404"
      />
    );
  if (status === 403)
    return (
      <Result status="403" title="403" subTitle={t('error.forbidden')} extra={home} data-testid="error-403" />
    );
  const message =
    status === 0 ? t('error.network') : t('error.generic', { message: (error as Error)?.message ?? '' });
  return (
    <Result
      status="error"
      title={t('error.title')}
      subTitle={message}
      extra={[retry, home]}
      data-testid="error-state"
    />
  );
}

/** A human message for a failed mutation. */
export function errorMessage(t: ReturnType<typeof useT>, error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 0) return t('error.network');
    if (error.status === 403) return error.message || t('error.forbidden');
    if (error.status === 404) return t('error.notFound');
    return error.message;
  }
  return t('error.generic', { message: (error as Error)?.message ?? String(error) });
}
