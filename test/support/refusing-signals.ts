// A client whose signals to one workflow fail as a dropped connection does, for the broadcast's
// failure path: the server itself cannot be made to refuse one workflow's signals.
import { Client } from '@temporalio/client';
import type { ProductEnv } from './product-env.js';

export function refusingSignalsTo(product: Pick<ProductEnv, 'client' | 'namespace'>, workflowId: string): Client {
  return new Client({
    connection: product.client.connection,
    namespace: product.namespace,
    dataConverter: product.client.options.dataConverter,
    interceptors: {
      workflow: [
        {
          async signal(input, next) {
            if (input.workflowExecution.workflowId === workflowId) throw new Error('UNAVAILABLE: connection reset');
            return next(input);
          },
        },
      ],
    },
  });
}
