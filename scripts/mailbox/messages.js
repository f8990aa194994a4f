'use strict';
// The e-mails of the demo mailbox, composed with nodemailer's MailComposer: invoices from
// vendors as PDF attachments (made by the local A2V2 server's document generator, so that its
// extraction reads them), and what `npm run demo:mail` drops.
const fs = require('node:fs');
const path = require('node:path');
const MailComposer = require('nodemailer/lib/mail-composer');

const { makePdf } = require('../../local-server/documents');

/** A message's RFC 822 bytes. */
async function compose({ from, to, subject, text, attachments = [] }) {
	const mail = new MailComposer({
		from,
		to,
		subject,
		text,
		attachments: attachments.map((a) => ({
			filename: a.fileName,
			contentType: a.mimeType,
			content: a.bytes,
		})),
	});
	return await mail.compile().build();
}

/** An invoice PDF that the local server's extraction reads. */
function invoicePdf({ number, vendor, email, total, date }) {
	return makePdf([
		`Invoice Number: ${number}`,
		`Vendor Name: ${vendor}`,
		`Vendor Email: ${email}`,
		`Total Amount: ${total}`,
		`Invoice Date: ${date}`,
	]);
}

/**
 * An invoice e-mail from a vendor to `to`, with its invoices as PDF attachments and other files.
 * @param {{ to: string, vendor: string, email: string, invoices: Array<{ number: string, total: string, date: string }>, others?: Array<{ fileName: string, mimeType: string, bytes: Buffer }>, subject?: string }} options
 */
async function invoiceMail({ to, vendor, email, invoices, others = [], subject }) {
	return await compose({
		from: `${vendor} <${email}>`,
		to,
		subject: subject ?? `Invoice ${invoices.map((i) => i.number).join(', ')}`,
		text: `Please find attached our invoice${invoices.length > 1 ? 's' : ''}.\n\n${vendor}`,
		attachments: [
			...invoices.map((invoice) => ({
				fileName: `${invoice.number}.pdf`,
				mimeType: 'application/pdf',
				bytes: invoicePdf({ vendor, email, ...invoice }),
			})),
			...others,
		],
	});
}

/**
 * The demo mailbox: an invoice, an e-mail with two invoices, one whose second attachment is not
 * a PDF (the pipeline's MIME filter skips it), and one with no attachment at all.
 */
async function demoMails(to) {
	return [
		await invoiceMail({
			to,
			vendor: 'Acme Supplies',
			email: 'billing@acme-supplies.example',
			invoices: [{ number: 'INV-2026-101', total: '1250.00', date: '2026-11-02' }],
		}),
		await invoiceMail({
			to,
			vendor: 'Northwind Traders',
			email: 'accounts@northwind.example',
			invoices: [
				{ number: 'NW-7781', total: '310.40', date: '2026-11-05' },
				{ number: 'NW-7782', total: '89.90', date: '2026-11-06' },
			],
		}),
		await invoiceMail({
			to,
			vendor: 'Globex Consulting',
			email: 'finance@globex.example',
			invoices: [{ number: 'GLX-0042', total: '4800.00', date: '2026-11-09' }],
			others: [
				{
					fileName: 'timesheet.txt',
					mimeType: 'text/plain',
					bytes: Buffer.from('Hours for November: 32\n'),
				},
			],
		}),
		await compose({
			from: 'Acme Supplies <billing@acme-supplies.example>',
			to,
			subject: 'Our office is closed on Friday',
			text: 'No invoice in this one: just letting you know.',
		}),
	];
}

/** What `npm run demo:mail -- [file ...]` drops: the files given, or a generated invoice. */
async function droppedMail(to, files) {
	if (!files.length) {
		const stamp = new Date().toISOString().slice(0, 19).replace(/\D/g, '');
		return await invoiceMail({
			to,
			vendor: 'Demo Vendor',
			email: 'billing@demo-vendor.example',
			invoices: [
				{ number: `DEMO-${stamp}`, total: '99.00', date: new Date().toISOString().slice(0, 10) },
			],
		});
	}
	return await compose({
		from: 'Demo Sender <sender@demo-vendor.example>',
		to,
		subject: `Documents: ${files.map((f) => path.basename(f)).join(', ')}`,
		text: 'Dropped by npm run demo:mail.',
		attachments: files.map((file) => ({
			fileName: path.basename(file),
			mimeType: file.toLowerCase().endsWith('.pdf')
				? 'application/pdf'
				: 'application/octet-stream',
			bytes: fs.readFileSync(file),
		})),
	});
}

module.exports = { compose, invoicePdf, invoiceMail, demoMails, droppedMail };
