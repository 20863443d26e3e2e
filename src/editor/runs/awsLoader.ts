/** Loads the AWS layer (its own bundle) on first use and keeps one client factory for the session. */
import type * as Aws from '../../aws/index';

export type AwsModule = typeof Aws;

let loading: Promise<AwsModule> | undefined;

export function loadAws(): Promise<AwsModule> {
  loading ??= import('../../aws/index');
  return loading;
}
