#ifndef CSTETSYSTEM_H
#define CSTETSYSTEM_H

/* Thread priorities for Stet's helper threads, in one place: C, where the scheduler's constants
 * are defined (SCHED_IDLE only with _GNU_SOURCE). Each applies to the calling thread only; where
 * a platform has no per-thread setting, it does nothing and returns -1. */

/* Lowers the calling thread by `steps` nice levels (at most to 19): the replay, at the level the
 * thread started at, runs whenever it can. Returns 0 when lowered. */
int stet_thread_lower_priority(int steps);

/* Puts the calling thread below every other (SCHED_IDLE): it runs only on a core nothing else
 * wants. Returns 0 when done; on failure the caller may lower it instead. */
int stet_thread_run_only_when_idle(void);

#endif
