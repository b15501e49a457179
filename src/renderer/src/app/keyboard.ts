// Global shortcuts: Ctrl/Cmd+N opens a new task, Ctrl/Cmd+F focuses the task search.
// (Enter and Delete on the selected row live in the tasks view, which knows the selection.)
import { useEffect } from 'react';
import { useAppStoreApi } from '../store/context';
import { navigate, parseHash } from './routes';

export const TASK_SEARCH_ID = 'ck-task-search';

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function useGlobalShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === 'n') {
        event.preventDefault();
        store.getState().openEditor({ mode: 'new' });
      } else if (key === 'f') {
        event.preventDefault();
        if (parseHash(window.location.hash).view !== 'tasks') navigate('tasks');
        const focus = () => document.getElementById(TASK_SEARCH_ID)?.focus();
        focus();
        setTimeout(focus, 50);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
