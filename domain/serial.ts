// A token's serial number (spec §1): also part of its workflow id `token-<SERIAL>`.
export const SERIAL_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
