import { describe, expect, it } from 'vitest';
import { ClientsFileError, loopbackClients, parseClientsFile } from './clients.js';

const SECRET = 'a-shared-secret-of-24-b';

describe('the clients file', () => {
  it('finds clients by address or prefix, first match first, with name and legacy', () => {
    const clients = parseClientsFile(
      [
        '# VPN concentrators',
        `10.1.2.3   ${SECRET}x name=vpn-1`,
        `10.1.0.0/16 ${SECRET}y legacy   # old Wi-Fi controllers`,
        `2001:db8::/32 ${SECRET}z name=v6`,
      ].join('\n'),
    );
    expect(clients.find('10.1.2.3')).toMatchObject({ name: 'vpn-1', legacy: false, secret: Buffer.from(`${SECRET}x`) });
    expect(clients.find('10.1.9.9')).toMatchObject({ name: '10.1.0.0/16', legacy: true });
    expect(clients.find('::ffff:10.1.9.9')).toMatchObject({ name: '10.1.0.0/16' });
    expect(clients.find('2001:db8::5')).toMatchObject({ name: 'v6' });
    expect(clients.find('10.2.0.1')).toBeNull();
  });

  it.each([
    ['10.0.0.1', /expected/],
    ['10.0.0.1 short', /at least 16 bytes/],
    [`10.0.0.300 ${SECRET}`, /not an IP address/],
    [`10.0.0.0/40 ${SECRET}`, /prefix/],
    [`10.0.0.1 ${SECRET} trusted`, /unknown option/],
    ['# nothing', /no clients/],
  ])('refuses %j naming the line', (text, message) => {
    expect(() => parseClientsFile(text, 'clients')).toThrow(ClientsFileError);
    expect(() => parseClientsFile(text, 'clients')).toThrow(message);
  });

  it('serves loopback clients alone with EA_RADIUS_SECRET', () => {
    const clients = loopbackClients(SECRET);
    expect(clients.find('127.0.0.1')).toMatchObject({ name: 'loopback', legacy: false });
    expect(clients.find('::1')).toMatchObject({ name: 'loopback' });
    expect(clients.find('192.168.1.1')).toBeNull();
  });
});
