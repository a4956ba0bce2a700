// The whole template language: `{{name}}` is replaced by a string variable. Nothing else, so a
// template file stays readable by whoever edits the wording.

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The variable names a template reads. */
export function placeholderNames(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** Fills every placeholder; the caller has checked that each one has a variable. */
export function fillPlaceholders(
  template: string,
  vars: Record<string, string>,
  escape: (value: string) => string = (value) => value,
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => escape(vars[name] ?? ''));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}
