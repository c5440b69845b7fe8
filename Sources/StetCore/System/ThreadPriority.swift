import CStetSystem

/// The priorities of the threads that help a verification, in one place.
///
/// The replay is the part of a verification that cannot be split; the threads that prepare
/// commits ahead of it and check signatures early run below it, so it runs whenever it can.
enum ThreadPriority {
    /// Lowers the calling thread below the replay's (ten nice levels): at equal priority the
    /// preparing threads took the replay's core while it had work (1.1x the events a second on
    /// two cores when lowered).
    static func yieldToReplay() {
        _ = stet_thread_lower_priority(10)
    }

    /// Puts the calling thread below every other (Linux's SCHED_IDLE): it runs only on a core
    /// nothing else wants, and a core running only it counts as idle when the walk's other
    /// threads wake (at nice 19 they were placed beside the walk and slowed it by a quarter).
    /// Where that cannot be had, the thread is lowered as the preparing threads are.
    static func runOnlyWhenIdle() {
        if stet_thread_run_only_when_idle() != 0 { yieldToReplay() }
    }
}
