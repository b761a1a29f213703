/**
 * Renders a headless xterm's visible screen to a standalone SVG: a dark window, one <text> per
 * run of same-styled cells with every character placed on its own column (so fallback fonts and
 * wide characters cannot push the grid out of line), background rectangles for inverse/coloured
 * cells, and the light box-drawing characters drawn as lines so borders join whatever the font.
 */
import type { IBufferCell, Terminal } from '@xterm/headless';

const FONT_SIZE = 14;
/** Most monospace fonts advance 0.6 em. */
const CELL_W = 8.4;
const LINE_H = 18;
const PAD = 16;
const BAR_H = 30;
const FONT =
  "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, 'Cascadia Mono', Consolas, " +
  "'DejaVu Sans Mono', 'Liberation Mono', monospace";

const DEFAULT_FG = '#c9d1d9';
const DEFAULT_BG = '#0d1117';
const WINDOW_BORDER = '#30363d';
/** The 16 ANSI colours (GitHub dark's terminal palette). */
const ANSI16 = [
  '#484f58',
  '#ff7b72',
  '#3fb950',
  '#d29922',
  '#58a6ff',
  '#bc8cff',
  '#39c5cf',
  '#b1bac4',
  '#6e7681',
  '#ffa198',
  '#56d364',
  '#e3b341',
  '#79c0ff',
  '#d2a8ff',
  '#56d4dd',
  '#f0f6fc',
];

const hex = (n: number): string => `#${n.toString(16).padStart(6, '0')}`;

/** xterm's 256-colour palette: the 16 above, the 6×6×6 cube, then 24 greys. */
function palette(i: number): string {
  if (i < 16) return ANSI16[i]!;
  if (i < 232) {
    const levels = [0, 95, 135, 175, 215, 255];
    const n = i - 16;
    return hex((levels[Math.floor(n / 36)]! << 16) | (levels[Math.floor(n / 6) % 6]! << 8) | levels[n % 6]!);
  }
  const g = 8 + 10 * (i - 232);
  return hex((g << 16) | (g << 8) | g);
}

function mix(a: string, b: string, t: number): string {
  const pa = parseInt(a.slice(1), 16);
  const pb = parseInt(b.slice(1), 16);
  const ch = (s: number): number => Math.round(((pa >> s) & 255) * (1 - t) + ((pb >> s) & 255) * t);
  return hex((ch(16) << 16) | (ch(8) << 8) | ch(0));
}

/** Characters that are not allowed in XML 1.0 become spaces; the five specials are escaped. */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' ')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

interface Style {
  fg: string;
  bg: string | null;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  invisible: boolean;
}

function styleOf(c: IBufferCell): Style {
  const colour = (rgb: boolean, pal: boolean, v: number): string | null => (rgb ? hex(v) : pal ? palette(v) : null);
  let fg = colour(c.isFgRGB(), c.isFgPalette(), c.getFgColor());
  let bg = colour(c.isBgRGB(), c.isBgPalette(), c.getBgColor());
  if (c.isInverse()) [fg, bg] = [bg ?? DEFAULT_BG, fg ?? DEFAULT_FG];
  let f = fg ?? DEFAULT_FG;
  if (c.isDim()) f = mix(f, bg ?? DEFAULT_BG, 0.45);
  return {
    fg: f,
    bg,
    bold: !!c.isBold(),
    italic: !!c.isItalic(),
    underline: !!c.isUnderline(),
    invisible: !!c.isInvisible(),
  };
}

const sameText = (a: Style, b: Style): boolean =>
  a.fg === b.fg && a.bold === b.bold && a.italic === b.italic && a.underline === b.underline;

/**
 * Light box drawing as path pieces inside a cell at (x, y): which of the four arms (up, right,
 * down, left) each character has; the rounded corners get an arc instead of a right angle.
 */
const BOX: Record<string, { arms: [boolean, boolean, boolean, boolean]; round?: boolean }> = {
  '─': { arms: [false, true, false, true] },
  '│': { arms: [true, false, true, false] },
  '┌': { arms: [false, true, true, false] },
  '┐': { arms: [false, false, true, true] },
  '└': { arms: [true, true, false, false] },
  '┘': { arms: [true, false, false, true] },
  '├': { arms: [true, true, true, false] },
  '┤': { arms: [true, false, true, true] },
  '┬': { arms: [false, true, true, true] },
  '┴': { arms: [true, true, false, true] },
  '┼': { arms: [true, true, true, true] },
  '╭': { arms: [false, true, true, false], round: true },
  '╮': { arms: [false, false, true, true], round: true },
  '╰': { arms: [true, true, false, false], round: true },
  '╯': { arms: [true, false, false, true], round: true },
};

function boxPath(ch: string, x: number, y: number): string {
  const b = BOX[ch]!;
  const [up, right, down, left] = b.arms;
  const cx = x + CELL_W / 2;
  const cy = y + LINE_H / 2;
  const f = (n: number): string => String(Math.round(n * 100) / 100);
  if (b.round) {
    const r = CELL_W / 2;
    const vy = up ? y : y + LINE_H; // end of the vertical arm
    const hx = right ? x + CELL_W : x; // end of the horizontal arm
    const sy = up ? cy - r : cy + r;
    const sx = right ? cx + r : cx - r;
    return `M${f(cx)} ${f(vy)}V${f(sy)}Q${f(cx)} ${f(cy)} ${f(sx)} ${f(cy)}H${f(hx)}`;
  }
  let d = '';
  if (up || down) d += `M${f(cx)} ${f(up ? y : cy)}V${f(down ? y + LINE_H : cy)}`;
  if (left || right) d += `M${f(left ? x : cx)} ${f(cy)}H${f(right ? x + CELL_W : cx)}`;
  return d;
}

