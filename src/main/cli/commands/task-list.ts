// `cronkeeper task list`. In a module of its own, without the contract's schemas (zod), because the quick
// read path (../quick-read.ts) runs it too; the session's call() validates the query either way (the
// dispatcher, or the quick path's stricter check).
import { EXIT_OK } from '../errors';
import { taskTable, toJson } from '../format';
import type { ReadCommand } from '../read-session';

export const taskListCommand: ReadCommand = {
  name: 'task list',
  summary: 'List tasks',
  options: [
    { name: 'search', kind: 'string', value: 'TEXT', help: 'Only tasks whose name or command contains TEXT' },
    { name: 'tag', kind: 'string', value: 'TAG', help: 'Only tasks with this tag (ignoring case)' },
  ],
  async run(session) {
    const search = session.options.string('search');
    const tag = session.options.string('tag');
    const { items } = await session.call('tasks.list', {
      limit: 10_000,
      sort: 'name',
      order: 'asc',
      ...(search ? { search } : {}),
      ...(tag !== undefined ? { tag } : {}),
    });
    session.io.out(session.json ? toJson(items) : taskTable(items));
    return EXIT_OK;
  },
};
