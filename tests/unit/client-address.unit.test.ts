import { describe, expect, it } from 'vitest';
import { clientAddressOf, trustedProxies } from '../../site/src/lib/client-address.ts';

describe('client address for throttling (X-Forwarded-For only from TRUST_PROXY)', () => {
  const proxies = trustedProxies({ TRUST_PROXY: '10.0.0.1, ::ffff:10.0.0.2' });

  it('ignores X-Forwarded-For from anyone else', () => {
    expect(clientAddressOf('198.51.100.9', '203.0.113.1', new Set())).toBe('198.51.100.9');
    expect(clientAddressOf('198.51.100.9', '203.0.113.1', proxies)).toBe('198.51.100.9');
    expect(clientAddressOf('::ffff:127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
  });

  it('from a trusted proxy, takes the right-most address that is not a proxy', () => {
    // The client wrote "1.1.1.1" itself; the proxy appended the address it saw.
    expect(clientAddressOf('10.0.0.1', '1.1.1.1, 203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(clientAddressOf('10.0.0.2', '203.0.113.5, 10.0.0.1', proxies)).toBe('203.0.113.5');
    expect(clientAddressOf('10.0.0.1', undefined, proxies)).toBe('10.0.0.1');
  });
});
