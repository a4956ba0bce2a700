// The operator action in progress on the detail screen: the menu, the form, the confirmation,
// the call in flight, and its result. Codes have their own box (CodesBox).
import { Box, Text } from 'ink';
import { actionSpec, type ActionId } from '../actions/operator-actions.js';
import type { ActionFlow } from '../state/action-flow.js';
import { visibleFields, type FieldSpec, type FormState } from '../state/form.js';
import { visibleSlice } from '../state/scroll-window.js';

const LABEL_WIDTH = 16;

function shown(field: FieldSpec, value: string): string {
  if (field.options) return value === '' ? 'policy default' : value;
  return field.secret ? '•'.repeat(value.length) : value;
}

function FieldLine({
  field,
  value,
  error,
  selected,
}: {
  field: FieldSpec;
  value: string;
  error?: string;
  selected: boolean;
}) {
  return (
    <Text wrap="truncate">
      <Text color={selected ? 'cyan' : undefined}>{selected ? '› ' : '  '}</Text>
      <Text bold={selected}>{field.label.padEnd(LABEL_WIDTH)}</Text>
      {field.options ? (
        <Text>{selected ? `‹ ${shown(field, value)} ›` : shown(field, value)}</Text>
      ) : (
        <Text>
          {shown(field, value)}
          {selected ? <Text color="cyan">▏</Text> : null}
          {value === '' ? (
            <Text
              dimColor
            >{`${selected ? ' ' : ''}${[field.hint, selected ? field.example : undefined].filter(Boolean).join(' · ')}`}</Text>
          ) : null}
        </Text>
      )}
      {error ? <Text color="red">{`  ✗ ${error}`}</Text> : null}
    </Text>
  );
}

function FormLines({ form, cursor }: { form: FormState; cursor: number | null }) {
  return (
    <>
      {visibleFields(form).map((field, i) => (
        <FieldLine
          key={field.name}
          field={field}
          value={form.values[field.name] ?? ''}
          error={form.errors[field.name]}
          selected={i === cursor}
        />
      ))}
    </>
  );
}

export function ActionPanel({
  flow,
  serial,
}: {
  flow: Exclude<ActionFlow<ActionId>, { step: 'closed' }>;
  serial: string;
}) {
  if (flow.step === 'menu') {
    return (
      <Box flexDirection="column">
        <Text bold color="cyan">{`Actions for ${serial}`}</Text>
        {visibleSlice(flow.choices, flow.window).map((id, i) => {
          const spec = actionSpec(id);
          const selected = flow.window.top + i === flow.window.cursor;
          return (
            <Text key={id} wrap="truncate" inverse={selected}>
              {selected ? '› ' : '  '}
              {spec.label.padEnd(22)}
              <Text dimColor>{spec.summary}</Text>
            </Text>
          );
        })}
      </Box>
    );
  }
  const spec = actionSpec(flow.action);
  const title = `${spec.label} — ${serial}`;
  switch (flow.step) {
    case 'form':
      return (
        <Box flexDirection="column">
          <Text bold color="cyan">
            {title}
          </Text>
          <Text dimColor wrap="truncate">
            {spec.summary}
          </Text>
          <FormLines form={flow.form} cursor={flow.form.cursor} />
        </Box>
      );
    case 'confirm':
      return (
        <Box flexDirection="column">
          <Text bold color={spec.danger ? 'red' : 'yellow'}>{`Confirm: ${title}?`}</Text>
          <Text wrap="truncate">{spec.summary}</Text>
          <FormLines form={flow.form} cursor={null} />
          {flow.error ? (
            <Text color="red" wrap="truncate">
              {`✗ ${flow.error}`}
            </Text>
          ) : null}
          <Text bold>{`Enter or y: ${flow.error ? 'try again' : 'do it'} · Esc or n: go back`}</Text>
        </Box>
      );
    case 'running':
      return <Text color="yellow">{`${title}: working…`}</Text>;
    case 'done':
      return (
        <Box flexDirection="column">
          <Text bold color="green">{`✓ ${title}`}</Text>
          <Text wrap="truncate">{flow.outcome.message}</Text>
          <Text dimColor>Enter or Esc closes</Text>
        </Box>
      );
  }
}
