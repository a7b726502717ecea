/**
 * The rules of an uploaded document (contract documents, quality remarks' attachments): PDF or an office
 * document, recognised by its content (never by its name), at most 10 MB, with a name safe for a
 * Content-Disposition header.
 */
import { fileTypeFromBuffer } from 'file-type';

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Types are read from the content, not the name: PDF and office documents only. */
const ALLOWED_DOCUMENT_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	odt: 'application/vnd.oasis.opendocument.text',
	ods: 'application/vnd.oasis.opendocument.spreadsheet',
	odp: 'application/vnd.oasis.opendocument.presentation',
	cfb: 'application/x-cfb'
};

export type DocumentError = 'fileEmpty' | 'fileTooLarge' | 'fileType';

/** Checks an uploaded file; returns the name to keep and the media type read from the content. */
export async function checkDocument(file: {
	name: string;
	content: Uint8Array;
}): Promise<{ ok: true; filename: string; mediaType: string } | { ok: false; error: DocumentError }> {
	if (file.content.length === 0) return { ok: false, error: 'fileEmpty' };
	if (file.content.length > DOCUMENT_MAX_BYTES) return { ok: false, error: 'fileTooLarge' };
	const found = await fileTypeFromBuffer(file.content);
	const mediaType = found ? (ALLOWED_DOCUMENT_TYPES[found.ext] ?? null) : null;
	if (!mediaType) return { ok: false, error: 'fileType' };
	// Keep printable characters only: the name goes into a Content-Disposition header on download.
	const filename =
		[...file.name]
			.map((ch) => (ch.charCodeAt(0) < 32 || '\\/"'.includes(ch) ? '_' : ch))
			.join('')
			.slice(-150) || 'document';
	return { ok: true, filename, mediaType };
}

/** A stored document as a download that no cache keeps. */
export function documentResponse(doc: { content: Uint8Array; mediaType: string; size: number; filename: string }): Response {
	return new Response(doc.content as BodyInit, {
		headers: {
			'content-type': doc.mediaType,
			'content-length': String(doc.size),
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
			'cache-control': 'private, no-store'
		}
	});
}
