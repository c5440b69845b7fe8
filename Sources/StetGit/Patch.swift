import CLibgit2

/// Unified diffs of two texts, computed by libgit2.
public enum Patch {
    /// The unified diff from `old` to `new`, with `oldLabel` and `newLabel` as the file names
    /// in its header; empty when the texts are the same.
    public static func unified(
        old: [UInt8], oldLabel: String, new: [UInt8], newLabel: String, context: Int = 3
    )
        throws(GitError) -> String
    {
        try Libgit2.ensureInitialized()
        var options = git_diff_options()
        try GitError.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare diff options")
        options.context_lines = UInt32(context)
        var patch: OpaquePointer?
        try GitError.check(
            git_patch_from_buffers(&patch, old, old.count, oldLabel, new, new.count, newLabel, &options),
            "compare texts")
        defer { git_patch_free(patch) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try GitError.check(git_patch_to_buf(&buffer, patch), "format diff")
        guard buffer.size > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: buffer.ptr, count: buffer.size), as: UTF8.self)
    }
}
