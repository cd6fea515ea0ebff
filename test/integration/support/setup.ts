/**
 * Every integration test file starts a real local stack (emulators, gateway, handler imports) in its
 * beforeAll; on a loaded machine that can take longer than jest's default 5 s for a hook or a test.
 * A failure here must mean a broken stack, not a busy CPU.
 */
import { jest } from '@jest/globals';

jest.setTimeout(30_000);
