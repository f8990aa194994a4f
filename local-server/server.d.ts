/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/** Types of the local A2V2 server (server.js), as the tests and benchmarks use it. */
import type { Server } from 'node:http';

export * from './seed';

/** What the server keeps of a record, and anything else its routes stored on it. */
interface Stored {
	_id: string;
	[field: string]: unknown;
}

export interface StoredContact extends Stored {
	agentId?: string;
	firstName?: string;
	lastName?: string;
	primaryEmail?: string;
	primaryPhone?: string;
	externalReferenceId?: string;
	tags?: string[];
	customFields?: Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
}

export interface StoredFile extends Stored {
	contactId: string;
	fileName: string;
	mimeType: string;
	size?: number;
}

export interface StoredSubmission extends Stored {
	contactId: string;
	templateId?: string;
	formData?: Record<string, unknown>;
	submissionNotes?: string;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number | string;
	key: string;
	at: number;
	/** The fault injected into this request, if one was. */
	fault?: boolean;
}

export interface LocalServer {
	url: string;
	port: number;
	server: Server;
	reset(overrides?: object): void;
	addKey(key: object): void;
	addFault(fault: object): void;
	createContact(contact: object, agentId?: string, at?: string): StoredContact;
	contacts(agentId?: string): StoredContact[];
	files(): StoredFile[];
	createFile(
		contactId: string,
		file: { fileName: string; mimeType: string; bytes: Buffer },
		agentId?: string,
	): StoredFile;
	createSubmission(
		contactRef: string,
		templateId: string,
		body: object,
		agentId?: string,
	): StoredSubmission;
	fileBytes(id: string): Buffer | undefined;
	submissions(): StoredSubmission[];
	requests(filter?: { method?: string; path?: string | RegExp }): LoggedRequest[];
	clearRequests(): void;
	snapshot(): {
		contacts: StoredContact[];
		files: StoredFile[];
		submissions: StoredSubmission[];
		requests: number;
	};
	listen(): Promise<LocalServer>;
	close(): Promise<void>;
}

export const PREFIX: string;
export function createA2V2Server(options?: object): LocalServer;
export function startA2V2Server(options?: object): Promise<LocalServer>;
