import { Segmented } from 'antd';
import { useLang, useT, type Lang } from '../i18n';

/** 中文 / EN switch; the choice is kept in localStorage. */
export function LangSwitch({ size = 'small' }: { size?: 'small' | 'middle' | 'large' }) {
  const [lang, setLang] = useLang();
  const t = useT();
  return (
    <Segmented<Lang>
      data-testid="lang-switch"
      aria-label={t('lang.switch')}
      size={size}
      value={lang}
      onChange={setLang}
      options={[
        { value: 'zh', label: <span data-testid="lang-zh">中文</span> },
        { value: 'en', label: <span data-testid="lang-en">EN</span> },
      ]}
    />
  );
}
