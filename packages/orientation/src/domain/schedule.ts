// Time rules of an open orientation, pure (the clock is injected by the caller).

export interface ScheduleConfig {
  /** A reminder to the structure every this many days without an answer. */
  reminderEveryDays: number;
  /** Expiry without any answer. */
  expireAfterDays: number;
  /** Expiry once the structure put it "à l'étude" (counted from creation too). */
  expireAfterDaysStudied: number;
  /** Personal fields blanked this many days after the orientation closed. */
  anonymiseAfterDays: number;
  /** Life of the structure's link; a new one is sent with each reminder or on request. */
  structureLinkDays: number;
}

export const DEFAULT_SCHEDULE: ScheduleConfig = Object.freeze({
  reminderEveryDays: 10,
  expireAfterDays: 30,
  expireAfterDaysStudied: 60,
  anonymiseAfterDays: 730,
  structureLinkDays: 8,
});

export const DAY_MS = 86_400_000;

export function expiresAt(createdAt: Date, studied: boolean, c: ScheduleConfig = DEFAULT_SCHEDULE): Date {
  return new Date(createdAt.getTime() + (studied ? c.expireAfterDaysStudied : c.expireAfterDays) * DAY_MS);
}

/**
 * The reminder period due now (1 = first reminder, at 10 days), or 0 when none is due. Only the
 * latest period counts: a site stopped for 25 days sends one reminder, not two.
 */
export function reminderPeriod(createdAt: Date, now: Date, c: ScheduleConfig = DEFAULT_SCHEDULE): number {
  const elapsed = now.getTime() - createdAt.getTime();
  return elapsed <= 0 ? 0 : Math.floor(elapsed / (c.reminderEveryDays * DAY_MS));
}

export function anonymiseAt(closedAt: Date, c: ScheduleConfig = DEFAULT_SCHEDULE): Date {
  return new Date(closedAt.getTime() + c.anonymiseAfterDays * DAY_MS);
}
