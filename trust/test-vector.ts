// The envelope's published test vector (README, "Signed requests"): a signer in any language that
// reproduces `canonical` and `signature` from these inputs signs as the workflows verify. The name
// has a non-ASCII character and the payload a null, so UTF-8 and key order both show.
// Checked by envelope.test.ts against this module's code and against node:crypto's Ed25519.

export const TEST_VECTOR = {
  /** 32 bytes of 0x01, the Ed25519 seed (RFC 8032's "secret key"). */
  privateKeyHex: '0101010101010101010101010101010101010101010101010101010101010101',
  /** Its public key, unpadded base64url as a principal record stores it. */
  publicKey: 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w',
  principal: 'admin-eva',
  workflowId: 'user-u-1042',
  message: 'putUser',
  at: '2026-01-15T09:30:00.000Z',
  payload: {
    requestId: 'req-0001',
    actor: 'admin-eva',
    id: 'u-1042',
    name: 'Jürgen Groß',
    email: 'jurgen.gross@example.com',
    mobile: null,
    onDemand: 'email',
  },
  /** RFC 8785 canonical JSON of { workflowId, message, payload, principal, at }; its UTF-8 bytes are signed. */
  canonical:
    '{"at":"2026-01-15T09:30:00.000Z","message":"putUser","payload":{"actor":"admin-eva","email":"jurgen.gross@example.com",' +
    '"id":"u-1042","mobile":null,"name":"Jürgen Groß","onDemand":"email","requestId":"req-0001"},"principal":"admin-eva",' +
    '"workflowId":"user-u-1042"}',
  /** Ed25519 over those bytes, unpadded base64url (64 bytes). */
  signature: 'j0Hnfy4FYsNGU63lYpbmwqMCwP08LuPxcnblngMymlMu5AzOnmvHKOJDtZmlFhiGkHe38lCDPKdamuXmk6LnBA',
} as const;

/** The argument a client sends for the vector: the payload with its envelope. */
export const TEST_VECTOR_ARGUMENT = {
  ...TEST_VECTOR.payload,
  envelope: { principal: TEST_VECTOR.principal, at: TEST_VECTOR.at, signature: TEST_VECTOR.signature },
} as const;
