import { describe, expect, it } from 'vitest';
import { AI_HONESTY_INSTRUCTION, aiDisclosureReply, isAskingIfAi } from './ai-disclosure.ts';

describe('isAskingIfAi', () => {
  it.each([
    'Are you real?',
    'are you REALLY a bear?',
    'Are you actually a cougar or not?',
    'Is this a real lion?',
    'is this the real Bella?',
    'Is this really you?',
    'Are you alive?',
    'are you still alive',
    'Are you a robot?',
    'r u a bot',
    'Are you an AI?',
    'are you A.I.?',
    'Are you a computer?',
    'Are you a person?',
    'are you human',
    'Are you a chatbot?',
    'are you chatgpt',
    'Who is typing?',
    "Who's typing this?",
    'who is really answering',
    'Is a zookeeper typing?',
    'Am I talking to a robot?',
    'am i chatting with a real bear',
    'Who am I talking to?',
    "You're a robot!",
    'you are not real',
    "you aren't real",
    'How can you type?',
    'can bears really type',
    '¿Eres real?',
    '¿eres un robot?',
    '¿Eres una inteligencia artificial?',
    '¿Eres una IA?',
    '¿eres tú de verdad?',
    '¿Estás vivo?',
    '¿Eres un oso de verdad?',
    '¿Es un león real?',
    '¿Quién está escribiendo?',
    '¿Hablo con una persona?',
    '¿Es esto un robot?',
    '¿Cómo puedes escribir?',
    '你是真的吗',
    '你是真的熊吗？',
    '你是机器人吗',
    '你是不是机器人',
    '你是人工智能吗',
    '你是AI吗',
    '你是 ai 吗？',
    '你是人吗？',
    '你还活着吗',
    '是谁在打字？',
    '我在和机器人聊天吗',
    '这是真的狮子吗',
    '这是机器人吗',
    '你怎么会打字？',
  ])('%j asks about being an AI', (text) => {
    expect(isAskingIfAi(text)).toBe(true);
  });

  it.each([
    'Do you really eat fish?',
    'What is real food for you?',
    'Are you hungry?',
    'Are you a bear?',
    'Are you really big?',
    'Are you a good swimmer?',
    'Are you the biggest bear in the zoo?',
    'Is it really true that bears sleep all winter?',
    'Who is your best friend?',
    'What do you eat?',
    'Can you climb trees?',
    'Are you a girl or a boy?',
    '¿De verdad comes pescado?',
    '¿Eres grande?',
    '¿Qué comes?',
    '¿Quién es tu mejor amigo?',
    '你真的吃鱼吗？',
    '你是什么动物？',
    '你喜欢吃什么？',
    '熊冬眠是真的吗？',
    '你是人类的朋友吗？',
    '这是真的吗？',
  ])('%j is an ordinary question', (text) => {
    expect(isAskingIfAi(text)).toBe(false);
  });
});

describe('aiDisclosureReply', () => {
  const bella = { name: 'Bella', species: 'black bear' };

  it('says truthfully in English that it is the zoo AI voice of the real animal', () => {
    const reply = aiDisclosureReply(bella, 'en');
    expect(reply).toContain("I'm the zoo's AI voice of Bella the black bear");
    expect(reply).toContain('computer program');
    expect(reply).toContain('Cougar Mountain Zoo');
    expect(reply).toContain('the real Bella, who lives right here at the zoo');
    expect(reply).toMatch(/can't type/);
    expect(reply.trim().endsWith('?')).toBe(true);
  });

  it('says the same in Spanish and Chinese', () => {
    const spanish = aiDisclosureReply(bella, 'es');
    expect(spanish).toContain('inteligencia artificial');
    expect(spanish).toContain('programa de computadora');
    expect(spanish).toContain('Bella');
    expect(spanish).toContain('vive aquí mismo en el zoológico');
    expect(spanish.endsWith('?')).toBe(true);
    const chinese = aiDisclosureReply(bella, 'zh');
    expect(chinese).toContain('人工智能');
    expect(chinese).toContain('电脑程序');
    expect(chinese).toContain('真正的Bella');
    expect(chinese.endsWith('？')).toBe(true);
  });

  it('never claims to be a human or the animal typing', () => {
    for (const locale of ['en', 'es', 'zh'] as const) {
      expect(aiDisclosureReply(bella, locale)).not.toMatch(
        /I am a (?:person|human)|soy una persona/,
      );
    }
  });
});

describe('AI_HONESTY_INSTRUCTION', () => {
  it('tells the model to stay in character but be truthful about being the zoo AI', () => {
    expect(AI_HONESTY_INSTRUCTION).toContain('stay in character');
    expect(AI_HONESTY_INSTRUCTION).toContain("Cougar Mountain Zoo's AI voice");
    expect(AI_HONESTY_INSTRUCTION).toContain('Never claim to be a human');
    expect(AI_HONESTY_INSTRUCTION).toContain('real animal typing');
  });
});
