// Emergency codes in the policy's format (spec §2 `codeFormat.*`). Generation takes its randomness
// as a function so the CSPRNG stays in activities (spec §5) and tests can be deterministic.
import type { CodeFormat } from './types.js';

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// In the GSM-7 basic set (one SMS segment) and harmless unquoted in a shell, also as a first character.
const SPECIALS = '%+/:=';
const LOOK_ALIKES = new Set(['0', 'O', '1', 'l', 'I']);

export interface CodeAlphabet {
  numeric: string;
  alphabetic: string;
  special: string;
  /** Every character an enabled class may use. */
  all: string;
}

const CLASSES = ['numeric', 'alphabetic', 'special'] as const;

/** The characters of each class; disabled classes are empty. */
export function codeAlphabet(format: CodeFormat): CodeAlphabet {
  const keep = (chars: string, enabled: boolean) =>
    enabled ? [...chars].filter((c) => !(format.excludeLookAlikes && LOOK_ALIKES.has(c))).join('') : '';
  const numeric = keep(DIGITS, format.numeric);
  const alphabetic = keep(LETTERS, format.alphabetic);
  const special = keep(SPECIALS, format.special);
  return { numeric, alphabetic, special, all: numeric + alphabetic + special };
}

/**
 * One code: a character of each enabled class, the rest uniform over all of them, shuffled
 * (Fisher–Yates) so the guaranteed characters sit anywhere. `randomInt(n)` returns 0 ≤ i < n.
 */
export function generateCode(format: CodeFormat, randomInt: (maxExclusive: number) => number): string {
  const alphabet = codeAlphabet(format);
  const classes = CLASSES.map((name) => alphabet[name]).filter((chars) => chars.length > 0);
  if (classes.length === 0) throw new Error('the code format enables no character class');
  if (format.length < classes.length)
    throw new Error(`a code of ${format.length} characters cannot hold ${classes.length} character classes`);
  const pick = (chars: string) => chars[randomInt(chars.length)]!;
  const chars = [
    ...classes.map(pick),
    ...Array.from({ length: format.length - classes.length }, () => pick(alphabet.all)),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** The right length, only allowed characters, and every enabled class present. */
export function isWellFormedCode(format: CodeFormat, code: string): boolean {
  const alphabet = codeAlphabet(format);
  const chars = [...code];
  return (
    chars.length === format.length &&
    chars.every((c) => alphabet.all.includes(c)) &&
    CLASSES.every((name) => alphabet[name] === '' || chars.some((c) => alphabet[name].includes(c)))
  );
}
