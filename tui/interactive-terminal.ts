// Ink draws only the last frame when CI or CONTINUOUS_INTEGRATION is set (is-in-ci, read once when
// ink loads). The dashboard is interactive wherever it runs, a CI job's pseudo-terminal included,
// so this side-effect module clears both for the process; import it before ink.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
