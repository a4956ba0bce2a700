// SMS length in GSM-7 septets (3GPP TS 23.038). One segment holds 160 septets; characters of the
// extension table take two (escape + char), and any character outside the alphabet forces the
// whole message into UCS-2, where one segment holds only 70.

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

const GSM7_SEGMENT_SEPTETS = 160;

/** Septets the text needs, or null when it has a character GSM-7 cannot carry. */
export function gsm7Length(text: string): number | null {
  let septets = 0;
  for (const char of text) {
    if (BASIC.includes(char)) septets += 1;
    else if (EXTENSION.includes(char)) septets += 2;
    else return null;
  }
  return septets;
}

export function fitsOneGsm7Segment(text: string): boolean {
  const septets = gsm7Length(text);
  return septets !== null && septets <= GSM7_SEGMENT_SEPTETS;
}
