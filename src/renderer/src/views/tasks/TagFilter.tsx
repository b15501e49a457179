// The task list's tag filter: the tags in use (tasks.tags, with how many tasks carry each), re-read when the
// list changes so that a new tag shows up; one tag at a time. A row's tag chip sets it too.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { TagCount } from '../../../../shared/contract';
import { useBridge } from '../../api/context';
import { useT } from '../../i18n/i18n';
import { useAppStore, useAppStoreApi } from '../../store/context';

export function TagFilter() {
  const t = useT();
  const bridge = useBridge();
  const store = useAppStoreApi();
  const tag = useAppStore((s) => s.taskQuery.tag);
  // The task objects change when a task does (unchanged rows keep theirs): a cheap "something changed".
  const tasks = useAppStore((s) => s.tasks);
  const [tags, setTags] = useState<TagCount[]>([]);
  useEffect(() => {
    let live = true;
    bridge['tasks.tags']({}).then(
      (result) => live && setTags(result.tags),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [bridge, tasks]);
  // The chosen tag stays listed even when no task has it any more (the filter then shows none).
  const options = tags.map((c) => ({ value: c.tag, label: `${c.tag} (${c.count})` }));
  if (tag && !tags.some((c) => c.tag.toLowerCase() === tag.toLowerCase())) {
    options.unshift({ value: tag, label: tag });
  }
  return (
    <Select
      allowClear
      showSearch
      placeholder={t('tasks.filter.tag')}
      aria-label={t('tasks.filter.tag')}
      value={tag}
      onChange={(value?: string) => store.getState().setTaskQuery({ tag: value })}
      style={{ width: 130 }}
      options={options}
      data-testid="task-tag-filter"
    />
  );
}
