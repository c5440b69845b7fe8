import CGitStartup
import CLibgit2

/// Process-wide libgit2 set-up, done once.
enum Libgit2 {
    /// Initialises libgit2 and turns on the durability and integrity options Stet relies on; the
    /// first that fails, as an error every later libgit2 call throws.
    ///
    /// Stet reads and writes local repositories only, so libgit2 starts without the system's CA
    /// bundle, whose parse was a third of a `stet show` (see `GitStartup.c`).
    static let failure: GitError? = {
        do throws(GitError) {
            try GitError.check(stet_git_init_without_ca_bundle(), "start libgit2")
            // A published event must survive a machine crash: fsync objects and refs before the
            // reference update is reported as done. Without it, nothing may be written.
            try GitError.check(stet_git_enable_fsync(1), "turn on libgit2's fsync of objects and references")
            // A corrupted object must be an error, not silently trusted content.
            try GitError.check(
                stet_git_enable_strict_hash_verification(1), "turn on libgit2's check of object hashes")
            // Stet reads most objects once per command and memoises what it decodes, so libgit2's
            // cache mostly churned: its budget counts object sizes, not the parsed objects, so at 32
            // MiB it held 140 MiB on a 10,000-event verification, and was slower than 2 MiB.
            try GitError.check(stet_git_set_cache_max_size(2 << 20), "set libgit2's cache size")
            // Pack pages a walk touched count as resident memory: map 4 MiB windows, 16 MiB at most.
            try GitError.check(stet_git_set_mwindow_size(4 << 20), "set libgit2's pack window size")
            try GitError.check(stet_git_set_mapped_limit(16 << 20), "set libgit2's mapped pack limit")
            return nil
        } catch {
            return error
        }
    }()

    /// Throws the set-up's failure, if it failed: no libgit2 call runs without its options.
    static func ensureInitialized() throws(GitError) {
        if let failure { throw failure }
    }
}

/// Process-wide libgit2 settings a program may change.
public enum GitSettings {
    /// Whether libgit2 started with an empty TLS trust chain (its CA bundle left unparsed).
    public static var caBundleDeferred: Bool {
        (try? Libgit2.ensureInitialized()) != nil && stet_git_ca_bundle_deferred() != 0
    }

    /// Whether objects and references are flushed to disk before a write is reported done.
    ///
    /// On by default. Only a tool that builds a throwaway store in bulk should turn it off.
    public static func setDurableWrites(_ durable: Bool) throws(GitError) {
        try Libgit2.ensureInitialized()
        try GitError.check(stet_git_enable_fsync(durable ? 1 : 0), "set libgit2's fsync of objects and references")
    }
}
