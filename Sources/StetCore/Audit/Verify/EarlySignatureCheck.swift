import CStetSystem
import Foundation
import StetGit

/// Signatures checked on the core a walk of the history leaves idle.
///
/// Before a replay can start, the whole first-parent chain is walked (newest first) to find the
/// oldest event; that walk uses one core, and the core that checks the commits' ids as it goes
/// is mostly idle. This checks the signatures of the commits the walk has just read meanwhile,
/// as many as it can, and stops when the walk does: those it found good need not be checked
/// again (`ReplayLookahead` takes them as on record). Each is checked exactly as the lookahead
/// would check it, from bytes that hash to its id.
final class EarlySignatureCheck: @unchecked Sendable {
    /// Neither the walk nor `finish` waits long for it: this thread runs only when a core is idle
    /// and may be descheduled while holding it, so the walk skips a commit instead and `finish`
    /// gives up after `patience`. Unchecked Sendable: every mutable field below is read and
    /// written only with `lock` held (the semaphores are thread-safe themselves), but `finished`,
    /// which only the thread calling `finish` touches.
    private let lock = NSLock()
    private let arrived = DispatchSemaphore(value: 0)
    /// Signalled once, by `finish`: a semaphore, so that the thread can look without waiting.
    private let stopRequested = DispatchSemaphore(value: 0)
    /// Read by the walk and not yet taken, newest last; only the latest are kept.
    private var pending: [CommitBytes] = []
    private var good: [ObjectID: [UInt8]] = [:]
    /// What `finish` found, on the thread that calls it.
    private var finished: [ObjectID: [UInt8]]?
    /// Signatures already on record, not checked again.
    private let known: [ObjectID: [UInt8]]

    /// At most this many read commits wait: the walk reads ten for each signature checked.
    static let kept = 256
    /// How long `finish` waits for the lock (seconds): what is not had by then is left to the lookahead.
    static let patience = 0.002

    init(known: [ObjectID: [UInt8]]) {
        self.known = known
        Thread.detachNewThread {
            ThreadPriority.runOnlyWhenIdle()
            self.run()
        }
    }

    /// A commit the walk read.
    func add(_ commit: CommitBytes) {
        guard known[commit.id] == nil, lock.try() else { return }
        pending.append(commit)
        if pending.count > Self.kept { pending.removeFirst(Self.kept / 2) }
        lock.unlock()
        arrived.signal()
    }

    /// How many read commits wait to be checked (for tests).
    var waiting: Int {
        lock.lock()
        defer { lock.unlock() }
        return pending.count
    }

    /// Stops checking (the walk is over) and gives the commits found well signed, with the key
    /// that signed each; what is being checked at that moment is left to the lookahead.
    func finish() -> [ObjectID: [UInt8]] {
        if let finished { return finished }
        stopRequested.signal()
        arrived.signal()
        var found: [ObjectID: [UInt8]] = [:]
        // A timed wait for the lock, not a spin: the thread holds it for one dictionary insert,
        // unless the scheduler left it holding it on an idle core.
        if lock.lock(before: Date(timeIntervalSinceNow: Self.patience)) {
            found = good
            pending = []
            lock.unlock()
        }
        finished = found
        return found
    }

    private func run() {
        func stopping() -> Bool { stopRequested.wait(timeout: .now()) == .success }
        while true {
            arrived.wait()
            if stopping() { return }
            lock.lock()
            let commit = pending.popLast()
            lock.unlock()
            guard let commit, let key = Self.goodKey(of: commit) else { continue }
            if stopping() { return }
            lock.lock()
            good[commit.id] = key
            lock.unlock()
        }
    }

    /// The key of a good signature on `commit`, read as the lookahead reads it; nil for anything else.
    static func goodKey(of commit: CommitBytes) -> [UInt8]? {
        guard let stored = try? StoredCommit(checking: commit),
            case .signature(let parsed, let signedData) = SignatureChecker.Reading(stored),
            parsed.isValid(for: signedData)
        else { return nil }
        return parsed.publicKey.rawBytes
    }
}
