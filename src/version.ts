/** The program's version; kept equal to package.json's by test/help.test.ts (no JSON import at run time). */
export const VERSION = '0.1.0';
