#ifdef __linux__
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#endif

#include "CStetSystem.h"

int stet_thread_lower_priority(int steps) {
#ifdef __linux__
    /* On Linux the nice value of PRIO_PROCESS 0 is the calling thread's own. */
    errno = 0;
    int current = getpriority(PRIO_PROCESS, 0);
    if (errno != 0) return -1;
    int lowered = current + steps > 19 ? 19 : current + steps;
    return setpriority(PRIO_PROCESS, 0, lowered);
#else
    (void)steps;
    return -1;
#endif
}

int stet_thread_run_only_when_idle(void) {
#ifdef __linux__
    struct sched_param parameters = {.sched_priority = 0};
    return sched_setscheduler(0, SCHED_IDLE, &parameters);
#else
    return -1;
#endif
}
