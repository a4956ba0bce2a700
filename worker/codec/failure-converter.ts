// Failure messages and stack traces go through the codec too, so an error text can never carry a
// secret into history in plaintext. Loaded by path (also inside the workflow sandbox).
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
