// The top line: the screens (the current one in brackets) and who is acting: the principal that
// signs, with its roles (or `revoked`, `unregistered`) as the registry has them.
import { Box, Text } from 'ink';
import { SCREENS, type Screen } from '../state/app.js';

export const SCREEN_TITLES: Record<Screen, string> = {
  tokens: 'Tokens',
  policy: 'Policy',
  outbox: 'Outbox',
  events: 'Events',
};

/** `principal`: the principal's name and what the registry says of it (state/access.ts accessLabel). */
export function Header({ screen, principal }: { screen: Screen; principal: string }) {
  return (
    <Box height={1} justifyContent="space-between">
      <Text wrap="truncate">
        <Text bold color="cyan">
          Emergency Access{' '}
        </Text>
        {SCREENS.map((s, i) => {
          const label = `${i + 1} ${SCREEN_TITLES[s]}`;
          return s === screen ? (
            <Text key={s} bold inverse>{`[${label}]`}</Text>
          ) : (
            <Text key={s} dimColor>{` ${label} `}</Text>
          );
        })}
      </Text>
      <Text wrap="truncate" dimColor>
        {` principal ${principal}`}
      </Text>
    </Box>
  );
}
