import { describe, expect, it } from 'vitest';
import { Directory } from '../src/directory.ts';
import type { SimUser } from '../src/types.ts';

const official = (userId: string): SimUser => ({
  userId,
  unionId: `union-${userId}`,
  name: `官员${userId}`,
  orgName: '市财政局',
  roleLabel: '部门经办人',
});

function countingSource(users: SimUser[]) {
  const source = {
    reads: 0,
    users,
    read: async () => {
      source.reads++;
      return [...source.users];
    },
  };
  return source;
}

describe('the simulator directory', () => {
  it('reads the officials once for a burst of lookups', async () => {
    const source = countingSource([official('u1'), official('u2')]);
    const directory = new Directory(source.read, 'robot', [], 60_000);
    await Promise.all([directory.users(), directory.findUser('u1'), directory.knownUserIds(['u1', 'u2'])]);
    expect(source.reads).toBe(1);
  });

  it('finds an official added after the list was read, at once', async () => {
    const source = countingSource([official('u1')]);
    const directory = new Directory(source.read, 'robot', [], 60_000);
    await directory.users();
    source.users.push(official('u9'));
    expect((await directory.findUser('u9'))?.name).toBe('官员u9');
    expect([...(await directory.knownUserIds(['u1', 'u9']))].sort()).toEqual(['u1', 'u9']);
    expect(await directory.userIdsOfUnionIds(['union-u9'])).toEqual(['u9']);
  });

  it('reports a failing source as 503 and tries again on the next call', async () => {
    let fail = true;
    const directory = new Directory(
      async () => {
        if (fail) throw new Error('数据库未就绪');
        return [official('u1')];
      },
      'robot',
      [],
      60_000,
    );
    await expect(directory.users()).rejects.toMatchObject({ status: 503 });
    fail = false;
    expect((await directory.users()).map((u) => u.userId)).toEqual(['u1']);
  });
});
