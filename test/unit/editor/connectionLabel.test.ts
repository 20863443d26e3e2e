import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionLabel } from '../../../src/editor/connectionLabel';

test('the status bar text itself says when calls go to a local emulator or a custom endpoint', () => {
  const base = { profile: 'dev', region: 'us-east-1', endpoint: '', failed: false };
  assert.deepEqual(connectionLabel(base), { text: '$(cloud) dev · us-east-1', tooltip: 'Calls go to Amazon Bedrock in us-east-1: click to choose a profile, region or model.', custom: false });
  const local = connectionLabel({ ...base, endpoint: 'http://127.0.0.1:8080' });
  assert.equal(local.text, '$(beaker) local endpoint 127.0.0.1:8080');
  assert.match(local.tooltip, /simulates Bedrock: no AWS account/);
  assert.equal(connectionLabel({ ...base, endpoint: 'http://localhost:9000/' }).text, '$(beaker) local endpoint localhost:9000');
  assert.equal(connectionLabel({ ...base, endpoint: 'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com' }).text, '$(cloud) dev · us-east-1 · via vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com');
  assert.equal(connectionLabel({ ...base, profile: '' }).text, '$(cloud) default · us-east-1');
});
