import { describe, expect, it } from 'vitest';
import { useRestServers } from '../testing/rest-servers.ts';
import { askOverSocket } from '../testing/socket-question.ts';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';

const { started, sharedStores } = useRestServers();

async function ask(rest: RestTestServer, animalId: string, text: string) {
  const { sent, reply } = await askOverSocket(rest, animalId, text);
  expect(sent).toMatchObject({ ok: true });
  return reply?.end;
}

const article = {
  title: 'My favourite enrichment toy',
  body: 'My favourite toy is a giant pumpkin filled with frozen meat treats. I roll it around for hours!',
  tags: ['pumpkin', 'toy', 'enrichment', 'favourite'],
  visibility: 'public',
  animalId: 'leo',
};

describe('knowledge articles become fact cards', () => {
  it('a zookeeper adds an article; the animal cites it in its next answer; deleting it removes it', async () => {
    const rest = await started();
    const keeper = await rest.signIn('zookeeper@cmz.org');
    const question = 'What is your favourite pumpkin toy?';
    const before = await ask(rest, 'leo', question);
    expect(before?.citations.map((citation) => citation.title)).not.toContain(article.title);

    const created = await rest.call('POST', '/knowledge_article', { token: keeper, body: article });
    expect(created.status).toBe(201);
    const stored = created.body as {
      knowledgeId: string;
      created: { at: string };
      softDelete: boolean;
    };
    expect(stored).toMatchObject({ ...article, softDelete: false });
    const fetched = await rest.call('GET', `/knowledge_article?knowledgeId=${stored.knowledgeId}`, {
      token: keeper,
    });
    expect(fetched).toMatchObject({ status: 200, body: { knowledgeId: stored.knowledgeId } });

    const after = await ask(rest, 'leo', question);
    expect(after?.citations.map((citation) => citation.title)).toContain(article.title);
    expect(after?.text).toMatch(/pumpkin/i);

    const listed = await rest.call('GET', '/animal/leo/fact_cards', { token: keeper });
    const cards = (
      listed.body as { cards: { title: string; source: string; knowledgeId?: string }[] }
    ).cards;
    expect(cards.find((card) => card.title === article.title)).toMatchObject({
      source: 'article',
      knowledgeId: stored.knowledgeId,
    });
    expect(cards.some((card) => card.source === 'content')).toBe(true);

    const deleted = await rest.call(
      'DELETE',
      `/knowledge_article?knowledgeId=${stored.knowledgeId}`,
      {
        token: keeper,
      },
    );
    expect(deleted.status).toBe(204);
    const gone = await ask(rest, 'leo', question);
    expect(gone?.citations.map((citation) => citation.title)).not.toContain(article.title);
    expect(
      (
        await rest.call('GET', `/knowledge_article?knowledgeId=${stored.knowledgeId}`, {
          token: keeper,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await rest.call('DELETE', `/knowledge_article?knowledgeId=${stored.knowledgeId}`, {
          token: keeper,
        })
      ).status,
    ).toBe(404);
  });

  it('keeps staff-only articles and other languages where they belong', async () => {
    const rest = await started();
    const admin = await rest.signIn('test@cmz.org');
    const staff = await rest.call('POST', '/knowledge_article', {
      token: admin,
      body: {
        ...article,
        title: 'Vet note',
        body: 'Pumpkin toy checked by the vet.',
        visibility: 'staff',
      },
    });
    expect(staff.status).toBe(201);
    const spanish = await rest.call('POST', '/knowledge_article', {
      token: admin,
      body: {
        ...article,
        title: 'Mi juguete favorito',
        body: 'Mi juguete favorito es una calabaza gigante.',
        tags: ['calabaza', 'juguete', 'locale:es'],
      },
    });
    expect(spanish.status).toBe(201);
    const english = await rest.call('GET', '/animal/leo/fact_cards?locale=en', { token: admin });
    const es = await rest.call('GET', '/animal/leo/fact_cards?locale=es', { token: admin });
    const titles = (response: { body: unknown }) =>
      (response.body as { cards: { title: string }[] }).cards.map((card) => card.title);
    expect(titles(english)).not.toContain('Vet note');
    expect(titles(english)).not.toContain('Mi juguete favorito');
    expect(titles(es)).toContain('Mi juguete favorito');
  });

  it('validates at the edge and lets only zookeepers and admins in', async () => {
    const rest = await started();
    const keeper = await rest.signIn('zookeeper@cmz.org');
    const educator = await rest.signIn('educator@cmz.org');
    const post = (token: string | undefined, body: unknown) =>
      rest.call('POST', '/knowledge_article', { ...(token ? { token } : {}), body });
    expect((await post(undefined, article)).status).toBe(401);
    expect((await post(educator, article)).status).toBe(403);
    expect((await post(keeper, { ...article, title: undefined })).status).toBe(400);
    expect((await post(keeper, { ...article, title: '   ' })).status).toBe(400);
    expect((await post(keeper, { ...article, body: 'x'.repeat(4001) })).status).toBe(400);
    expect((await post(keeper, { ...article, visibility: 'everyone' })).status).toBe(400);
    const unknown = await post(keeper, { ...article, animalId: 'unicorn' });
    expect(unknown).toMatchObject({ status: 400, body: { details: { missingIds: ['unicorn'] } } });
    expect(
      (await rest.call('GET', '/knowledge_article?knowledgeId=bad%20id', { token: keeper })).status,
    ).toBe(400);
    expect((await rest.call('GET', '/animal/leo/fact_cards', { token: educator })).status).toBe(
      403,
    );
    expect((await rest.call('GET', '/animal/unicorn/fact_cards', { token: keeper })).status).toBe(
      404,
    );
    expect(
      (await rest.call('GET', '/animal/leo/fact_cards?locale=fr', { token: keeper })).status,
    ).toBe(400);
  });

  it('reaches the next answer on every node through Redis', async () => {
    const environment = await sharedStores();
    const nodeA = await started({ environment });
    const nodeB = await started({ environment });
    const keeper = await nodeA.signIn('zookeeper@cmz.org');
    const created = await nodeA.call('POST', '/knowledge_article', {
      token: keeper,
      body: article,
    });
    expect(created.status).toBe(201);
    await expect
      .poll(
        async () =>
          (await ask(nodeB, 'leo', 'What is your favourite pumpkin toy?'))?.citations.map(
            (citation) => citation.title,
          ),
        { timeout: 10_000 },
      )
      .toContain(article.title);
  });
});
