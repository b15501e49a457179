// @vitest-environment jsdom
// The import preview's note for tasks whose webhook secret the export left out: shown in the user's
// language, naming the tasks (as text: names come from the file).
import { render, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { LangContext } from '../../src/renderer/src/i18n/i18n';
import { ImportPreviewView } from '../../src/renderer/src/views/import/ImportPreviewView';
import type { ImportPreview } from '../../src/shared/import-preview';
import './dom-setup';

const preview: ImportPreview = {
  format: 'json',
  items: [
    {
      index: 0,
      line: null,
      entry: 1,
      name: '<b>Signed</b>',
      cronExpression: '0 1 * * *',
      command: 'true',
      timezone: '',
      clash: null,
      suggestedName: null,
    },
  ],
  skipped: [],
  notes: [
    {
      line: null,
      text: '<b>Signed</b>',
      code: 'secret',
      reason:
        'the webhook secret of "<b>Signed</b>" was not in the file: set it again in the task\'s webhook settings',
    },
  ],
};

it.each([
  ['en', 'Webhook secret not in the file: set it again after the import'],
  ['zh-CN', '文件中没有 Webhook 密钥：导入后请重新设置'],
] as const)('shows the secret note (%s)', (lang, words) => {
  render(
    <LangContext.Provider value={lang}>
      <ImportPreviewView preview={preview} choices={new Map()} onChoice={() => {}} />
    </LangContext.Provider>,
  );
  const row = within(screen.getByTestId('import-notes')).getByTestId('import-notes-row');
  expect(row.textContent).toContain(words);
  expect(row.textContent).toContain('<b>Signed</b>');
  expect(row.querySelector('b')).toBeNull();
});
