import type { LibraryRange, PolicyConfig } from '@jixiao/core';
import type { DemoCity, DemoItem, DemoOrg, DemoUser } from './generate.ts';
import type { Random } from './random.ts';
import type { DemoInstitution } from './workflows.ts';

/** The generated city before its workflows are planned. */
export type CityPlan = Omit<DemoCity, 'workflows'>;

export const pad = (n: number) => String(n).padStart(2, '0');
export const CRITERIA_MET = {
  specific: { met: true },
  quantified: { met: true },
  feasible: { met: true },
  matched: { met: true },
};

/** Who does what in the demo: the officer of an org, the finance admin of a region, the evaluator of an institution. */
export class People {
  constructor(private readonly city: CityPlan) {}

  officer(orgKey: string): DemoUser {
    const own = this.city.users.filter(
      (u) =>
        u.orgKey === orgKey &&
        (u.roles.includes('dept_officer') ||
          u.roles.includes('unit_officer') ||
          u.roles.includes('finance_admin')),
    );
    return (own.at(-1) ?? this.city.users[0]) as DemoUser;
  }

  financeAdmin(regionKey: string): DemoUser {
    return (this.city.users.find(
      (u) => u.orgKey === `FIN-${regionKey}` && u.roles.includes('finance_admin'),
    ) ?? this.city.users.find((u) => u.roles.includes('finance_admin'))) as DemoUser;
  }

  evaluator(orgKey: string): DemoUser {
    return this.city.users.find((u) => u.orgKey === orgKey) as DemoUser;
  }
}

export function orgOf(city: CityPlan, key: string): DemoOrg {
  return city.orgs.find((o) => o.key === key) as DemoOrg;
}

/** The department an item belongs to (a unit's parent). */
export function departmentOf(city: CityPlan, item: DemoItem): DemoOrg {
  const org = orgOf(city, item.orgKey);
  return org.parentKey ? orgOf(city, org.parentKey) : org;
}

export function eventOn(item: DemoItem, action: string): string | null {
  return item.events.find((e) => e.action === action)?.on ?? null;
}

export const daysBefore = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

export const CONSTRUCTION = /建设|改造|改扩建|整治|治理|加固|工程|更新/;

export interface PlanContext {
  city: CityPlan;
  config: PolicyConfig;
  rng: Random;
  people: People;
  institutions: DemoInstitution[];
  libraryRanges: Map<number, LibraryRange>;
  libraryIds: Map<string, number>;
}
