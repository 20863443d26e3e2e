// Types of scripts/bundlePlugins.mjs for the tests that bundle with it.
import type { Plugin } from 'esbuild';

export declare function besideBundle(name: string, filter: RegExp, file: string): Plugin;
export declare const externalRanks: Plugin;
export declare const lazyAwsCommands: Plugin;
export declare const lazyRedis: Plugin;
