import { describe, expect, it } from 'vitest';
import { createDynamoClients, resolveDynamoEndpoint } from './dynamo-client.ts';

describe('dynamo clients', () => {
  it('uses dummy credentials and us-west-2 for a loopback endpoint', async () => {
    const { client, document } = createDynamoClients({
      endpoint: 'http://127.0.0.1:4567',
      environment: { AWS_REGION: 'eu-central-1' },
    });
    expect(await client.config.region()).toBe('us-west-2');
    const credentials = await client.config.credentials();
    expect(credentials.accessKeyId).toBe('embedded');
    expect(document.config.translateConfig?.marshallOptions).toEqual({
      removeUndefinedValues: true,
      convertClassInstanceToMap: false,
    });
    client.destroy();
  });

  it('uses the configured region and the default credential chain otherwise', async () => {
    const { client } = createDynamoClients({
      endpoint: 'https://dynamodb.example.internal',
      environment: { AWS_DEFAULT_REGION: 'eu-west-1' },
    });
    expect(await client.config.region()).toBe('eu-west-1');
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe('dynamodb.example.internal');
    client.destroy();
    const regional = createDynamoClients({ environment: {} });
    expect(await regional.client.config.region()).toBe('us-west-2');
    regional.client.destroy();
    const explicit = createDynamoClients({ region: 'ap-south-1', endpoint: 'not a url' });
    expect(await explicit.client.config.region()).toBe('ap-south-1');
    explicit.client.destroy();
  });

  it('resolves the endpoint from DYNAMODB_ENDPOINT or the original DYNAMODB_ENDPOINT_URL', () => {
    expect(resolveDynamoEndpoint({ DYNAMODB_ENDPOINT: 'http://localhost:8000' })).toBe(
      'http://localhost:8000',
    );
    expect(resolveDynamoEndpoint({ DYNAMODB_ENDPOINT_URL: 'http://localhost:8001' })).toBe(
      'http://localhost:8001',
    );
    expect(resolveDynamoEndpoint({ DYNAMODB_ENDPOINT: '' })).toBeUndefined();
    expect(resolveDynamoEndpoint({})).toBeUndefined();
    expect(typeof resolveDynamoEndpoint()).toMatch(/string|undefined/);
  });
});
