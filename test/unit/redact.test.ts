import { describe, expect, it } from 'vitest';
import { maskSecrets, redactHeaders, redactUrl, registerSecrets } from '../../harness/redact.ts';

describe('redaction', () => {
  registerSecrets(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);
  it('keeps the evidence of an Authorization header but not its signature', () => {
    const h = redactHeaders({
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123',
      'X-Amz-Security-Token': 'token',
      'x-amz-date': '20261121T000000Z',
    });
    expect(h.authorization).toBe('AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=(redacted)');
    expect(h['x-amz-security-token']).toBe('(redacted)');
    expect(redactHeaders({ authorization: 'AWS AKID:c2lnbmF0dXJl' }).authorization).toBe('AWS AKID:(redacted)');
  });
  it('removes signatures from presigned URLs', () => {
    expect(redactUrl('http://h/b/k?X-Amz-Credential=AKID%2F1&X-Amz-Signature=abc&x=1')).toBe('http://h/b/k?X-Amz-Credential=(redacted)&X-Amz-Signature=(redacted)&x=1');
    expect(redactUrl('http://h/b/k?AWSAccessKeyId=AK&Signature=abc&Expires=1')).toBe('http://h/b/k?AWSAccessKeyId=(redacted)&Signature=(redacted)&Expires=1');
  });
  it('masks registered secrets anywhere', () => {
    expect(maskSecrets('key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in a message')).toBe('key *** in a message');
  });
});

describe('evidence excerpts', () => {
  it('mask a signature the endpoint echoes back', async () => {
    const { excerpt } = await import('../../harness/evidence.ts');
    const body = '<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>0123abcd</SignatureProvided><StringToSign>x</StringToSign></Error>';
    expect(excerpt(body)).toBe('<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>(redacted)</SignatureProvided><StringToSign>x</StringToSign></Error>');
  });
});
