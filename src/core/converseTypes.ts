/**
 * The Converse request shapes the core builds. They mirror the `@aws-sdk/client-bedrock-runtime`
 * input types structurally, so the AWS layer can send them as they are, while the core stays free
 * of the SDK.
 */
import type { CacheTtl } from '../shared/usageRecord';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
export type DocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';
export type VideoFormat = 'mkv' | 'mov' | 'mp4' | 'webm' | 'flv' | 'mpeg' | 'mpg' | 'wmv' | 'three_gp';

export type MediaSource = { bytes: Uint8Array } | { s3Location: { uri: string; bucketOwner?: string } };

export interface CachePointBlock {
  cachePoint: { type: 'default'; ttl?: CacheTtl };
}

export type ConverseContentBlock =
  | { text: string }
  | { image: { format: ImageFormat; source: MediaSource } }
  | { document: { format: DocumentFormat; name: string; source: MediaSource } }
  | { video: { format: VideoFormat; source: MediaSource } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: { json: unknown }[] } }
  | CachePointBlock;

export type ConverseSystemBlock = { text: string } | CachePointBlock;

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseContentBlock[];
}

export interface ConverseToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: unknown } };
}

export interface ConverseInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface ConverseRequest {
  modelId: string;
  system?: ConverseSystemBlock[];
  messages: ConverseMessage[];
  toolConfig?: { tools: (ConverseToolSpec | CachePointBlock)[] };
  inferenceConfig?: ConverseInferenceConfig;
  additionalModelRequestFields?: Record<string, unknown>;
}

/** What a path in the request (as Bedrock names it in errors) came from in the .prompt file. */
export interface RequestSite {
  /** `system.2`, `messages.1.content.3`, `toolConfig.tools.4`. */
  path: string;
  kind: 'cachePoint' | 'text' | 'media' | 'tools' | 'history' | 'tool';
  /** Index into Analysis.cachePoints, when the request's points line up with the file's. */
  cachePointIndex?: number;
  /** 0-based source line, when known. */
  line?: number;
}
