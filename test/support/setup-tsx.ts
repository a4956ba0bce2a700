// The SDK `require()`s the payload and failure converters by path; let it load our TypeScript.
import { register } from 'tsx/cjs/api';

register();
