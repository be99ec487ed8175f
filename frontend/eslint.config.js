// Who may import whom in src/, lowest layer first. A module imports from its own layer and the ones above it in
// this list, never from one below:
//
//   src/lib          the axios client (lib/api.js), the stored session (lib/session.js), router, formatting,
//                    clipboard: plain modules, no app knowledge.
//   src/context      app-wide state (AuthContext) and the two calls it makes (authApi.js).
//   src/components   the generic UI kit (ui/) and the app shell (layout/): knows nothing of TALI's records, so it
//                    stays beside src/shared rather than inside it.
//   src/shared       what two or more features use: the Table, the assessments table, panel and create modal,
//                    score, status and task badges, the signals panel, stat cards, hooks, validation; their calls
//                    are in shared/api.js.
//   src/features/X   one section of the app. It never imports another feature: when a second feature needs
//                    something, that thing moves to src/shared. Only App.jsx puts features together.
//
// A component calls the API through its feature's api.js (shared components through shared/api.js); lib/api.js is
// the transport, and outside the api.js files only its error helpers are imported.
import { readdirSync } from 'node:fs'
import js from '@eslint/js'
import importPlugin from 'eslint-plugin-import'
import react from 'eslint-plugin-react'
import globals from 'globals'

// Read from the disk so a new feature folder is fenced in without editing this file.
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

const LAYERS = [
  ...FEATURES.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message: 'A feature may not import another feature: move what both need to src/shared.',
  })),
  {
    target: ['./src/shared', './src/components', './src/context', './src/lib'],
    from: './src/features',
    message: 'Only features (and App.jsx) may import a feature.',
  },
  {
    target: ['./src/components', './src/context', './src/lib'],
    from: './src/shared',
    message: 'src/shared sits above the UI kit, the context and lib.',
  },
  { target: ['./src/context', './src/lib'], from: './src/components', message: 'The UI kit and layout sit above the context and lib.' },
  { target: './src/lib', from: './src/context', message: 'src/lib is the lowest layer.' },
]

export default [
  { ignores: ['dist*/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  react.configs.flat['jsx-runtime'],
  {
    files: ['**/*.{js,jsx,mjs}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: globals.browser,
    },
    plugins: { react, import: importPlugin },
    settings: { react: { version: 'detect' } },
    rules: {
      // With the automatic JSX runtime nothing imports React, but a component used only in JSX is still used.
      'react/jsx-uses-vars': 'error',
      'import/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYERS }],
    },
  },
  {
    files: ['src/features/**', 'src/shared/**', 'src/components/**'],
    ignores: ['**/api.js', '**/*.test.{js,jsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)lib/api\\.js$',
              allowImportNames: ['errorMessage', 'fieldErrors'],
              message: "Call the API through this feature's api.js (or src/shared/api.js).",
            },
          ],
        },
      ],
    },
  },
  {
    // The Playwright specs and the tool configs run in Node; the specs also hand callbacks to the browser.
    files: ['e2e/**', '*.config.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
]
