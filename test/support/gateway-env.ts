// The real product (worker, dev server) with `ea gateway`'s parts running in the test process: the
// gateway's key made and registered as an authenticator as the embedded default does it, clients on
// loopback addresses (127.0.0.1 a NAS, 127.0.0.3 a legacy one; 127.0.0.2 is no client), one bearer
// token.
import { bootstrapGateway } from '../../client/bootstrap.js';
import { keyPathIn } from '../../client/keys.js';
import { keyFileSigner } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { singleCaller } from '../../gateway/http/callers.js';
import { parseClientsFile } from '../../gateway/radius/clients.js';
import { startGateway, type RunningGateway } from '../../gateway/start-gateway.js';
import { createProductEnv, type ProductEnv } from './product-env.js';

export const SECRET = 'radius-secret-for-the-vpn-nas';
export const LEGACY_SECRET = 'radius-secret-for-old-wifi';
export const TOKEN = 'http-bearer-token-of-the-test-web-app';
/** Every rejection takes at least this long (the throttle's floor). */
export const REJECT_FLOOR_MS = 300;

export interface GatewayEnv {
  product: ProductEnv;
  gateway: RunningGateway;
  teardown(): Promise<void>;
}

export async function createGatewayEnv(): Promise<GatewayEnv> {
  const product = await createProductEnv();
  const keyFile = keyPathIn(product.dataDir, 'gateway');
  await bootstrapGateway(product.service, keyFile);
  const service = new TemporalEaService(product.client, product.dataDir, keyFileSigner(keyFile));
  const gateway = await startGateway(service, {
    radiusPort: 0,
    httpPort: 0,
    host: '127.0.0.1',
    clients: parseClientsFile(`127.0.0.1 ${SECRET} name=vpn-1\n127.0.0.3 ${LEGACY_SECRET} name=old-wifi legacy\n`),
    callers: singleCaller(TOKEN),
    throttle: { rejectFloorMs: REJECT_FLOOR_MS },
  });
  return {
    product,
    gateway,
    async teardown() {
      await gateway.close();
      await product.teardown();
    },
  };
}
