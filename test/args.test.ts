import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, closestOption, ignoredFieldNotes, type Options } from '../src/args.js';

function run(argv: string[]): Options {
  const r = parseArgs(argv);
  assert.equal(r.kind, 'run', `${argv.join(' ')} → ${JSON.stringify(r)}`);
  return (r as { options: Options }).options;
}
function usage(argv: string[]): string {
  const r = parseArgs(argv);
  assert.equal(r.kind, 'error', `${argv.join(' ')} should be refused, got ${JSON.stringify(r)}`);
  return (r as { message: string }).message;
}

test('--stdout-only', () => {
  assert.equal(run(['--stdout-only']).stdoutOnly, true);
});

test('defaults', () => {
  assert.deepEqual(run([]), {
    preset: { yes: false },
    retry: 3,
    raw: false,
    stdoutOnly: false,
    allowHttp: false,
    explain: false,
    demo: false,
    demoServer: false,
    color: true,
  });
});

const presetCases: [string[], Record<string, unknown>][] = [
  [['-c', '123456'], { code: '123456' }],
  [['--code', '123456'], { code: '123456' }],
  [['--code=123456'], { code: '123456' }],
  [['-c=123456'], { code: '123456' }],
  [['-c123456'], { code: '123456' }],
  [['123456'], { code: '123456' }],
  [['--code', '--method-type', 'totp', '123456'], { code: '123456', methodType: 'totp' }],
  [['--method-type', 'totp', '--code', '123456'], { code: '123456', methodType: 'totp' }],
  [['123456', '--code', '-t', 'sms'], { code: '123456', methodType: 'sms' }],
  [['-t', 'totp'], { methodType: 'totp' }],
  [['-t', 'sms'], { methodType: 'sms' }],
  [['--method-type=email'], { methodType: 'email' }],
  [['--method-type', 'TOTP'], { methodType: 'totp' }],
  [
    ['-c', '123456', '-t', 'sms', '--secret', 'abc123def456'],
    { code: '123456', methodType: 'sms', secret: 'abc123def456' },
  ],
  [['-c', '123456', '-t', 'sms', '-s', 'abc'], { code: '123456', methodType: 'sms', secret: 'abc' }],
  [['--secret=-weird'], { secret: '-weird' }],
  [['-bc', 'ABCD-EFGH-IJKL'], { backupCode: 'ABCD-EFGH-IJKL' }],
  [['--backup-code', 'ABCD-EFGH-IJKL'], { backupCode: 'ABCD-EFGH-IJKL' }],
  [['--backup-code=ABCD-EFGH-IJKL'], { backupCode: 'ABCD-EFGH-IJKL' }],
  [['-id', '12', '-c', '123456'], { methodId: '12', code: '123456' }],
  [['--method-id', '12'], { methodId: '12' }],
  [['--method-id=12'], { methodId: '12' }],
  [['-y'], { yes: true }],
  [['--yes'], { yes: true }],
  [['--save', '/tmp/x.txt'], { savePath: '/tmp/x.txt' }],
  [['--save=~/codes.txt'], { savePath: '~/codes.txt' }],
  [['--save', 'pass:vast.ai/backup-codes'], { savePath: 'pass:vast.ai/backup-codes' }],
  [['--save-command', 'op document create -'], { saveCommand: 'op document create -' }],
  [['--save-command=bw create item', '--save', '/x'], { saveCommand: 'bw create item', savePath: '/x' }],
  [['--back', 'ABCD-EFGH-IJKL'], { backupCode: 'ABCD-EFGH-IJKL' }],
  [['--', '123456'], { code: '123456' }],
  // Combinations the official parser accepts: the same fields go out (see test/protocol).
  [['-s', 'x', '-bc', 'ABCD-EFGH-IJKL'], { secret: 'x', backupCode: 'ABCD-EFGH-IJKL' }],
  [['-s', 'x', '-t', 'totp', '-c', '123456'], { secret: 'x', methodType: 'totp', code: '123456' }],
  [['-bc', 'ABCD-EFGH-IJKL', '-t', 'sms'], { backupCode: 'ABCD-EFGH-IJKL', methodType: 'sms' }],
  [['-bc', 'ABCD-EFGH-IJKL', '-id', '7'], { backupCode: 'ABCD-EFGH-IJKL', methodId: '7' }],
  [['-id', 'abc', '-c', '123456'], { methodId: 'abc', code: '123456' }],
  [['-s', '', '-t', 'sms', '-c', '123456'], { secret: '', methodType: 'sms', code: '123456' }],
  [['--secret='], { secret: '' }],
  [['-id', ''], { methodId: '' }],
];

for (const [argv, expected] of presetCases) {
  test(`preset: ${argv.join(' ')}`, () => {
    assert.deepEqual(run(argv).preset, { yes: false, ...expected });
  });
}

