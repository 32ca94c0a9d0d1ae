import { describe, expect, it } from 'vitest';
import { MemberTokens } from './member-token.ts';
import { checkNickname, friendlyNickname } from './nickname.ts';
import { joinQrSvg } from './room-qr.ts';

describe('nicknames', () => {
  it('accepts friendly nicknames and tidies spaces', () => {
    expect(checkNickname('  Tiger   fan ')).toBe('Tiger fan');
    expect(checkNickname('Maya')).toBe('Maya');
    expect(checkNickname('Brave Otter')).toBe('Brave Otter');
    expect(checkNickname('小熊猫', 'zh')).toBe('小熊猫');
  });

  it.each([
    'Emma Stone',
    'kid@example.com',
    '425-555-0123',
    'born 2015',
    'fuck',
    '<b>hi</b>',
    '',
    'x'.repeat(25),
  ])('refuses %j', (nickname) => {
    expect(() => checkNickname(nickname)).toThrow(
      expect.objectContaining({ code: 'CMZ_ERR_ROOM_NICKNAME_REJECTED' }),
    );
  });

  it('generates nicknames that pass its own check, in each language', () => {
    for (const locale of ['en', 'es', 'zh'] as const) {
      for (let index = 0; index < 30; index += 1) {
        const nickname = friendlyNickname(locale);
        expect(checkNickname(nickname, locale)).toBe(nickname);
      }
    }
  });
});

describe('member tokens', () => {
  it('proves a member of a room and nothing else', () => {
    const tokens = new MemberTokens('test-secret-0123456789');
    const token = tokens.issue('rm_1', 'rmm_2');
    expect(tokens.verify(token)).toEqual({ roomId: 'rm_1', memberId: 'rmm_2' });
    expect(tokens.verify(token.replace('rmm_2', 'rmm_3'))).toBeNull();
    expect(new MemberTokens('other-secret-0123456789').verify(token)).toBeNull();
    expect(tokens.verify('garbage')).toBeNull();
  });
});

describe('join QR code', () => {
  it('renders SVG markup', async () => {
    const svg = await joinQrSvg('/join/K7QX2M');
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
