/**
 * Multipart uploads: the file part as the API takes it, proven through n8n's real execution engine against nock.
 */
import nock from 'nock';
import { runNode } from '../harness/engine';
import { AGENT, API, credentials, ID1, setupNock } from './helpers';

setupNock();

describe('multipart uploads', () => {
	it('sends the binary as a multipart part "file" with its name and type, and no JSON content type', async () => {
		const pdf = Buffer.from('%PDF-1.4\nhello\n%%EOF\n');
		let contentType = '';
		let body = '';
		const scope = nock(API)
			.post(`/files/chatbots/${AGENT}/${ID1}`)
			.reply(function (_uri, requestBody) {
				contentType = String(this.req.headers['content-type']);
				body = Buffer.isBuffer(requestBody) ? requestBody.toString('latin1') : String(requestBody);
				return [
					201,
					{
						success: true,
						data: {
							_id: 'f1',
							fileName: 'report.pdf',
							mimeType: 'application/pdf',
							fileSize: pdf.length,
						},
					},
				];
			});
		const { error, items } = await runNode({
			parameters: {
				resource: 'file',
				operation: 'upload',
				contact: { __rl: true, mode: 'id', value: ID1 },
				binaryPropertyName: 'data',
				output: 'raw',
			},
			credentials,
			items: [
				{
					json: {},
					binary: {
						data: {
							data: pdf.toString('base64'),
							mimeType: 'application/pdf',
							fileName: 'report.pdf',
						},
					},
				},
			],
		});
		expect(error).toBeUndefined();
		scope.done();
		const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType)?.[1];
		expect(boundary).toBeTruthy();
		expect(body).toContain(
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n${pdf.toString('latin1')}\r\n--${boundary}--`,
		);
		expect(body).not.toContain('application/json');
		expect(items[0].json).toEqual({
			_id: 'f1',
			fileName: 'report.pdf',
			mimeType: 'application/pdf',
			fileSize: pdf.length,
		});
	});
});
