/**
 * What a run's request looked like (by hashes, never its text) and the verdict on its cache
 * behaviour: what Bedrock read against what the earlier runs say it could have read, and why not.
 * Plain data, shared by the run path that computes it, the history that keeps it, the CLI that
 * prints it and the panel that shows it.
 */
import type { CacheTtl } from './usageRecord';

export type RequestField = 'tools' | 'system' | 'messages';

/** One content block of the request as sent, in Bedrock's order (tools → system → messages). */
export interface FingerprintBlock {
  field: RequestField;
  /** Request path, e.g. `messages.0.content.2`. */
  path: string;
  kind: 'text' | 'media' | 'tool' | 'other';
  /** SHA-256 (hex, shortened) of the block's canonical JSON, media by the hash of its bytes. */
  hash: string;
  /** The same with every run of whitespace made one space: equal when only whitespace changed. */
  looseHash: string;
  /** 0-based template line the block comes from, when known. */
  line?: number;
  /** Variables rendered into it (with the 0-based line of their first use) and partials included in it. */
  vars?: { name: string; line?: number }[];
  partials?: string[];
  /** A tool definition's name (names are not secret and make "tool `lookup` edited" possible). */
  toolName?: string;
}

export interface FingerprintPoint {
  /** How many content blocks come before the point: its prefix is blocks[0..boundary). */
  boundary: number;
  ttl: CacheTtl;
  /** 0-based template line of the `{{cachePoint}}`, when known. */
  line?: number;
}

export interface RequestFingerprint {
  version: 1;
  /** The model ID as sent (an inference profile ID for Claude 4.x). */
  model: string;
  region: string;
  /** Who paid: the profile or key kind; entries are never shared across accounts. */
  account: string;
  blocks: FingerprintBlock[];
  points: FingerprintPoint[];
  /** Each input's value by hash; short scalar values also as text, to say what changed. */
  inputs: Record<string, { hash: string; value?: string }>;
}

export type CacheVerdict = 'first' | 'hit' | 'partial' | 'miss' | 'uncached';

export type CacheReasonCode = 'prefix-changed' | 'ttl-expired' | 'model-changed' | 'region-changed' | 'profile-changed'
  | 'below-minimum' | 'too-far-back' | 'implicit-read' | 'unknown';

export interface CacheReason {
  code: CacheReasonCode;
  /** 1-based template line, as editors and the CLI show it. */
  line?: number;
  field?: RequestField;
  detail: string;
}

export interface CacheCheck {
  verdict: CacheVerdict;
  /** Tokens the earlier runs say Bedrock should have read (0 when nothing live matched). */
  expectedReadTokens: number;
  /** Tokens Bedrock reported as read. */
  readTokens: number;
  reasons: CacheReason[];
}
