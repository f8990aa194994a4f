/**
 * Jest, after the framework is set up (setupFilesAfterEnv): every test starts with no key's
 * pacing state, as a new n8n process would; the pacer is process-wide by design.
 */
import { resetPacers } from '../nodes/transport/pacing';

beforeEach(() => resetPacers());
