import { defineResource } from '../../../operations/define';
import { deleteFile } from './delete';
import { download } from './download';
import { get } from './get';
import { getDownloadUrl } from './getDownloadUrl';
import { getMany } from './getMany';
import { upload } from './upload';

export const file = defineResource('file', 'upload', [
	upload,
	getMany,
	get,
	getDownloadUrl,
	download,
	deleteFile,
]);
