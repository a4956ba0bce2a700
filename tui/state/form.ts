// A small form: choice fields cycle through options, text fields take typing. Errors are computed
// on every change, so the operator sees a bad value as it is typed, not after confirming.
export interface FieldSpec {
  name: string;
  label: string;
  /** A choice field; '' among the options means "leave it to the policy". */
  options?: readonly string[];
  /** What an empty text field means (e.g. "policy lifetime"). */
  hint?: string;
  /** How to write a value, shown while the empty field is selected. */
  example?: string;
  /** Typed characters are masked (PINs, seeds). */
  secret?: boolean;
  required?: boolean;
  /** An error message for a non-empty value, or null when it is fine. */
  validate?: (value: string) => string | null;
  /** The field only applies when the other values say so (e.g. a set size for one-time sets). */
  when?: (values: Readonly<Record<string, string>>) => boolean;
  initial?: string;
}

export interface FormState {
  fields: readonly FieldSpec[];
  values: Record<string, string>;
  /** Index into the visible fields. */
  cursor: number;
  /** Set by a submit attempt: from then on empty required fields count as errors. */
  submitted: boolean;
  errors: Record<string, string>;
}

export type FormAction =
  | { type: 'move'; delta: number }
  | { type: 'cycle'; delta: number }
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  | { type: 'submit' };

export function visibleFields(form: Pick<FormState, 'fields' | 'values'>): FieldSpec[] {
  return form.fields.filter((field) => field.when?.(form.values) ?? true);
}

function validate(
  fields: readonly FieldSpec[],
  values: Record<string, string>,
  submitted: boolean,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of visibleFields({ fields, values })) {
    const value = values[field.name] ?? '';
    const error = value === '' ? (submitted && field.required ? 'required' : null) : (field.validate?.(value) ?? null);
    if (error) errors[field.name] = error;
  }
  return errors;
}

export function createForm(fields: readonly FieldSpec[]): FormState {
  const values = Object.fromEntries(fields.map((f) => [f.name, f.initial ?? f.options?.[0] ?? '']));
  return { fields, values, cursor: 0, submitted: false, errors: validate(fields, values, false) };
}

export function currentField(form: FormState): FieldSpec | undefined {
  return visibleFields(form)[form.cursor];
}

/** Only the values of fields that apply: hidden fields must not leak into the request. */
export function formValues(form: FormState): Record<string, string> {
  return Object.fromEntries(visibleFields(form).map((f) => [f.name, form.values[f.name] ?? '']));
}

function withValue(form: FormState, name: string, value: string): FormState {
  const values = { ...form.values, [name]: value };
  const cursor = Math.min(form.cursor, visibleFields({ fields: form.fields, values }).length - 1);
  return { ...form, values, cursor: Math.max(0, cursor), errors: validate(form.fields, values, form.submitted) };
}

export function formReducer(form: FormState, action: FormAction): FormState {
  const field = currentField(form);
  const value = field ? (form.values[field.name] ?? '') : '';
  switch (action.type) {
    case 'move': {
      const count = visibleFields(form).length;
      return count === 0 ? form : { ...form, cursor: (form.cursor + action.delta + count) % count };
    }
    case 'cycle': {
      if (!field?.options) return form;
      const options = field.options;
      return withValue(
        form,
        field.name,
        options[(options.indexOf(value) + action.delta + options.length) % options.length] ?? '',
      );
    }
    case 'type':
      return field && !field.options ? withValue(form, field.name, value + action.text) : form;
    case 'backspace':
      return field && !field.options ? withValue(form, field.name, value.slice(0, -1)) : form;
    case 'submit':
      return { ...form, submitted: true, errors: validate(form.fields, form.values, true) };
  }
}

export function isValid(form: FormState): boolean {
  return Object.keys(form.errors).length === 0;
}
