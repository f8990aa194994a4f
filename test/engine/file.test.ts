/** File resource: exact requests, multipart, binary output. */
import nock from 'nock';

import { MAX_IN_FLIGHT } from '../../nodes/transport/pacing';
import { runNode } from '../harness/engine';
import {
	AGENT,
	API,
	captureMultipart,
	contact,
	credentials,
	ID1,
	KEY,
	SECRET,
	setupNock,
	type CapturedMultipart,
} from './helpers';

setupNock();

const FILE_ID = '66aa00bb11cc22dd33ee44ff';
const byId = { __rl: true, mode: 'id', value: ID1 };
const byRef = { __rl: true, mode: 'externalReferenceId', value: 'USER/5' };
const fileMeta = {
	_id: FILE_ID,
	contactId: ID1,
	fileName: 'scan.png',
	mimeType: 'image/png',
	fileSize: 4,
	createdAt: '2026-01-01T00:00:00.000Z',
};
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
const pngItem = {
	json: {},
	binary: {
		scan: {
			data: PNG.toString('base64'),
			mimeType: 'image/png',
			fileName: 'scan.png',
			fileExtension: 'png',
		},
	},
};

describe('upload', () => {
	it('resolves an external reference ID to the A2V2 ID first, then sends the file (binary bytes intact)', async () => {
		const store: { request?: Promise<CapturedMultipart> } = {};
		const scope = nock(API)
			.get(`/contacts/USER%2F5/chatbots/${AGENT}`)
			.reply(200, { success: true, data: contact(ID1) })
			.post(`/files/chatbots/${AGENT}/${ID1}`)
			.reply(captureMultipart(store, 201, { success: true, data: fileMeta }));
		const { items, error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'upload',
				contact: byRef,
				binaryPropertyName: 'scan',
				output: 'raw',
			},
			credentials,
			items: [pngItem],
		});
		expect(error).toBeUndefined();
		scope.done();
		const sent = await store.request!;
		expect(sent.contentType).toMatch(/^multipart\/form-data; boundary=\S+$/);
		expect([...sent.parts.keys()]).toEqual(['file']);
		expect(sent.parts.get('file')).toMatchObject({ fileName: 'scan.png', type: 'image/png' });
		expect(sent.parts.get('file')!.bytes!.equals(PNG)).toBe(true);
		expect(items).toEqual([{ json: fileMeta, pairedItem: { item: 0 } }]);
	});

	it('looks a contact given by external reference ID up once per run, however many items name it', async () => {
		const scope = nock(API)
			.get(`/contacts/USER%2F5/chatbots/${AGENT}`)
			.once()
			.reply(200, { success: true, data: contact(ID1) })
			.post(`/files/chatbots/${AGENT}/${ID1}`)
			.times(5)
			.reply(201, { success: true, data: fileMeta });
		const { items, error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'upload',
				contact: byRef,
				binaryPropertyName: 'scan',
				output: 'raw',
			},
			credentials,
			items: Array.from({ length: 5 }, () => pngItem),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		scope.done();
	});

	it('overrides the file name and MIME type', async () => {
		const store: { request?: Promise<CapturedMultipart> } = {};
		nock(API)
			.post(`/files/chatbots/${AGENT}/${ID1}`)
			.reply(captureMultipart(store, 201, { success: true, data: fileMeta }));
		await runNode({
			parameters: {
				resource: 'file',
				operation: 'upload',
				contact: byId,
				binaryPropertyName: 'scan',
				uploadOptions: { fileName: 'renamed.bin', mimeType: 'application/pdf' },
			},
			credentials,
			items: [pngItem],
		});
		expect((await store.request!).parts.get('file')).toMatchObject({
			fileName: 'renamed.bin',
			type: 'application/pdf',
		});
	});

	it('names a missing binary property and lists the ones the item has, before any request', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'upload',
				contact: byId,
				binaryPropertyName: 'attachment_0',
			},
			credentials,
			items: [pngItem],
		});
		expect(error?.message).toBe(
			'Input Binary Field: the item has no binary property "attachment_0" [item 0]',
		);
		expect(error?.description).toBe('Its binary properties: scan');
	});

	it('refuses an empty file before any request', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'upload',
				contact: byId,
				binaryPropertyName: 'scan',
			},
			credentials,
			items: [
				{ json: {}, binary: { scan: { data: '', mimeType: 'text/plain', fileName: 'empty.txt' } } },
			],
		});
		expect(error?.message).toBe('Input Binary Field: the file in "scan" is empty [item 0]');
	});
});

describe('memory with many items', () => {
	it('reads a file only when its request is about to go: 30 uploads never hold 30 files', async () => {
		const realFrom = Buffer.from;
		let read = 0;
		// Count the file's bytes as they are decoded from the item (n8n's memory mode).
		const spy = jest.spyOn(Buffer, 'from').mockImplementation(((
			...args: Parameters<typeof Buffer.from>
		) => {
			const bytes = (realFrom as (...a: unknown[]) => Buffer)(...args);
			if (bytes.equals(PNG)) read++;
			return bytes;
		}) as typeof Buffer.from);
		const readAtArrival: number[] = [];
		nock(API)
			.post(`/files/chatbots/${AGENT}/${ID1}`)
			.times(30)
			.delay(50)
			.reply(() => {
				readAtArrival.push(read);
				return [201, { success: true, data: fileMeta }];
			});
		try {
			const items = Array.from({ length: 30 }, () => pngItem);
			const { items: out, error } = await runNode({
				parameters: {
					resource: 'file',
					operation: 'upload',
					contact: byId,
					binaryPropertyName: 'scan',
				},
				credentials,
				items,
			});
			expect(error).toBeUndefined();
			expect(out).toHaveLength(30);
		} finally {
			spy.mockRestore();
		}
		// Requests go out at most MAX_IN_FLIGHT at a time per key; files are read for those only.
		expect(readAtArrival[0]).toBeLessThanOrEqual(MAX_IN_FLIGHT);
		expect(read).toBe(30);
	});
});

