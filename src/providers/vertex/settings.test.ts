import { describe, expect, it } from 'vitest';
import { createTestServiceAccount } from '../../../test/fake-upstreams/google-token-endpoint.js';
import type { ProviderKey } from '../contract.js';
import { checkVertexKey, readVertexKey, vertexDirectKey } from './settings.js';

const serviceAccount = createTestServiceAccount('https://oauth2.googleapis.com/token');
const key = (config: unknown, value = ''): ProviderKey => ({ value, models: [], weight: 1, ...(config === undefined ? {} : { vertex_key_config: config }) });
const valid = { project_id: 'my-project', region: 'us-central1', auth_credentials: serviceAccount.credentials };

describe('checkVertexKey', () => {
  it('accepts project_id, region and a service account key given as a string or an object', () => {
    expect(checkVertexKey(key(valid))).toEqual([]);
    expect(checkVertexKey(key({ ...valid, auth_credentials: serviceAccount.json }))).toEqual([]);
  });

  it('names each missing field by its path', () => {
    expect(checkVertexKey(key(undefined))).toEqual([expect.stringMatching(/^vertex_key_config: required/)]);
    expect(checkVertexKey(key({}))).toEqual([
      expect.stringMatching(/^vertex_key_config\.project_id: required/),
      expect.stringMatching(/^vertex_key_config\.region: required/),
      expect.stringMatching(/^vertex_key_config\.auth_credentials: required/),
    ]);
  });

  it('says what is wrong with the service account key', () => {
    expect(checkVertexKey(key({ ...valid, auth_credentials: '{oops' }))).toEqual([expect.stringMatching(/^vertex_key_config\.auth_credentials: not valid JSON/)]);
    expect(checkVertexKey(key({ ...valid, auth_credentials: { type: 'service_account', private_key: 'x' } }))).toEqual([
      expect.stringMatching(/^vertex_key_config\.auth_credentials: client_email: required/),
    ]);
    expect(checkVertexKey(key({ ...valid, auth_credentials: { ...serviceAccount.json, private_key: 'nope' } }))).toEqual([
      expect.stringMatching(/^vertex_key_config\.auth_credentials: private_key: not a readable PEM/),
    ]);
  });

  it('refuses a project or region that cannot go into a URL path', () => {
    expect(checkVertexKey(key({ ...valid, project_id: 'My Project/..' }))).toEqual([expect.stringMatching(/^vertex_key_config\.project_id: 'My Project\/\.\.' is not/)]);
    expect(checkVertexKey(key({ ...valid, region: 'us central' }))).toEqual([expect.stringMatching(/^vertex_key_config\.region: 'us central' is not/)]);
  });

  it('takes the key value as a ready access token when auth_credentials is absent', () => {
    const { auth_credentials: _, ...withoutCredentials } = valid;
    expect(checkVertexKey(key(withoutCredentials, 'ya29.token'))).toEqual([]);
    expect(readVertexKey('vertex', key(withoutCredentials, 'ya29.token'))).toMatchObject({ account: undefined, accessToken: 'ya29.token' });
  });
});

describe('readVertexKey', () => {
  it('reads the settings once per key object', () => {
    const configured = key(valid);
    const first = readVertexKey('vertex', configured);
    expect(first).toMatchObject({ projectId: 'my-project', region: 'us-central1', account: { clientEmail: serviceAccount.json.client_email } });
    expect(readVertexKey('vertex', configured)).toBe(first);
    configured.vertex_key_config = { ...valid, region: 'europe-west4' };
    expect(readVertexKey('vertex', configured).region).toBe('europe-west4');
  });

  it('fails an unusable key as a credential error naming its problems', () => {
    expect(() => readVertexKey('vertex', { ...key({ region: 'us-central1' }), name: 'k9' })).toThrow(
      expect.objectContaining({ code: 'provider_auth_failed', failureClass: 'credential', message: expect.stringContaining("key 'k9' is not usable: vertex_key_config.project_id") }),
    );
  });
});

describe('vertexDirectKey', () => {
  it('takes the caller’s access token with the project and region of the configured key, never its service account', () => {
    const direct = vertexDirectKey('ya29.caller', key(valid));
    expect(direct.vertex_key_config).toEqual({ project_id: 'my-project', region: 'us-central1' });
    expect(readVertexKey('vertex', direct)).toMatchObject({ projectId: 'my-project', region: 'us-central1', account: undefined, accessToken: 'ya29.caller' });
  });
});
