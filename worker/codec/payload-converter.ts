// The project's payload converter (engineering notes, trap 1): the SDK's default, except that a
// payload it cannot decode becomes an `Undecodable` marker instead of an exception. Bundled into the
// workflow sandbox through `payloadConverterPath`, so it must stay pure.
import {
  DefaultPayloadConverter,
  type Payload,
  type PayloadConverter,
  type SerializationContext,
} from '@temporalio/common';
import { undecodable } from '../../contract/undecodable.js';

class ForgivingPayloadConverter implements PayloadConverter {
  private readonly inner = new DefaultPayloadConverter();

  toPayload<T>(value: T, context?: SerializationContext): Payload {
    return this.inner.toPayload(value, context);
  }

  fromPayload<T>(payload: Payload, context?: SerializationContext): T {
    try {
      return this.inner.fromPayload<T>(payload, context);
    } catch (error) {
      return undecodable(error instanceof Error ? error.message : String(error)) as T;
    }
  }
}

export const payloadConverter = new ForgivingPayloadConverter();
