import Foundation

/// The thread the portal's store works on. Reading a store blocks (libgit2, files), and Swift's
/// shared pool has only a thread per core, which the server's own tasks need: on the pool, one
/// slow page would hold up every other request. `PortalStore` runs its jobs here, one at a time.
///
/// Unchecked Sendable: `jobs` and `stopped` are read and written only with `condition` locked.
final class StoreThread: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var next = 0
    private var stopped = false

    init() {
        let thread = Thread { [self] in run() }
        thread.name = "stet-portal-store"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    /// Ends the thread once the jobs already given are done.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while let job = take() { job.runSynchronously(on: asUnownedSerialExecutor()) }
    }

    private func take() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while next == jobs.count {
            if stopped { return nil }
            condition.wait()
        }
        let job = jobs[next]
        next += 1
        // Taken jobs are dropped in batches, not shifted out one by one, and also while the
        // queue never empties, so it does not grow under steady load.
        if next == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            next = 0
        } else if next >= 1024 {
            jobs.removeFirst(next)
            next = 0
        }
        return job
    }
}
