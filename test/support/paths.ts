// Where tests find the repository's own files, so a test file can move without its paths breaking.
import { join } from 'node:path';

/** The repository's root folder (this file is test/support/paths.ts). */
export const REPO_ROOT = join(__dirname, '..', '..');
