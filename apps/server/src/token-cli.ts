import { parseArgs } from 'node:util';
import {
  apiTokenInputSchema,
  DomainError,
  ROLES,
  type Role,
  TOKEN_STATUS_LABELS,
  TOKEN_STATUSES,
  type TokenStatus,
  todayInChina,
} from '@jixiao/core';
import { type Actor, DataDirLockedError, openDatabase, runMigrations, SYSTEM_ACTOR } from '@jixiao/db';
import { type ApiTokenRow, issueApiToken, listApiTokens, revokeApiToken } from '@jixiao/db/auth';
import { createPluginRegistry } from '@jixiao/plugin-kit';
import { loadServerConfig } from './config.ts';

const USAGE = `用法：
  npm run token -- issue --user <用户编号> --name <令牌名称> [--roles 角色1,角色2] [--days 有效天数]
  npm run token -- issue --system <系统账号名称> --org <单位编号> --name <令牌名称> [--days 有效天数]
  npm run token -- list [--user <用户编号>] [--status ${TOKEN_STATUSES.join('|')}]
  npm run token -- revoke <令牌编号>
角色：${ROLES.values.map((r) => `${r}（${ROLES.labels[r]}）`).join('、')}`;

/** The command acts as the platform, under its own name in the audit. */
const COMMAND_ACTOR: Actor = { ...SYSTEM_ACTOR, name: '令牌命令（npm run token）' };

/** Which option each input field comes from, to name it in an error. */
const OPTION_OF: Record<string, string> = {
  name: '--name',
  userId: '--user',
  'systemAccount.name': '--system',
  'systemAccount.orgUnitId': '--org',
  roles: '--roles',
  expiresInDays: '--days',
};

class UsageError extends Error {}

function integer(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`参数 ${option}：必须是整数（收到“${value}”）`);
  return n;
}

function describeToken(t: ApiTokenRow): string {
  const roles = t.roles ? t.roles.map((r: Role) => ROLES.labels[r]).join('、') : '随用户的全部角色';
  return [
    `#${t.id}`,
    TOKEN_STATUS_LABELS[t.status],
    `「${t.name}」`,
    `${t.user.name}（${t.user.orgUnitName}${t.user.systemAccount ? '，系统账号' : ''}）`,
    `角色：${roles}`,
    `有效期至 ${t.expiresAt ? todayInChina(t.expiresAt) : '长期'}`,
    `最近使用 ${t.lastUsedAt ? todayInChina(t.lastUsedAt) : '从未'}`,
    `开头 ${t.prefix}`,
    t.revokedAt ? `已于 ${todayInChina(t.revokedAt)} 吊销` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

function issueInput(values: Record<string, string | undefined>) {
  const parsed = apiTokenInputSchema().safeParse({
    name: values.name,
    ...(values.user !== undefined ? { userId: integer(values.user, '--user') } : {}),
    ...(values.system !== undefined || values.org !== undefined
      ? { systemAccount: { name: values.system, orgUnitId: integer(values.org, '--org') } }
      : {}),
    ...(values.roles !== undefined ? { roles: values.roles.split(/[,，]/).map((r) => r.trim()) } : {}),
    ...(values.days !== undefined ? { expiresInDays: integer(values.days, '--days') } : {}),
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new UsageError(`参数 ${OPTION_OF[field] ?? field}：${issue?.message ?? '不合法'}`);
}

/** `npm run token -- issue|list|revoke …`: API tokens against the configured database, then exit. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      system: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      days: { type: 'string' },
      status: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || !['issue', 'list', 'revoke'].includes(command)) throw new UsageError(USAGE);
  const status = values.status as TokenStatus | undefined;
  if (status !== undefined && !TOKEN_STATUSES.includes(status))
    throw new UsageError(`参数 --status：只能是 ${TOKEN_STATUSES.join('、')}`);
  const revokeId = command === 'revoke' ? integer(rest[0], '令牌编号') : undefined;
  if (command === 'revoke' && revokeId === undefined) throw new UsageError(USAGE);
  const input = command === 'issue' ? issueInput(values) : undefined;

  const config = loadServerConfig();
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(
        `${err.message}\n服务器正在运行时，请通过接口管理令牌（财政管理员令牌）：\n  POST/GET http://127.0.0.1:${config.port}/api/v1/tokens，DELETE /api/v1/tokens/{id}`,
      );
      return 2;
    }
    throw err;
  }
  try {
    await runMigrations(handle);
    const platform = {
      db: handle.db,
      kind: handle.kind,
      // Tokens have nothing to do with fund types: no plugin is loaded.
      registry: createPluginRegistry([]),
      config: config.policy,
      now: () => new Date(),
    };
    if (input) {
      const { token, apiToken } = await issueApiToken(platform, COMMAND_ACTOR, input);
      console.log(`已签发：${describeToken(apiToken)}`);
      console.log('令牌（只显示这一次，请立即妥善保存；系统只保存其哈希）：');
      console.log(token);
    } else if (revokeId !== undefined) {
      console.log(`已吊销：${describeToken(await revokeApiToken(platform, COMMAND_ACTOR, revokeId))}`);
    } else {
      const rows = await listApiTokens(platform.db, COMMAND_ACTOR, {
        userId: integer(values.user, '--user'),
        status,
        limit: 1000,
        now: platform.now(),
      });
      console.log(rows.length ? rows.map(describeToken).join('\n') : '没有符合条件的令牌');
    }
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof DomainError) console.error(err.message);
    else console.error(`令牌命令失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
