// The side navigation: a named <nav> landmark holding a vertical menu of the four views. Our own, rather
// than antd's Menu, because the frame paints before antd is loaded (antd's Menu with its CSS-in-JS and
// motion was most of the first script). Keyboard as in a menu: one Tab stop (the current view),
// ArrowUp/ArrowDown (wrapping), Home and End move between items, Enter or Space opens one. The current
// item carries aria-current="page"; colours and the focus ring come from frame-tokens.ts.
import DashboardOutlined from '@ant-design/icons-svg/es/asn/DashboardOutlined';
import HistoryOutlined from '@ant-design/icons-svg/es/asn/HistoryOutlined';
import SettingOutlined from '@ant-design/icons-svg/es/asn/SettingOutlined';
import UnorderedListOutlined from '@ant-design/icons-svg/es/asn/UnorderedListOutlined';
import type { IconDefinition } from '@ant-design/icons-svg/es/types';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { navigate, routeHref, type View } from './routes';

const ITEMS: { view: View; icon: IconDefinition; label: MessageKey }[] = [
  { view: 'tasks', icon: UnorderedListOutlined, label: 'nav.tasks' },
  { view: 'history', icon: HistoryOutlined, label: 'nav.history' },
  { view: 'dashboard', icon: DashboardOutlined, label: 'nav.dashboard' },
  { view: 'settings', icon: SettingOutlined, label: 'nav.settings' },
];

/** One of antd's icon definitions drawn as a plain, decorative SVG (no antd icon runtime needed). */
export function SvgIcon({ icon, className }: { icon: IconDefinition; className?: string }) {
  const node = typeof icon.icon === 'function' ? icon.icon('currentColor', 'none') : icon.icon;
  return (
    <svg
      viewBox={node.attrs.viewBox as string}
      className={className ?? 'ck-icon'}
      width="1em"
      height="1em"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      {(node.children ?? []).map((child, i) =>
        child.tag === 'path' ? <path key={i} d={child.attrs.d as string} /> : null,
      )}
    </svg>
  );
}

export function SideNav({ current }: { current: View }) {
  const t = useT();
  const list = useRef<HTMLUListElement>(null);
  // The Tab stop follows the arrow keys while focus is inside, and is the current view otherwise.
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const currentIndex = Math.max(
    0,
    ITEMS.findIndex((item) => item.view === current),
  );
  const tabStop = focusIndex ?? currentIndex;

  const moveTo = (index: number) => {
    const count = ITEMS.length;
    const next = ((index % count) + count) % count;
    setFocusIndex(next);
    list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[next]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const index = focusIndex ?? currentIndex;
    if (event.key === 'ArrowDown') moveTo(index + 1);
    else if (event.key === 'ArrowUp') moveTo(index - 1);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(ITEMS.length - 1);
    else if (event.key === ' ' || event.key === 'Spacebar') navigate(ITEMS[index].view);
    else return;
    event.preventDefault();
  };

  return (
    <nav className="ck-nav" aria-label={t('nav.label')}>
      <ul
        ref={list}
        role="menu"
        aria-orientation="vertical"
        className="ck-nav-list"
        onKeyDown={onKeyDown}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusIndex(null);
        }}
      >
        {ITEMS.map((item, index) => (
          <li key={item.view} role="none">
            <a
              role="menuitem"
              href={routeHref(item.view)}
              className="ck-nav-item"
              aria-current={item.view === current ? 'page' : undefined}
              tabIndex={index === tabStop ? 0 : -1}
              onFocus={() => setFocusIndex(index)}
            >
              <SvgIcon icon={item.icon} />
              <span>{t(item.label)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
