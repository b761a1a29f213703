// ESLint (flat config), run by `npm test`: typescript-eslint's recommended rules, and React's
// rules of hooks with complete effect dependency lists.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: globals.node },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // This program's job includes neutralising control characters in text from the server and
      // the terminal: regular expressions over them are the point, not a slip.
      'no-control-regex': 'off',
    },
  },
  {
    // Prettier keeps code within 120 columns but leaves long strings and comments as they are.
    files: ['src/**', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'max-len': ['error', { code: 120 }] },
  },
  {
    // Tests read parsed JSON bodies of the demo API loosely.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
