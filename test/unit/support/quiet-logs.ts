/**
 * Also the integration and web projects' (jest.config.js). Unit tests run use cases that log through Powertools (a batch done, a delivery failed); those lines
 * would bury the test report. The logger reads its level when it is created, so this runs before any
 * test module loads; a test that wants to see the logs sets the variable itself.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
