// Process settings the dashboard needs before ink and React load (a side-effect module: import it
// first, and from a module without JSX, see run-dashboard.ts).
// - Ink draws only the last frame when CI or CONTINUOUS_INTEGRATION is set (is-in-ci, read once
//   when ink loads). The dashboard is interactive wherever it runs, a CI job's terminal included.
// - React's development build checks every render: about 30 % slower keystrokes at 10,000 tokens
//   (npm run bench). The production build is used unless NODE_ENV says otherwise. React and its
//   renderer must load under the same setting: development React under the production renderer
//   fails ink's first render silently, and the dashboard ends at once.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.NODE_ENV ??= 'production';
