// Control-flow errors a case (or a helper) throws to end with a verdict other than pass/fail.

export class SkipSignal extends Error {
  override name = 'SkipSignal';
}

/**
 * Skips that follow from what the profile provides, not from the endpoint. They start with
 * 'profile: ' and count as expected without an expectations entry (see expectations.ts).
 */
export const PROFILE_SKIP_PREFIX = 'profile: ';
export const PROFILE_SKIP = {
  noAlt: `${PROFILE_SKIP_PREFIX}no alt identity (identities.alt) in this profile`,
  noV2: `${PROFILE_SKIP_PREFIX}signature v2 not listed in signatures`,
  noLarge: `${PROFILE_SKIP_PREFIX}largeObjectMiB is 0 or unset`,
  notVirtual: `${PROFILE_SKIP_PREFIX}addressing is path; this case needs virtual-hosted style`,
  notPath: `${PROFILE_SKIP_PREFIX}addressing is virtual; this case needs path style`,
} as const;

/**
 * Skips of cases the run did not opt into (destructive cases without --include-destructive).
 * Like profile skips they depend on how the run was started, not on the endpoint, and count as
 * expected without an expectations entry.
 */
export const OPT_IN_SKIP_PREFIX = 'opt-in: ';
export const OPT_IN_SKIP = {
  destructive: `${OPT_IN_SKIP_PREFIX}destructive case (it may crash the endpoint); runs only with --include-destructive`,
} as const;

/** A skip that follows from the profile or the run's options, expected without an entry. */
export function isExpectedSkipReason(reason: string | undefined): boolean {
  return (reason ?? '').startsWith(PROFILE_SKIP_PREFIX) || (reason ?? '').startsWith(OPT_IN_SKIP_PREFIX);
}

export class UnsupportedSignal extends Error {
  override name = 'UnsupportedSignal';
}

/** A precondition of the case could not be established: the verdict is `error`. */
export class SetupError extends Error {
  override name = 'SetupError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The endpoint answered, and wrongly: the verdict is `fail`. */
export class ConformanceError extends Error {
  override name = 'ConformanceError';
}

/** A budget (requests, bytes, run time) was exhausted: the verdict is `error`. */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}
