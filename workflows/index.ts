// The workflows the worker runs (the bundle's entry point).
export { tokenWorkflow } from './token-workflow.js';
export { userWorkflow } from './user-workflow.js';
export { policyWorkflow } from './policy-workflow.js';
export { principalsWorkflow } from './principals-workflow.js';
export { incidentWorkflow } from './incident-workflow.js';
