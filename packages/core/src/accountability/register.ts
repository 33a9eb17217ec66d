/**
 * 责任登记 (seed §十五: 部门和单位主要负责同志对本部门本单位预算绩效负责，项目责任人对项目预算绩效负责，对重大项目
 * 的责任人实行绩效终身责任追究制): who answered for an item, or a department, on any date. The
 * current holder comes from the record itself; every change of holder is a handover that keeps the
 * earlier holder answerable for the earlier period.
 */
export interface Handover {
  fromName: string;
  toName: string;
  /** YYYY-MM-DD: the first day the new holder answers. */
  effectiveOn: string;
  reason: string;
}

export interface HolderPeriod {
  name: string;
  /** First day answerable (null: since the record began). */
  from: string | null;
  /** Last day answerable (null: still). */
  to: string | null;
}

const dayBefore = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** Every holder in order with the period they answered for, from the handovers and the current holder. */
export function holderPeriods(current: string, handovers: readonly Handover[]): HolderPeriod[] {
  const sorted = [...handovers].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
  const periods: HolderPeriod[] = [];
  let from: string | null = null;
  for (const h of sorted) {
    periods.push({ name: h.fromName, from, to: dayBefore(h.effectiveOn) });
    from = h.effectiveOn;
  }
  periods.push({ name: sorted.at(-1)?.toName ?? current, from, to: null });
  return periods;
}

/** Who answered on `date` (YYYY-MM-DD). */
export function holderOn(current: string, handovers: readonly Handover[], date: string): HolderPeriod {
  const periods = holderPeriods(current, handovers);
  return (
    periods.find((p) => (p.from === null || p.from <= date) && (p.to === null || date <= p.to)) ??
    (periods.at(-1) as HolderPeriod)
  );
}
