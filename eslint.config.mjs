// Lint rules. The important architectural one: the scheduling core (src/main/core, src/main/cli,
// src/main/host) is plain Node and must never import electron, so that it runs headless and is
// testable without an Electron binary. The renderer never imports main-process code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// One owner for SQL (issue #14): only src/main/core/store/ (the statements) and src/main/core/db/
// (connection setup and migrations) may run queries, reach the drivers or hold SQL text. The patterns
// look for SQL's shape in upper case (the project's SQL style), so that UI text such as "Delete" or
// "Select a task from the list" is not taken for SQL.
const SQL_TEXT = String.raw`/^\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|ALTER|DROP|WITH)\s|\b(INSERT\s+(OR\s+[A-Z]+\s+)?INTO|DELETE\s+FROM|UPDATE\s+[a-z_]+\s+(AS\s+[a-z]+\s+)?SET|ALTER\s+TABLE|CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)|DROP\s+(TABLE|INDEX)|PRAGMA\s+[a-z_]+|SELECT\s[\s\S]*FROM\s+[a-z_]+|LEFT\s+JOIN\s+[a-z_]+|WHERE\s+[a-z_.]+\s+(=|IN|IS|<|>))/`;
const SQL_MESSAGE = 'SQL belongs in src/main/core/store/ (the one owner of statements, issue #14).';
const SQL_OUTSIDE_STORE = [
  { selector: `Literal[value=${SQL_TEXT}]`, message: SQL_MESSAGE },
  { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: SQL_MESSAGE },
  {
    selector: "CallExpression[callee.property.name='query'][callee.object.name='sequelize']",
    message: 'Queries run through src/main/core/store/ (store/sql.ts), not sequelize.query.',
  },
  {
    selector: "CallExpression[callee.property.name='query'][callee.object.property.name='sequelize']",
    message: 'Queries run through src/main/core/store/ (store/sql.ts), not sequelize.query.',
  },
  {
    selector: "MemberExpression[property.name='connectionManager']",
    message: "Only store/sql.ts and db/ reach the drivers through Sequelize's connectionManager.",
  },
  {
    selector: "ImportDeclaration[source.value=/^(sqlite3|pg)$/][importKind!='type']",
    message: 'Only store/sql.ts and db/ use the database drivers.',
  },
  {
    selector: 'ImportExpression[source.value=/^(sqlite3|pg)$/]',
    message: 'Only store/sql.ts and db/ use the database drivers.',
  },
  {
    selector: "CallExpression[callee.name='require'][arguments.0.value=/^(sqlite3|pg)$/]",
    message: 'Only store/sql.ts and db/ use the database drivers.',
  },
  {
    selector: 'ImportDeclaration[source.value=/store\\/sql$/]',
    message: 'Query helpers are for store modules only: call a store function.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        ...globals.node,
        ...globals.browser,
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        window: 'readonly',
        document: 'readonly',
        performance: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
        WebSocket: 'readonly',
        navigator: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        localStorage: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/main/core/**', 'src/main/cli/**', 'src/main/host/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The core is plain Node: only src/main/shell may import electron.' },
          ],
          patterns: [{ group: ['**/shell/**'], message: 'The core must not depend on the Electron shell.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through window.cronkeeper.' },
          ],
          patterns: [
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer never imports main code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['src/main/core/store/**', 'src/main/core/db/**'],
    rules: { 'no-restricted-syntax': ['error', ...SQL_OUTSIDE_STORE] },
  },
);
