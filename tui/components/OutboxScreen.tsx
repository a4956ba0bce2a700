// Screen 3: messages the product has sent (or left in the outbox folder), newest first.
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { OutboxMessage } from '../../client/ea-service.js';
import { useDashboard } from '../hooks/use-dashboard.js';
import { useScreenKeys, type KeyHint } from '../hooks/use-keys.js';
import { usePoll } from '../hooks/use-poll.js';
import { useScrollWindow } from '../hooks/use-scroll-window.js';
import { scrollCommandOf, visibleSlice } from '../state/scroll-window.js';
import { fit } from '../utils/fit.js';
import { formatInstant } from '../utils/time-left.js';

const HINTS: KeyHint[] = [
  { keys: '↑↓/jk', does: 'move' },
  { keys: 'r', does: 'refresh' },
];

export function OutboxScreen({ height, width }: { height: number; width: number }) {
  const { service } = useDashboard();
  const [messages, setMessages] = useState<OutboxMessage[] | null>(null);
  const refresh = usePoll(
    () => service.outbox(),
    (all) => setMessages([...all].sort((a, b) => (a.at < b.at ? 1 : -1))),
  );
  const [window, scroll] = useScrollWindow(messages?.length ?? 0, height - 2);
  const toWidth = Math.min(32, Math.max(12, Math.floor((width - 30) / 3)));

  useScreenKeys(HINTS, (input, key) => {
    const command = scrollCommandOf(input, key);
    if (command) scroll(command);
    else if (input === 'r') refresh();
    else return false;
    return true;
  });

  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text wrap="truncate">
        <Text bold>Outbox</Text>
        <Text dimColor>{messages ? ` · ${messages.length} messages, newest first` : ' · loading…'}</Text>
      </Text>
      <Text bold wrap="truncate">{`  ${fit('SENT', 18)} ${fit('VIA', 6)} ${fit('TO', toWidth)} SUBJECT`}</Text>
      {messages?.length === 0 ? <Text dimColor> nothing sent yet</Text> : null}
      {visibleSlice(messages ?? [], window).map((message, i) => {
        const selected = window.top + i === window.cursor;
        return (
          <Text key={message.file} wrap="truncate" inverse={selected}>
            {selected ? '› ' : '  '}
            {`${fit(formatInstant(message.at), 18)} ${fit(message.channel, 6)} ${fit(message.to, toWidth)} ${message.subject}`}
            <Text dimColor>{`  ${message.file}`}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
