'use strict';
// Demo data of the local A2V2 server: one agent, keys with different scopes, a contact
// schema and form templates with fields of every type, contacts and a file.
const { makePdf } = require('./documents');

const DEMO_AGENT_ID = 'agent-demo-0001';
const OTHER_AGENT_ID = 'agent-other-0002';

const ALL = {
	contacts: ['create', 'read', 'update', 'delete'],
	'document-extraction': ['create', 'read'],
	forms: ['create', 'read', 'update'],
};

/** Keys of the demo agent. Secrets are demo values for a local test server only. */
const DEMO_KEYS = [
	{
		name: 'full',
		key: 'demo-full-key',
		secret: 'demo-full-secret',
		agentId: DEMO_AGENT_ID,
		scopes: ALL,
		perMinute: 1000,
		perHour: 10000,
	},
	{
		name: 'contacts',
		key: 'demo-contacts-key',
		secret: 'demo-contacts-secret',
		agentId: DEMO_AGENT_ID,
		scopes: { contacts: ALL.contacts },
		perMinute: 1000,
		perHour: 10000,
	},
	{
		name: 'readonly',
		key: 'demo-readonly-key',
		secret: 'demo-readonly-secret',
		agentId: DEMO_AGENT_ID,
		scopes: { contacts: ['read'] },
		perMinute: 1000,
		perHour: 10000,
	},
	{
		name: 'extraction',
		key: 'demo-extraction-key',
		secret: 'demo-extraction-secret',
		agentId: DEMO_AGENT_ID,
		scopes: { 'document-extraction': ALL['document-extraction'] },
		perMinute: 1000,
		perHour: 10000,
	},
	{
		name: 'nothing',
		key: 'demo-nothing-key',
		secret: 'demo-nothing-secret',
		agentId: DEMO_AGENT_ID,
		scopes: {},
		perMinute: 1000,
		perHour: 10000,
	},
	{
		name: 'default-limits',
		key: 'demo-default-key',
		secret: 'demo-default-secret',
		agentId: DEMO_AGENT_ID,
		scopes: ALL,
		perMinute: 60,
		perHour: 1000,
	},
	{
		name: 'other-agent',
		key: 'demo-other-key',
		secret: 'demo-other-secret',
		agentId: OTHER_AGENT_ID,
		scopes: ALL,
		perMinute: 1000,
		perHour: 10000,
	},
];

const CONTACT_SCHEMA = [
	{
		key: 'salutation',
		label: 'Salutation',
		type: 'select',
		required: false,
		options: ['Mr', 'Ms', 'Mx', 'Dr'].map((v) => ({ value: v, label: v })),
	},
	{ key: 'firstName', label: 'First Name', type: 'string', required: false },
	{ key: 'middleName', label: 'Middle Name', type: 'string', required: false },
	{ key: 'lastName', label: 'Last Name', type: 'string', required: false },
	{ key: 'primaryEmail', label: 'Primary Email', type: 'email', required: true },
	{ key: 'primaryPhone', label: 'Primary Phone', type: 'phone', required: false },
	{ key: 'primaryPhoneCode', label: 'Phone Country Code', type: 'string', required: false },
	{ key: 'dob', label: 'Date of Birth', type: 'date', required: false },
	{
		key: 'gender',
		label: 'Gender',
		type: 'select',
		required: false,
		options: ['female', 'male', 'non-binary', 'undisclosed'].map((v) => ({
			value: v,
			label: v[0].toUpperCase() + v.slice(1),
		})),
	},
	{ key: 'fullAddress', label: 'Full Address', type: 'string', required: false },
	{ key: 'externalReferenceId', label: 'External Reference ID', type: 'string', required: false },
	{ key: 'tags', label: 'Tags', type: 'array', required: false },
	{
		key: 'status',
		label: 'Status',
		type: 'select',
		required: false,
		options: [
			{ value: 'active', label: 'Active' },
			{ value: 'inactive', label: 'Inactive' },
			{ value: 'blocked', label: 'Blocked' },
		],
	},
	{ key: 'source', label: 'Source', type: 'string', required: false },
	{ key: 'lastContactedAt', label: 'Last Contacted At', type: 'date', required: false },
	{
		key: 'membership_level',
		label: 'Membership Level',
		type: 'select',
		required: false,
		custom: true,
		options: ['Gold', 'Silver', 'Bronze'].map((v) => ({ value: v, label: v })),
	},
	{
		key: 'acquisition_source',
		label: 'Acquisition Source',
		type: 'string',
		required: false,
		custom: true,
	},
	{ key: 'lifetime_value', label: 'Lifetime Value', type: 'number', required: false, custom: true },
	{
		key: 'newsletter_opt_in',
		label: 'Newsletter Opt-In',
		type: 'boolean',
		required: false,
		custom: true,
	},
	{ key: 'renewal_date', label: 'Renewal Date', type: 'date', required: false, custom: true },
	{
		key: 'interests',
		label: 'Interests',
		type: 'multiselect',
		required: false,
		custom: true,
		options: ['sales', 'support', 'billing'].map((v) => ({ value: v, label: v })),
	},
	{ key: 'preferences', label: 'Preferences', type: 'object', required: false, custom: true },
	{
		key: 'account_manager_email',
		label: 'Account Manager Email',
		type: 'email',
		required: false,
		custom: true,
	},
];

