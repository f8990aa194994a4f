// Jest setup: n8n-core writes its instance settings under N8N_USER_FOLDER; keep it out of the
// home folder, with a fixed encryption key.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'a2v2-n8n-'));
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_ENCRYPTION_KEY = 'a2v2-test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_LOG_LEVEL = 'silent';
require('reflect-metadata');
