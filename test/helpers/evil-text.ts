/**
 * Hostile server text for the security suite: terminal escape sequences, controls and huge
 * strings, each framed by its own marker letters so a test can tell an injected sequence from
 * the program's own drawing (Ink writes CSI sequences too, but never right after "Qc1").
 */

export interface Payload {
  name: string;
  /** What the server sends. */
  text: string;
  /** Substrings that must never reach the terminal. */
  forbidden: string[];
}

const framed = (m: string, seq: string) => `${m}${seq}${m}`;

/** One payload per kind of attack the issue lists. */
export const PAYLOADS: Payload[] = [
  {
    name: 'clear screen + cursor home',
    text: framed('Qc1', '\u001b[2J\u001b[H'),
    forbidden: ['Qc1\u001b[', '\u001b[2J\u001b[HQc1'],
  },
  { name: 'cursor move', text: framed('Qc2', '\u001b[7;13H\u001b[1A'), forbidden: ['Qc2\u001b', '\u001b[7;13H'] },
  {
    name: 'OSC 52 clipboard write',
    text: framed('Qo5', '\u001b]52;c;ZXZpbA==\u0007'),
    forbidden: [']52;', 'ZXZpbA=='],
  },
  {
    name: 'OSC 8 hyperlink',
    text: framed('Qo8', '\u001b]8;;https://evil.test\u001b\\x\u001b]8;;\u001b\\'),
    forbidden: [']8;;', 'evil.test'],
  },
  { name: 'OSC 0 title', text: framed('Qo0', '\u001b]0;pwned\u0007'), forbidden: [']0;pwned', 'pwned'] },
  {
    name: 'C0 controls',
    text: framed('Qz0', '\u0007\u0008\u000b\u000c\u000e\u000f\u001a\u007f'),
    forbidden: ['Qz0\u0007', 'Qz0\u0008', '\u000e', '\u000f', '\u001a', '\u007f'],
  },
  {
    name: 'C1 controls',
    text: framed('Qz1', '\u0085\u008d\u0090x\u009c\u009d0;c1\u009c'),
    forbidden: ['\u0085', '\u008d', '\u0090', '\u009d', '\u009c'],
  },
  { name: '8-bit CSI', text: framed('Qz8', '\u009b2J\u009b1;1H'), forbidden: ['\u009b'] },
  { name: 'bidi override', text: framed('Qbd', '\u202egnp.exe\u202c'), forbidden: ['\u202e', '\u202c'] },
];

/** 5000 wide characters: must be cut, never flood the screen. */
export const WIDE = '界'.repeat(5000);

/** Every forbidden substring that occurs in `out`, with the payload it belongs to. */
export function leaks(out: string, payloads: Payload[] = PAYLOADS): string[] {
  const found: string[] = [];
  for (const p of payloads)
    for (const f of p.forbidden) if (out.includes(f)) found.push(`${p.name}: ${JSON.stringify(f)}`);
  return found;
}

/** Raw ESC- or C1-introduced sequences a payload could have carried (for output that quotes server text as JSON). */
export function rawControlLeaks(out: string): string[] {
  const found: string[] = [];
  for (const p of PAYLOADS) {
    for (const f of p.forbidden) {
      // Only the forbidden strings that hold a control character: JSON may quote the printable rest.
      if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/.test(f) && out.includes(f))
        found.push(`${p.name}: ${JSON.stringify(f)}`);
    }
  }
  if (/\u001b\](?:52|8|0);/.test(out)) found.push('an OSC sequence');
  return found;
}

/** All payloads in one string (for a single message or label). */
export const ALL = PAYLOADS.map((p) => p.text).join(' ');

/** Method list for POST /__demo/account: one SMS method per payload plus a TOTP with the huge label. */
export function evilAccount(): { tfa_enabled: boolean; methods: Record<string, unknown>[]; backup_codes: string[] } {
  const methods: Record<string, unknown>[] = [
    { id: 101, method: 'totp', label: `App ${WIDE}`, is_primary: true },
    ...PAYLOADS.map((p, i) => ({ id: 201 + i, method: 'sms', label: p.text, phone_number: `***${p.text}` })),
  ];
  return { tfa_enabled: true, methods, backup_codes: ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF'] };
}