export interface SvgOptions {
  /** Shown in the window's title bar. @default 'vastai-regen-codes' */
  title?: string;
  /** Drop empty rows at the bottom of the screen. @default true */
  trimBottom?: boolean;
}

/** The emulator's visible screen (text, colours, bold/dim/italic/underline/inverse) as SVG. */
export function screenToSvg(term: Terminal, o: SvgOptions = {}): string {
  const buf = term.buffer.active;
  const cols = term.cols;
  const cell = buf.getNullCell();
  type Cell = { ch: string; width: number; style: Style };
  const rows: Cell[][] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    const row: Cell[] = [];
    for (let x = 0; x < cols; x++) {
      const c = line?.getCell(x, cell);
      if (!c)
        row.push({
          ch: ' ',
          width: 1,
          style: { fg: DEFAULT_FG, bg: null, bold: false, italic: false, underline: false, invisible: false },
        });
      else row.push({ ch: c.getChars() || (c.getWidth() === 0 ? '' : ' '), width: c.getWidth(), style: styleOf(c) });
    }
    rows.push(row);
  }
  let used = rows.length;
  if (o.trimBottom !== false) {
    while (used > 1 && rows[used - 1]!.every((c) => (c.ch === ' ' || c.ch === '') && c.style.bg === null)) used--;
  }

  const top = BAR_H + PAD / 2;
  const width = PAD * 2 + cols * CELL_W;
  const height = top + used * LINE_H + PAD;
  const f = (n: number): string => String(Math.round(n * 100) / 100);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f(width)}" height="${f(height)}" viewBox="0 0 ${f(width)} ` +
      `${f(height)}" xml:space="preserve">`,
  );
  out.push(
    `<style>text{font-family:${FONT};font-size:${FONT_SIZE}px;white-space:pre}` +
      '.b{font-weight:700}.i{font-style:italic}.u{text-decoration:underline}</style>',
  );
  out.push(
    `<rect x="0.5" y="0.5" width="${f(width - 1)}" height="${f(height - 1)}" rx="8" fill="${DEFAULT_BG}" ` +
      `stroke="${WINDOW_BORDER}"/>`,
  );
  ['#ff5f57', '#febc2e', '#28c840'].forEach((c, i) =>
    out.push(`<circle cx="${PAD + 6 + i * 20}" cy="${BAR_H / 2}" r="6" fill="${c}"/>`),
  );
  out.push(
    `<text x="${f(width / 2)}" y="${f(BAR_H / 2 + 4.5)}" text-anchor="middle" fill="#8b949e" ` +
      `font-size="12">${escapeXml(o.title ?? 'vastai-regen-codes')}</text>`,
  );

  for (let y = 0; y < used; y++) {
    const row = rows[y]!;
    const ty = top + y * LINE_H;
    const baseline = f(ty + LINE_H / 2 + FONT_SIZE * 0.35);
    // Backgrounds: one rectangle per run of the same colour.
    for (let x = 0; x < cols;) {
      const bg = row[x]!.style.bg;
      let end = x + 1;
      while (end < cols && row[end]!.style.bg === bg) end++;
      if (bg !== null && bg !== DEFAULT_BG) {
        out.push(
          `<rect x="${f(PAD + x * CELL_W)}" y="${f(ty)}" width="${f((end - x) * CELL_W)}" height="${LINE_H}" ` +
            `fill="${bg}"/>`,
        );
      }
      x = end;
    }
    // Box drawing: one path per colour for the row.
    const paths = new Map<string, string>();
    row.forEach((c, x) => {
      if (BOX[c.ch] && !c.style.invisible)
        paths.set(c.style.fg, (paths.get(c.style.fg) ?? '') + boxPath(c.ch, PAD + x * CELL_W, ty));
    });
    // A horizontal stroke that ends where the next one starts is one stroke.
    for (const [colour, d] of paths)
      out.push(
        `<path d="${d.replace(/H([\d.]+)M\1 [\d.]+(?=H)/g, '')}" stroke="${colour}" stroke-width="1.2" fill="none"/>`,
      );
    // Text: runs of the same style; box cells and blanks end a run.
    for (let x = 0; x < cols;) {
      const c = row[x]!;
      const blank = c.ch === ' ' || c.ch === '' || BOX[c.ch] !== undefined || c.style.invisible;
      if (blank) {
        x++;
        continue;
      }
      const xs: string[] = [];
      let text = '';
      let end = x;
      while (end < cols) {
        const d = row[end]!;
        if (BOX[d.ch] || d.style.invisible || !sameText(d.style, c.style)) break;
        // A cell holding more than one UTF-16 unit (astral or combining) gets a <text> of its own,
        // so one x per character cannot be misread.
        if (end > x && [...d.ch].length !== d.ch.length) break;
        if (d.ch !== '') {
          xs.push(f(PAD + end * CELL_W));
          text += d.ch;
        }
        end++;
        if ([...d.ch].length !== d.ch.length || d.ch.length > 1) break;
        // Stop before two blanks in a row: spacing runs are not worth a glyph each.
        if (row[end]?.ch === ' ' && (row[end + 1]?.ch === ' ' || end + 1 >= cols)) break;
      }
      const trimmed = text.replace(/ +$/, '');
      const cls = [c.style.bold ? 'b' : '', c.style.italic ? 'i' : '', c.style.underline ? 'u' : '']
        .filter(Boolean)
        .join(' ');
      const xAttr = text.length === 1 || text.length !== xs.length ? xs[0]! : xs.slice(0, trimmed.length).join(' ');
      out.push(
        `<text x="${xAttr}" y="${baseline}" fill="${c.style.fg}"${cls ? ` class="${cls}"` : ''}>` +
          `${escapeXml(trimmed)}</text>`,
      );
      x = end;
    }
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
