// The HTTP API's OpenAPI 3.1 document (`GET /openapi.json`): what a web application or a
// connector needs to call `/validate/check` (privacyIDEA's shape: user, pass, state).
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Emergency access: authentication gateway',
    version: '1.0.0',
    description:
      'Checks PIN + tokencode (emergency codes included). An unknown user is answered exactly like a wrong passcode.',
  },
  paths: {
    '/validate/check': {
      post: {
        summary: 'Check a passcode, or answer a challenge',
        operationId: 'validateCheck',
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/CheckRequest' } } },
        },
        responses: {
          '200': {
            description: 'The decision',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CheckResponse' } } },
          },
          '400': { $ref: '#/components/responses/Error' },
          '401': { $ref: '#/components/responses/Error' },
          '429': { $ref: '#/components/responses/Error' },
          '503': { $ref: '#/components/responses/Error' },
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'Liveness',
        operationId: 'health',
        responses: {
          '200': {
            description: 'The gateway runs',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] },
              },
            },
          },
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        operationId: 'metrics',
        responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': {} } } },
      },
    },
    '/openapi.json': {
      get: {
        summary: 'This document',
        operationId: 'openapi',
        responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      CheckRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['user', 'pass'],
        properties: {
          user: { type: 'string', minLength: 1, maxLength: 128 },
          pass: {
            type: 'string',
            maxLength: 128,
            description:
              'PIN + code; the PIN alone is challenged (and sends an on-demand code when the user may ask for one); the code alone, with the state, answers the challenge',
          },
          state: { type: 'string', pattern: '^[0-9a-f]{32}$', description: 'From a CHALLENGE answer' },
        },
      },
      CheckResponse: {
        type: 'object',
        required: ['result', 'message'],
        properties: {
          result: { enum: ['ACCEPT', 'REJECT', 'CHALLENGE'] },
          message: { type: 'string' },
          state: { type: 'string', description: 'CHALLENGE only: send it back with the code' },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string' } },
      },
    },
    responses: {
      Error: {
        description: 'Refused before any check',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  },
} as const;
