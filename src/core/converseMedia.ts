/**
 * Turns a Dotprompt `{{media url=…}}` part into a Converse image, document or video block.
 * Bedrock cannot fetch web URLs, so http(s) is refused here, before any request is made; local
 * files are read through an injected reader that the caller confines to the workspace.
 */
import type { ConverseContentBlock, DocumentFormat, ImageFormat, MediaSource, VideoFormat } from './converseTypes';

/** Reads a media file named relative to the prompt file. Must refuse paths outside the workspace. */
export type MediaReader = (url: string) => { bytes: Uint8Array } | { error: string };

export class ConverseRequestError extends Error {
  constructor(readonly code: 'media-http' | 'media-unreadable' | 'media-format' | 'tool-missing' | 'no-messages', message: string) {
    super(message);
  }
}

const IMAGE: Record<string, ImageFormat> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', gif: 'gif', webp: 'webp' };
const DOCUMENT: Record<string, DocumentFormat> = {
  pdf: 'pdf', csv: 'csv', doc: 'doc', docx: 'docx', xls: 'xls', xlsx: 'xlsx', html: 'html', htm: 'html', txt: 'txt', md: 'md', markdown: 'md',
};
const VIDEO: Record<string, VideoFormat> = {
  mkv: 'mkv', mov: 'mov', mp4: 'mp4', webm: 'webm', flv: 'flv', mpeg: 'mpeg', mpg: 'mpg', wmv: 'wmv', '3gp': 'three_gp',
};
/** MIME subtypes that differ from the file extension Bedrock names the format by. */
const MIME_ALIASES: Record<string, string> = {
  'vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  msword: 'doc', 'vnd.ms-excel': 'xls', plain: 'txt', markdown: 'md', quicktime: 'mov', '3gpp': '3gp', 'x-matroska': 'mkv',
};

type Kind = { kind: 'image'; format: ImageFormat } | { kind: 'document'; format: DocumentFormat } | { kind: 'video'; format: VideoFormat };

function kindOf(url: string, contentType: string | undefined): Kind | undefined {
  const fromType = contentType?.toLowerCase().split(';')[0].split('/')[1];
  const fromPath = /\.([a-z0-9]+)$/i.exec(url.split(/[?#]/)[0])?.[1]?.toLowerCase();
  for (const raw of [fromType, fromPath]) {
    if (!raw) continue;
    const key = MIME_ALIASES[raw] ?? raw;
    if (IMAGE[key]) return { kind: 'image', format: IMAGE[key] };
    if (DOCUMENT[key]) return { kind: 'document', format: DOCUMENT[key] };
    if (VIDEO[key]) return { kind: 'video', format: VIDEO[key] };
  }
  return undefined;
}

/** Image, document or video, from a media URL's extension; undefined when unknown. */
export function mediaKind(url: string): Kind['kind'] | undefined {
  return kindOf(url, undefined)?.kind;
}

/**
 * Bedrock allows only letters, digits, single spaces, hyphens, parentheses and square brackets in
 * a document name, and the name is shown to the model: keep it close to the file name.
 */
export function documentName(url: string, taken: Set<string>): string {
  const base = (url.split(/[?#]/)[0].split('/').pop() ?? 'document').replace(/\.[^.]*$/, '');
  const clean = base.replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim() || 'document';
  let name = clean;
  for (let n = 2; taken.has(name); n++) name = `${clean} (${n})`;
  taken.add(name);
  return name;
}

function dataUrlBytes(url: string): { bytes: Uint8Array; contentType: string } | undefined {
  const match = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(url);
  if (!match) return undefined;
  const payload = match[2] ? Buffer.from(match[3], 'base64') : Buffer.from(decodeURIComponent(match[3]), 'utf8');
  return { bytes: new Uint8Array(payload), contentType: match[1] };
}

export function mediaBlock(
  media: { url: string; contentType?: string }, readMedia: MediaReader | undefined, documentNames: Set<string>,
): ConverseContentBlock {
  const { url } = media;
  if (/^https?:/i.test(url)) {
    throw new ConverseRequestError('media-http', `Bedrock cannot fetch ${url}: put the file in the workspace or in S3 (s3://…) and refer to it from {{media}}.`);
  }
  const data = url.startsWith('data:') ? dataUrlBytes(url) : undefined;
  const kind = kindOf(data ? `x.${data.contentType.split('/')[1]}` : url, media.contentType ?? data?.contentType);
  if (!kind) {
    throw new ConverseRequestError('media-format', `Cannot tell what kind of media ${url.slice(0, 80)} is: give it a known extension or contentType="image/png" (images: png, jpeg, gif, webp; documents: pdf, csv, doc, docx, xls, xlsx, html, txt, md).`);
  }
  let source: MediaSource;
  if (data) source = { bytes: data.bytes };
  else if (/^s3:\/\//i.test(url)) source = { s3Location: { uri: url } };
  else {
    if (!readMedia) throw new ConverseRequestError('media-unreadable', `Cannot read ${url}: no file access here.`);
    const read = readMedia(url);
    if ('error' in read) throw new ConverseRequestError('media-unreadable', read.error);
    source = { bytes: read.bytes };
  }
  if (kind.kind === 'image') return { image: { format: kind.format, source } };
  if (kind.kind === 'video') return { video: { format: kind.format, source } };
  return { document: { format: kind.format, name: documentName(url, documentNames), source } };
}