test('global and own options', () => {
  const o = run(['--url', 'http://127.0.0.1:9', '--retry', '5', '--raw', '--explain', '--api-key', 'k', '--no-color']);
  assert.equal(o.url, 'http://127.0.0.1:9');
  assert.equal(o.retry, 5);
  assert.equal(o.raw, true);
  assert.equal(o.explain, true);
  assert.equal(o.apiKey, 'k');
  assert.equal(o.color, false);
  assert.equal(run(['--url=http://x']).url, 'http://x');
  assert.equal(run(['--retry=1']).retry, 1);
  assert.equal(run(['--api-key=abc']).apiKey, 'abc');
  assert.equal(run(['--api-key', '']).apiKey, '', 'an empty key is passed on, as the official parser does');
  assert.equal(run(['--demo']).demo, true);
  const d = run(['--demo-server', '--port', '9000', '--host', '0.0.0.0']);
  assert.deepEqual([d.demoServer, d.port, d.host], [true, 9000, '0.0.0.0']);
  assert.equal(run(['--demo-server', '--port=0']).port, 0);
});

test('help and version', () => {
  for (const a of [['-h'], ['--help'], ['-c', '1', '--help'], ['--bogus', '-h']])
    assert.deepEqual(parseArgs(a), { kind: 'help' });
  for (const a of [['-V'], ['--version'], ['--raw', '-V']]) assert.deepEqual(parseArgs(a), { kind: 'version' });
});

const rejections: [string[], RegExp][] = [
  [['-c', '123456', '-bc', 'ABCD-EFGH-IJKL'], /-c\/--code and -bc\/--backup-code cannot be used together/],
  [['123456', '--backup-code', 'ABCD-EFGH-IJKL'], /cannot be used together/],
  [['-t', 'totp', '-id', '12'], /-t\/--method-type and -id\/--method-id cannot be used together.*official vastai CLI/],
  [['--bogus'], /Unknown option --bogus/],
  [['--cdoe', '1'], /Unknown option --cdoe\. Did you mean --code\?/],
  [['--method', 'totp'], /Unknown option --method|ambiguous/],
  [['-b', 'ABCD'], /Did you mean -bc\?/],
  [['--yse'], /Did you mean --yes\?/],
  [['-t', 'voice'], /must be one of: totp, sms, email/],
  [['--method-type=x'], /must be one of: totp, sms, email/],
  [['-c'], /-c\/--code needs a value/],
  [['--code'], /needs a value/],
  [['--code='], /needs a value/],
  [['-t'], /-t\/--method-type needs a value/],
  [['-t', '--raw'], /needs a value/],
  [['-bc'], /needs a value/],
  [['--save'], /--save needs a value/],
  [['--save', 'pass:'], /--save pass:NAME cannot store there: no entry name/],
  [['--save', 'pass:../x'], /cannot store there: .*\.\./],
  [['--save-command'], /--save-command needs a value/],
  [['--save-command', ' '], /--save-command needs a command/],
  [['--url'], /needs a value/],
  [['--api-key', '--raw'], /--api-key needs a value/],
  [['123456', '654321'], /Only one CODE/],
  [['-c', '123456', '654321'], /given twice/],
  [['--retry', '0'], /--retry takes a whole number/],
  [['--retry', 'x'], /--retry takes a whole number/],
  [['--retry', '-1'], /needs a value|whole number/],
  [['--raw=1'], /--raw takes no value/],
  [['--demo', '--url', 'http://x'], /--demo uses the embedded demo API/],
  [['--demo', '--demo-server'], /cannot be used together/],
  [['--port', '1'], /--port only applies to --demo-server/],
  [['--demo-server', '--port', '70000'], /--port takes a whole number/],
];

for (const [argv, re] of rejections) {
  test(`rejects: ${argv.join(' ')}`, () => {
    assert.match(usage(argv), re);
  });
}

test('ignoredFieldNotes: a secret with totp or with a backup code', () => {
  assert.deepEqual(ignoredFieldNotes(run(['-c', '123456', '-t', 'sms', '-s', 'x']).preset), []);
  assert.match(
    ignoredFieldNotes(run(['-c', '123456', '-t', 'totp', '-s', 'x']).preset).join(),
    /totp\) code has no secret/,
  );
  assert.match(ignoredFieldNotes(run(['-bc', 'A', '-s', 'x']).preset).join(), /backup code needs no secret/);
});

test('usage errors never echo a code, backup code or secret', () => {
  assert.doesNotMatch(usage(['-c', '111111', '-bc', 'ZZZZ-ZZZZ-ZZZZ']), /111111|ZZZZ/);
  assert.doesNotMatch(usage(['-s', 'SECRETX', '-c', '111111', '-bc', 'ZZZZ-ZZZZ-ZZZZ']), /SECRETX|ZZZZ/);
  assert.doesNotMatch(usage(['111111', '222222']), /111111|222222/);
  assert.equal(
    usage(['-xSECRETKEY0123']),
    'Unknown option -x…. See --help for every option.',
    'an option glued to a key shows its first characters only',
  );
  assert.doesNotMatch(usage(['--api-keyABC123XYZ']), /ABC123/);
});

test('closestOption', () => {
  assert.equal(closestOption('--explian'), '--explain');
  assert.equal(closestOption('--zzzzzzzzzzzzzzz'), null);
});

test('--allow-http is a flag of its own', () => {
  const p = parseArgs(['--allow-http', '--url', 'http://10.0.0.5:8080']);
  assert.equal(p.kind, 'run');
  if (p.kind === 'run') assert.equal(p.options.allowHttp, true);
});
