import { VERSION } from './version.js';

/** The --help text (ends with a newline). */
export function helpText(): string {
  return `vastai-regen-codes ${VERSION}
Regenerate the two-factor backup codes of a Vast.ai account, safely: the new codes are never lost.

Usage: vastai-regen-codes [CODE] [options]

Most run:
  vastai-regen-codes                   the guided wizard: asks for what is missing (even the
                                       API key), Esc goes back, Ctrl+C quits
  vastai-regen-codes --demo            the same against a built-in demo account (no key needed)
  vastai-regen-codes -t totp -c 123456 --yes --save ~/vast-codes/
                                       in a script: no questions, the codes into a new file

With a person at the terminal (stdin a terminal, no --yes/--raw) the wizard runs, even with
stdout redirected: it draws on the terminal, and the codes also go to stdout. TERM=dumb (a
terminal that cannot move the cursor) gets a plain wizard: numbered choices, one question a
line. Piped stdin or --raw: nothing is asked, the options must answer everything (exit 2 names
the ones missing), and the confirmation is read as a line. A locale that is not UTF-8
(LANG=C) gets ASCII glyphs. INK_SCREEN_READER=true: the wizard in words, line by line, for a
screen reader (the selected item said, the codes one a line).

Options from vastai tfa regen-codes (same spellings, same meaning; what it accepts sends
the same request body, except codes that cannot be right; docs/cli.md lists the differences):
  -c, --code CODE            6-digit code from the authenticator app, SMS or email
                             (a bare CODE means the same)
  -t, --method-type {totp,sms,email}
                             which kind of method verifies
  -s, --secret SECRET        challenge secret of an SMS/email code sent earlier
  -bc, --backup-code CODE    verify with a backup code instead (sent as typed)
  -id, --method-id ID        which method, by its id from \`vastai tfa status\`
  --url URL                  API base (default $VAST_URL or https://console.vast.ai)
  --retry N                  attempts for transient failures of requests that change nothing
                             (default 3); the regenerate request is never sent twice
  --raw                      machine-readable JSON on stdout, nothing else there
                             ({"msg", "backup_codes"} only)
  --explain                  show every API call, secrets redacted, long bodies cut
  --api-key KEY              API key (see "API key" below)

Options of its own:
  -y, --yes                  skip the confirmation (scripts)
  --save PATH                also write the new codes to PATH (mode 0600; a folder gets
                             vastai_backup_codes_<date>_<time>.txt inside). Checked before
                             anything changes: an existing file stops the run (exit 2;
                             the wizard asks whether to replace it)
  --save pass:NAME           store the codes in pass (password-store) as entry NAME, read back
                             to check. Checked first: no pass, no store or an existing entry
                             stops the run (exit 2; for an existing entry the wizard asks)
  --replace                  let --save replace an existing file (atomically, never through a
                             symlink) or pass entry
  --save-command CMD         pipe the codes file's text into CMD, another password manager
                             (run by sh -c; the codes only on its stdin, never in its command
                             line). Exit status 0 counts as stored: that cannot be verified
  --stdout-only              trust a pipe on stdout to keep the codes (a password manager):
                             no default file (see "Where the new codes go")
  --allow-http               allow a plain http:// --url that is not this machine (the key
                             and code then travel in clear); without it, such a URL is refused
  --demo                     run against the embedded demo API instead of Vast.ai
  --demo-server              only serve the demo API, in the foreground, until Ctrl+C
    --port N                 its port (default 8787)
    --host H                 its address (default 127.0.0.1)
  --no-color                 no colours (NO_COLOR is honoured too)
  -h, --help                 this text
  -V, --version              the version

Examples (from the vastai documentation):
  vastai-regen-codes --code --method-type totp 123456
  vastai-regen-codes -c 123456 -t sms --secret abc123def456
  vastai-regen-codes --backup-code ABCD-EFGH-IJKL
In a script:
  echo y | vastai-regen-codes -t totp -c 123456 --save ~/vast-codes/
  vastai-regen-codes --yes --raw -bc ABCD-EFGH-IJKL > codes.json

Where the new codes go (they are never lost):
  The wizard shows them and offers save, pass, copy and keep; a copy cannot be checked, so
  it does not count as saved. --save (a file or pass:NAME)
  and --save-command store them before anything is printed. Output that may not keep them (a
  pipe, a socket, /dev/null, a closed stdout) is not a safe place: unless one of those stored
  them or --stdout-only is given, they are also written to the default file
  ~/Downloads/vastai_backup_codes_<date>_<time>.txt (0600), and stderr names it; a taken
  name gets the next free one (-2, -3, ...), and when ~/Downloads cannot take it, the home
  folder, then the current folder do. When a store fails anyway (gpg refusing, a wrong
  read-back, CMD failing), stderr says what failed and the codes go to that file too (exit 3).
  The regenerate request leaves at most once: it is never retried, and once it may have left,
  nothing says "nothing changed". Interrupted after it left (Ctrl+C, Ctrl+\\, SIGTERM, SIGHUP,
  any signal that would end it, the terminal closed), it waits for the answer and writes that
  file before it exits (exit 3).

Into a password manager, with no plaintext file:
  vastai-regen-codes --save pass:vast.ai/backup-codes
  1Password (signed in with \`op signin\`):
    --save-command 'op document create - --title "Vast.ai backup codes" --file-name codes.txt'
  Bitwarden (unlocked, BW_SESSION set; needs jq):
    --save-command 'jq -Rs "{type:2,secureNote:{type:0},name:\\"Vast.ai\\",notes:.}" |
                    bw encode | bw create item'
  KeePassXC (an entry "Vast.ai" exists; a key file opens the database, as stdin holds the codes):
    --save-command 'keepassxc-cli attachment-import --no-password -k ~/db.keyx ~/db.kdbx \\
                    Vast.ai codes.txt /dev/stdin'
  (Examples only: --save-command cannot check what CMD did with the codes. With pass the
  entry is read back and compared before it counts.)

API key, first match wins:
  1. --api-key KEY
  2. $VAST_API_KEY
  3. the file vast_tfa_key (a 2FA session from \`vastai tfa login\`) in the config folder
  4. the file vast_api_key in the config folder (else the legacy ~/.vast_api_key)
  The config folder is $XDG_CONFIG_HOME/vastai (an absolute path), else ~/.config/vastai.

Exit status:
  0    success: new codes shown (and saved with --save)
  1    the API refused or failed
  2    usage error (a --save place that cannot take the codes included), or input needed
       but no terminal to ask on, or a Node older than 22; nothing changed
  3    the codes were replaced but the run ended before they reached the place asked for
       (interrupted, or that place failed): stderr names where they are
  130  cancelled or interrupted before anything changed (128+n for signal n)

Node.js 22, 24 or 26. On an older Node: npx -p node@24 vastai-regen-codes
  (a clone brings its own: npm ci installs Node 24, and npm scripts run on it).
  Compiled code is cached in ~/.cache/vastai-regen-codes ($XDG_CACHE_HOME; nothing of the
  account) so later runs start faster; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
`;
}
