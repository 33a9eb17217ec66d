/** Who exists: the officials (from the `users` option) and the group conversations the robot is in. */
import { SimHttpError } from './http.ts';
import { stableConversationId } from './ids.ts';
import type { SimGroup, SimOptions, SimUser } from './types.ts';

const DEFAULT_GROUP_TITLE = '绩效通工作群';

interface GroupState {
  title: string;
  members: Set<string>;
}

export class Directory {
  private readonly groupStates = new Map<string, GroupState>();
  private cache: { at: number; users: Promise<SimUser[]> } | null = null;

  constructor(
    private readonly source: SimOptions['users'],
    private readonly robotCode: string,
    groups: SimOptions['groups'] = [],
    private readonly cacheMs = 1000,
  ) {
    for (const g of groups) {
      this.groupStates.set(g.conversationId, { title: g.title, members: new Set(g.memberUserIds ?? []) });
    }
  }

  /**
   * The officials from the `users` option, re-read at most every `cacheMs` (real DingTalk's directory
   * does not follow our database either); lookups that miss re-read it at once. A failing source
   * becomes a 503 (e.g. the server is not up yet).
   */
  async users(fresh = false): Promise<SimUser[]> {
    const now = Date.now();
    if (fresh || !this.cache || now - this.cache.at > this.cacheMs) {
      const loading = this.load();
      this.cache = { at: now, users: loading };
      loading.catch(() => {
        if (this.cache?.users === loading) this.cache = null;
      });
    }
    return [...(await this.cache.users)];
  }

  private async load(): Promise<SimUser[]> {
    try {
      return [...(await this.source())];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SimHttpError(503, `无法获取官员列表：${reason}`);
    }
  }

  async findUser(userId: string): Promise<SimUser | undefined> {
    const find = (users: SimUser[]) => users.find((u) => u.userId === userId);
    return find(await this.users()) ?? find(await this.users(true));
  }

  async findByUnionId(unionId: string): Promise<SimUser | undefined> {
    const find = (users: SimUser[]) => users.find((u) => u.unionId === unionId);
    return find(await this.users()) ?? find(await this.users(true));
  }

  /** Which of these userIds exist. */
  async knownUserIds(userIds: readonly string[]): Promise<Set<string>> {
    let known = new Set((await this.users()).map((u) => u.userId));
    if (userIds.some((id) => !known.has(id))) known = new Set((await this.users(true)).map((u) => u.userId));
    return known;
  }

  /** userIds for the given unionIds (unknown unionIds are skipped). */
  async userIdsOfUnionIds(unionIds: string[]): Promise<string[]> {
    let users = await this.users();
    if (unionIds.some((id) => !users.some((u) => u.unionId === id))) users = await this.users(true);
    return unionIds.flatMap((id) => users.filter((u) => u.unionId === id).map((u) => u.userId));
  }

  /** The 1:1 conversation between an official and the robot (stable per robot and official). */
  singleChatId(userId: string): string {
    return stableConversationId(`${this.robotCode}/single/${userId}`);
  }

  /** Registers (or updates) a group and adds a member; returns its title. */
  joinGroup(conversationId: string, userId: string, title?: string): string {
    const existing = this.groupStates.get(conversationId);
    if (existing) {
      if (title) existing.title = title;
      existing.members.add(userId);
      return existing.title;
    }
    const state = { title: title || DEFAULT_GROUP_TITLE, members: new Set([userId]) };
    this.groupStates.set(conversationId, state);
    return state.title;
  }

  group(conversationId: string): SimGroup | undefined {
    const state = this.groupStates.get(conversationId);
    if (!state) return undefined;
    return { conversationId, title: state.title, memberUserIds: [...state.members] };
  }

  groups(): SimGroup[] {
    return [...this.groupStates.keys()].flatMap((id) => {
      const g = this.group(id);
      return g ? [g] : [];
    });
  }
}
