/**
 * A value parsed from JSON (an API's answer, a workflow file, the run data n8n prints) that a test
 * walks and checks with its assertions: its shape is what the assertions check, so the type
 * system does not restate it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
