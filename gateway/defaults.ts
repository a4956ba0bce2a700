// The gateway's default ports (spec §8), in a module of their own so `ea --help` loads no gateway.
export const DEFAULT_RADIUS_PORT = 1812;
export const DEFAULT_HTTP_PORT = 8090;
