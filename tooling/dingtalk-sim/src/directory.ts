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

  constructor(
    private readonly source: SimOptions['users'],
    private readonly robotCode: string,
    groups: SimOptions['groups'] = [],
  ) {
    for (const g of groups) {
      this.groupStates.set(g.conversationId, { title: g.title, members: new Set(g.memberUserIds ?? []) });
    }
  }

  /** The officials, fresh from the `users` option; a failing source becomes a 503 (e.g. the server is not up yet). */
  async users(): Promise<SimUser[]> {
    try {
      return [...(await this.source())];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SimHttpError(503, `无法获取官员列表：${reason}`);
    }
  }

  async findUser(userId: string): Promise<SimUser | undefined> {
    return (await this.users()).find((u) => u.userId === userId);
  }

  async findByUnionId(unionId: string): Promise<SimUser | undefined> {
    return (await this.users()).find((u) => u.unionId === unionId);
  }

  /** userIds for the given unionIds (unknown unionIds are skipped). */
  async userIdsOfUnionIds(unionIds: string[]): Promise<string[]> {
    const users = await this.users();
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
