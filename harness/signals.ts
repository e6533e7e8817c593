// Control-flow errors a case (or a helper) throws to end with a verdict other than pass/fail.

export class SkipSignal extends Error {
  override name = 'SkipSignal';
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
