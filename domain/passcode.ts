// Passcode = PIN + tokencode, typed as one string with no separator (spec §1). The code's length is
// known (the token's digits, or the emergency code length), so the PIN is whatever comes before it.

const PIN = /^[A-Za-z0-9]{4,8}$/;

export function isValidPin(pin: string): boolean {
  return PIN.test(pin);
}

/** Null when the passcode cannot be a PIN of 4–8 letters or digits followed by a code of this length. */
export function splitPasscode(
  passcode: string,
  codeLength: number,
  hasPin: boolean,
): { pin: string; code: string } | null {
  const pinLength = passcode.length - codeLength;
  if (codeLength <= 0 || pinLength < 0) return null;
  if (!hasPin) return pinLength === 0 ? { pin: '', code: passcode } : null;
  const pin = passcode.slice(0, pinLength);
  return isValidPin(pin) ? { pin, code: passcode.slice(pinLength) } : null;
}
