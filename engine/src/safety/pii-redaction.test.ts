import { describe, expect, it } from 'vitest';
import { containsPersonalInfo, redactPersonalInfo, type PiiKind } from './pii-redaction.ts';

describe('redactPersonalInfo', () => {
  it.each<[string, string, PiiKind[]]>([
    // Emails.
    ['email me at kid.name+zoo@example.com', 'email me at [email]', ['email']],
    ['mi correo es ana_lopez@correo.es.', 'mi correo es [email].', ['email']],
    ['我的邮箱是xiaoming@qq.com', '我的邮箱是[email]', ['email']],
    // Phones.
    ['call me at (425) 555-0123', 'call me at [phone]', ['phone']],
    ['425-555-0123', '[phone]', ['phone']],
    ['425.555.0123!', '[phone]!', ['phone']],
    ['4255550123', '[phone]', ['phone']],
    ['+1 425 555 0123', '[phone]', ['phone']],
    ['1-800-555-0199', '[phone]', ['phone']],
    ['my number is 555-1234', 'my number is [phone]', ['phone']],
    ['+44 20 7946 0958', '[phone]', ['phone']],
    ['mi número es 612 345 678', 'mi número es [phone]', ['phone']],
    ['llámame al +34 612 34 56 78', 'llámame al [phone]', ['phone']],
    ['我的电话是13800138000', '我的电话是[phone]', ['phone']],
    ['我的手机 138 0013 8000', '我的手机 [phone]', ['phone']],
    ['+86 138-0013-8000', '[phone]', ['phone']],
    // Addresses.
    ['I live at 123 Main Street', 'I live at [address]', ['address']],
    ['742 Evergreen Terrace', '[address]', ['address']],
    ['my house is 55 n oak st apt 4', 'my house is [address]', ['address']],
    ['1600 Pennsylvania Avenue', '[address]', ['address']],
    ['vivo en calle Mayor 12', 'vivo en [address]', ['address']],
    ['Avenida de la Reforma 123, CDMX', '[address], CDMX', ['address']],
    ['我住在北京市朝阳区建国路88号', '我住在[address]', ['address']],
    ['我家在人民大街5号3单元', '我家在[address]', ['address']],
    // Names.
    ['My name is Emma Johnson and I like bears', 'My name is [name] and I like bears', ['name']],
    ['my full name is emma rose johnson', 'my full name is [name]', ['name']],
    ['Me llamo Ana García López', 'Me llamo [name]', ['name']],
    ['mi nombre es Juan de la Cruz', 'mi nombre es [name]', ['name']],
    ['我叫王小明，今年八岁', '我叫[name]，今年八岁', ['name']],
    ['我的名字是 李华', '我的名字是 [name]', ['name']],
    // URLs with a query string.
    ['see https://zoo.example/map?name=bob.', 'see [url].', ['url']],
    ['www.example.com/page#me', '[url]', ['url']],
    // Several at once.
    [
      'My name is Emma Stone, call 425-555-0123 or write emma@example.com',
      'My name is [name], call [phone] or write [email]',
      ['email', 'phone', 'name'],
    ],
  ])('%j -> %j', (input, text, found) => {
    expect(redactPersonalInfo(input)).toEqual({ text, found });
  });

  it.each([
    'I am 8 years old',
    'A porcupine has 30,000 quills',
    'Bears sleep for 100 days',
    'There are 1,000,000 ants',
    'My birthday is 2016-05-06',
    'I saw 3 bears on the way',
    'We drove 2 miles down the road',
    'it is 10 minutes to the court',
    'my name is Emma',
    'my name is emma and i like bears',
    'me llamo Ana y tengo 8 años',
    'la calle tiene 3 árboles',
    '我叫小',
    'visit cougarmountainzoo.org',
    'https://cougarmountainzoo.org/animals',
    'Lions sleep 20 hours a day',
    'I scored 98 in my test',
  ])('%j is left alone', (text) => {
    expect(redactPersonalInfo(text)).toEqual({ text, found: [] });
  });
});

describe('containsPersonalInfo', () => {
  it('is true when anything would be redacted', () => {
    expect(containsPersonalInfo('write to me at kid@example.com')).toBe(true);
    expect(containsPersonalInfo('我叫王小明')).toBe(true);
  });

  it('is false for ordinary chat', () => {
    expect(containsPersonalInfo('I am 8 years old and I love bears')).toBe(false);
  });
});
