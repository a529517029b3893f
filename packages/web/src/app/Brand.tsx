import { useLang } from '../i18n';

/** The product mark: a red bar (the red line) and the name. */
export function Brand({ compact = false }: { compact?: boolean }) {
  const [lang] = useLang();
  return (
    <span className="brand">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#cf1322" />
        <rect x="5" y="14" width="22" height="4" rx="1" fill="#fff" />
      </svg>
      <span className="brand-name">红线</span>
      {!compact && (
        <span className="brand-sub">
          Redline · {lang === 'zh' ? '安全生产监管平台' : 'Work-safety supervision'}
        </span>
      )}
    </span>
  );
}
