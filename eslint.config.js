// Lint by tool: eslint checks what the code does, prettier (`.prettierrc.json`) how it looks.
// eslint-config-prettier comes last so that no rule here ever argues about formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Same list as .prettierignore: data, recorded histories and message templates are not code.
    ignores: [
      'node_modules/**',
      '.venv/**',
      'data/**',
      '.tmp/**',
      'coverage/**',
      'package-lock.json',
      'test/fixtures/**',
      'bench/results/**',
      'activities/delivery/templates/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        // Type-aware rules read the types of tsconfig.json's own project.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A switch without `default:` must name every member of its union, so one that grows a member
      // cannot slip through. A `default:` counts as handling the rest: switches over Temporal's
      // protobuf enums (dozens of event types) pick out the few they need.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // A leading underscore is this codebase's "unused on purpose": a parameter an interface
      // requires, or a property taken out of an object with `...rest`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Control characters are what these patterns are for: input and names are checked for them,
    // and the dashboard's tests parse the terminal's escape sequences.
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Tests read the CLI's JSON output loosely; the assertions on it are the check.
    files: ['test/**/*.{ts,tsx}', '**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  reactHooks.configs.flat.recommended,
  {
    // Plain JavaScript here runs on Node (the `ea` launcher, npm's postinstall, this file).
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