describe('list, get, URL, delete', () => {
	it("lists a contact's files with sort, paging with limit 100", async () => {
		const scope = nock(API)
			.get(`/files/chatbots/${AGENT}/${ID1}`)
			.query({ sortBy: 'fileSize', sortOrder: 'asc', page: '1', limit: '100' })
			.reply(200, {
				success: true,
				data: [fileMeta],
				pagination: {
					currentPage: 1,
					totalPages: 1,
					totalItems: 1,
					itemsPerPage: 100,
					hasNextPage: false,
					hasPreviousPage: false,
				},
			});
		const { items } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'getAll',
				contact: byId,
				returnAll: true,
				sort: { sortBy: 'fileSize', sortOrder: 'asc' },
				output: 'raw',
			},
			credentials,
		});
		scope.done();
		expect(items.map((i) => i.json)).toEqual([fileMeta]);
	});

	it('gets metadata and a download URL, the file ID encoded as one segment', async () => {
		nock(API)
			.get(`/files/chatbots/${AGENT}/${ID1}/files/a%2Fb`)
			.reply(200, { success: true, data: fileMeta })
			.get(`/files/chatbots/${AGENT}/${ID1}/files/a%2Fb/signed-url`)
			.reply(200, {
				success: true,
				data: { url: 'https://files.example.test/x', expiresAt: '2099-01-01T00:00:00.000Z' },
			});
		const meta = await runNode({
			parameters: {
				resource: 'file',
				operation: 'get',
				contact: byId,
				fileId: 'a/b',
				output: 'raw',
			},
			credentials,
		});
		expect(meta.items[0].json).toEqual(fileMeta);
		const url = await runNode({
			parameters: { resource: 'file', operation: 'getDownloadUrl', contact: byId, fileId: 'a/b' },
			credentials,
		});
		expect(url.items[0].json).toEqual({
			url: 'https://files.example.test/x',
			expiresAt: '2099-01-01T00:00:00.000Z',
		});
	});

	it('deletes with a reason and answers { deleted: true }', async () => {
		const scope = nock(API)
			.delete(`/files/chatbots/${AGENT}/${ID1}/files/${FILE_ID}`, { reason: 'duplicate' })
			.reply(200, { success: true, data: { _id: FILE_ID } });
		const { items } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'delete',
				contact: byId,
				fileId: FILE_ID,
				deleteOptions: { reason: 'duplicate' },
			},
			credentials,
		});
		scope.done();
		expect(items).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
	});
});

describe('download', () => {
	it('fetches a fresh signed URL, downloads it without A2V2 credentials, outputs the binary with name and type', async () => {
		nock(API)
			.get(`/files/chatbots/${AGENT}/${ID1}/files/${FILE_ID}/signed-url`)
			.reply(200, {
				success: true,
				data: {
					url: 'https://files.example.test/bucket/abc?sig=1',
					expiresAt: '2099-01-01T00:00:00.000Z',
				},
			});
		let headers: Record<string, unknown> = {};
		nock('https://files.example.test')
			.get('/bucket/abc')
			.query({ sig: '1' })
			.reply(function () {
				headers = this.req.headers;
				return [
					200,
					PNG,
					{
						'Content-Type': 'image/png',
						'Content-Disposition': 'attachment; filename="scan%20copy.png"',
					},
				];
			});
		const { items, error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'download',
				contact: byId,
				fileId: FILE_ID,
				binaryPropertyName: 'file',
			},
			credentials,
		});
		expect(error).toBeUndefined();
		expect(headers['x-api-key']).toBeUndefined();
		expect(JSON.stringify(headers)).not.toContain(KEY);
		expect(JSON.stringify(headers)).not.toContain(SECRET);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			fileName: 'scan copy.png',
			mimeType: 'image/png',
			fileSize: PNG.length,
		});
		expect(items[0].binary?.file).toMatchObject({
			fileName: 'scan copy.png',
			mimeType: 'image/png',
		});
		expect(Buffer.from(items[0].binary!.file.data, 'base64').equals(PNG)).toBe(true);
	});

	it('downloads from a signed URL given by a previous node', async () => {
		nock('https://files.example.test')
			.get('/f.txt')
			.reply(200, 'hello', { 'Content-Type': 'text/plain; charset=utf-8' });
		const { items } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'download',
				downloadFrom: 'url',
				signedUrl: 'https://files.example.test/f.txt',
				expiresAt: '2099-01-01T00:00:00Z',
			},
			credentials,
		});
		expect(Buffer.from(items[0].binary!.data.data, 'base64').toString()).toBe('hello');
		expect(items[0].binary!.data).toMatchObject({ fileName: 'f.txt', mimeType: 'text/plain' });
	});

	it('refuses a signed URL that has expired, before any request', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'download',
				downloadFrom: 'url',
				signedUrl: 'https://files.example.test/f.txt',
				expiresAt: '2020-01-01T00:00:00Z',
			},
			credentials,
		});
		expect(error?.message).toBe('Signed URL: expired at 2020-01-01T00:00:00Z [item 0]');
	});

	it('says so when the storage refuses an expired URL', async () => {
		nock('https://files.example.test')
			.get('/f.txt')
			.reply(403, '<Error><Message>Request has expired</Message></Error>');
		const { error } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'download',
				downloadFrom: 'url',
				signedUrl: 'https://files.example.test/f.txt',
			},
			credentials,
		});
		expect(error?.message).toBe('The signed download URL has expired [item 0]');
	});
});
