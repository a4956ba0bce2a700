// Codes are read out over the phone: short groups are easier to say and to type back.
// The separator must never be mistaken for part of the code, so codes that contain a dash
// (special characters are allowed by policy) are grouped with spaces instead.
export function groupCode(code: string): string {
  const size = code.length % 4 !== 0 && code.length % 3 === 0 ? 3 : 4;
  const groups = code.match(new RegExp(`.{1,${size}}`, 'gu')) ?? [code];
  return groups.join(code.includes('-') ? ' ' : '-');
}
