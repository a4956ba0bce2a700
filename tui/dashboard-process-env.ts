// Process settings the dashboard needs before ink loads (a side-effect module: import it first).
// Ink draws only the last frame when CI or CONTINUOUS_INTEGRATION is set (is-in-ci, read once when
// ink loads). The dashboard is interactive wherever it runs, a CI job's terminal included.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
