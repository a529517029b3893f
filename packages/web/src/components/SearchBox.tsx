import { useState } from 'react';
import { Button, Input, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useT } from '../i18n';

/**
 * Search text applied on Enter or the button (not on every key, so the URL and the server are not
 * hammered); clearing it applies at once. `data-testid="list-search"` is on the <input> itself.
 */
export function SearchBox({
  value,
  onSearch,
  placeholder,
  width,
}: {
  value: string;
  onSearch: (q: string) => void;
  placeholder: string;
  width: number | string;
}) {
  const t = useT();
  const [text, setText] = useState(value);
  const [prev, setPrev] = useState(value);
  if (prev !== value) {
    // the URL changed underneath (back button, "clear filters"): follow it
    setPrev(value);
    setText(value);
  }
  return (
    <Space.Compact style={{ width }}>
      <Input
        value={text}
        allowClear
        placeholder={placeholder}
        aria-label={t('common.search')}
        data-testid="list-search"
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value && value) onSearch('');
        }}
        onPressEnter={() => onSearch(text.trim())}
      />
      <Button
        icon={<SearchOutlined />}
        aria-label={t('common.search')}
        onClick={() => onSearch(text.trim())}
        data-testid="list-search-button"
      />
    </Space.Compact>
  );
}
