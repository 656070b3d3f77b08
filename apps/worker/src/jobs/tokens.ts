export const JOB_LOG_STORE = Symbol('JOB_LOG_STORE');
