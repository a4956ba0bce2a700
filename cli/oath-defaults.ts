// What a token is when its file or flags leave a parameter out: the common OATH authenticator.
import type { NewToken } from '../client/ea-service.js';

export const OATH_DEFAULTS: Omit<NewToken['oath'], 'secretBase32'> = {
  type: 'totp',
  digits: 6,
  period: 30,
  algorithm: 'SHA1',
  counter: 0,
};
