// The editor's tags: type a tag and press Enter or a comma; the tags already in use are offered as you
// type, so that "backup" is picked rather than retyped as "Backup ". Bounded like the core's rules
// (shared/task-tags.ts), which checkDraft repeats in the user's language.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { FieldA11y } from '../../a11y/field';
import { useBridge } from '../../api/context';
import { useT } from '../../i18n/i18n';

export function TagsField({
  value,
  control,
  onChange,
}: {
  value: string[];
  control: FieldA11y['control'];
  onChange(tags: string[]): void;
}) {
  const t = useT();
  const bridge = useBridge();
  const [known, setKnown] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    bridge['tasks.tags']({}).then(
      ({ tags }) => live && setKnown(tags.map((c) => c.tag)),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [bridge]);
  return (
    <Select
      mode="tags"
      value={value}
      {...control}
      placeholder={t('editor.tags.placeholder')}
      tokenSeparators={[',', '，']}
      maxCount={20}
      options={known.map((tag) => ({ value: tag, label: tag }))}
      // Trimmed as the core trims; an empty entry (", ,") is dropped.
      onChange={(tags: string[]) => onChange(tags.map((tag) => tag.trim()).filter(Boolean))}
      data-testid="field-tags"
    />
  );
}
