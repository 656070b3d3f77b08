/** The one-off containers of task runs are jobs with this purpose (their name and labels say so). */
export const TASK_RUN_PURPOSE = 'task';