const FORM_TEMPLATES = [
	{
		_id: '6650a1b2c3d4e5f6a7b8c901',
		name: 'Patient Intake',
		description: 'New patient intake questionnaire',
		isActive: true,
		fields: [
			{ key: 'fullName', label: 'Full Name', type: 'string', required: true },
			{ key: 'email', label: 'E-mail', type: 'email', required: true },
			{ key: 'age', label: 'Age', type: 'number', required: false },
			{ key: 'visitDate', label: 'Visit Date', type: 'date', required: true },
			{ key: 'insured', label: 'Has Insurance', type: 'boolean', required: false },
			{
				key: 'reason',
				label: 'Reason for Visit',
				type: 'select',
				required: true,
				options: ['checkup', 'injury', 'illness', 'other'].map((v) => ({ value: v, label: v })),
			},
			{
				key: 'symptoms',
				label: 'Symptoms',
				type: 'multiselect',
				required: false,
				options: ['fever', 'cough', 'pain'].map((v) => ({ value: v, label: v })),
			},
			{ key: 'notes', label: 'Notes', type: 'textarea', required: false },
		],
	},
	{
		_id: '6650a1b2c3d4e5f6a7b8c902',
		name: 'Customer Feedback',
		description: 'Post-purchase feedback',
		isActive: true,
		fields: [
			{ key: 'rating', label: 'Rating (1-5)', type: 'number', required: true },
			{ key: 'comment', label: 'Comment', type: 'string', required: false },
			{ key: 'wouldRecommend', label: 'Would Recommend', type: 'boolean', required: false },
		],
	},
	{
		_id: '6650a1b2c3d4e5f6a7b8c903',
		name: 'Old Survey',
		description: 'Retired survey',
		isActive: false,
		fields: [{ key: 'answer', label: 'Answer', type: 'string', required: false }],
	},
];

const SCHEMA_EXAMPLES = [
	{
		name: 'invoice',
		description: 'Invoices and bills',
		schema: {
			invoiceNumber: { type: 'string', description: 'Invoice number', required: true },
			vendorName: { type: 'string', description: 'Vendor name', required: true },
			invoiceDate: { type: 'date', description: 'Invoice date', required: false },
			totalAmount: { type: 'number', description: 'Total amount', required: true },
			vendorEmail: { type: 'email', description: 'Vendor email', required: false },
		},
	},
	{
		name: 'medical',
		description: 'Medical records and referrals',
		schema: {
			patientName: { type: 'string', description: 'Patient name', required: true },
			dateOfBirth: { type: 'date', description: 'Date of birth', required: false },
			diagnosis: { type: 'string', description: 'Diagnosis', required: false },
			medications: { type: 'array', description: 'Medications', required: false },
		},
	},
	{
		name: 'resume',
		description: 'CVs and resumes',
		schema: {
			fullName: { type: 'string', description: 'Full name', required: true },
			email: { type: 'email', description: 'Email', required: true },
			yearsOfExperience: { type: 'number', description: 'Years of experience', required: false },
			skills: { type: 'array', description: 'Skills', required: false },
			openToRelocation: { type: 'boolean', description: 'Open to relocation', required: false },
		},
	},
];

const FIRST = [
	'Ada',
	'Grace',
	'Alan',
	'Edsger',
	'Barbara',
	'Donald',
	'Frances',
	'Ken',
	'Margaret',
	'Dennis',
	'Radia',
	'Tim',
];
const LAST = [
	'Lovelace',
	'Hopper',
	'Turing',
	'Dijkstra',
	'Liskov',
	'Knuth',
	'Allen',
	'Thompson',
	'Hamilton',
	'Ritchie',
	'Perlman',
	'Berners-Lee',
];

/** Demo contacts (created oldest first). */
function demoContacts(count = 24) {
	const out = [];
	for (let i = 0; i < count; i++) {
		out.push({
			externalReferenceId: `DEMO-${String(i + 1).padStart(3, '0')}`,
			firstName: FIRST[i % FIRST.length],
			lastName: LAST[i % LAST.length],
			primaryEmail: `${FIRST[i % FIRST.length].toLowerCase()}.${LAST[i % LAST.length].toLowerCase()}${i}@example.com`,
			primaryPhone: `+1555010${String(i).padStart(2, '0')}`,
			status: i % 7 === 6 ? 'blocked' : i % 5 === 4 ? 'inactive' : 'active',
			tags: i % 3 === 0 ? ['VIP'] : i % 3 === 1 ? ['lead'] : ['customer', 'newsletter'],
			source: 'demo',
			customFields: {
				membership_level: ['Gold', 'Silver', 'Bronze'][i % 3],
				lifetime_value: 100 * (i + 1),
			},
		});
	}
	return out;
}

const DEMO_FILE = {
	contactRef: 'DEMO-001',
	fileName: 'welcome-letter.pdf',
	mimeType: 'application/pdf',
	bytes: () => makePdf(['Welcome Letter', 'Full Name: Ada Lovelace', 'Membership Level: Gold']),
};

module.exports = {
	DEMO_AGENT_ID,
	OTHER_AGENT_ID,
	DEMO_KEYS,
	CONTACT_SCHEMA,
	FORM_TEMPLATES,
	SCHEMA_EXAMPLES,
	demoContacts,
	DEMO_FILE,
};
