import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { useLabels } from '../api/reference';
import { useCurrentUser } from '../app/current-user';
import { useT } from '../i18n';

interface Props {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
}

/** Administrative regions of the user's jurisdiction only, as a searchable tree. */
export function RegionSelect({ value, onChange, placeholder, allowClear = true, style, id, ...rest }: Props) {
  const me = useCurrentUser();
  const labels = useLabels();
  const t = useT();
  const tree = useMemo(() => labels.regionTree(me.regionCode ?? ''), [labels, me.regionCode]);
  return (
    <TreeSelect
      id={id}
      data-testid={rest['data-testid']}
      value={value || undefined}
      onChange={(v) => onChange?.((v as string) || undefined)}
      treeData={tree}
      placeholder={placeholder ?? t('list.regionPlaceholder')}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={tree.map((n) => n.key)}
      loading={!labels.ready}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}
