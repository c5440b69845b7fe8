import CLibgit2

/// A failed libgit2 call, with the message libgit2 gave for it.
public struct GitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The libgit2 return code (`GIT_ENOTFOUND`, `GIT_EMODIFIED`, ...).
    public let code: Int32
    /// What Stet was doing when the call failed.
    public let operation: String
    /// libgit2's own explanation, when it set one.
    public let message: String

    public var description: String {
        message.isEmpty ? "\(operation) failed (libgit2 error \(code))" : "\(operation): \(message)"
    }

    /// The object or reference does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    /// A compare-and-swap lost: the reference moved since it was read.
    public var isModified: Bool { code == GIT_EMODIFIED.rawValue }
    /// Another process holds the reference's lock file.
    public var isLocked: Bool { code == GIT_ELOCKED.rawValue }
    /// The reference already exists.
    public var isExisting: Bool { code == GIT_EEXISTS.rawValue }

    /// A lock held by another writer, to be retried like a reference's lock file.
    public static func locked(_ operation: String) -> GitError {
        GitError(code: GIT_ELOCKED.rawValue, operation: operation, message: "another writer holds the lock")
    }

    /// A compare-and-swap to be retried: what it was built on is no longer the head.
    public static func modified(_ operation: String) -> GitError {
        GitError(code: GIT_EMODIFIED.rawValue, operation: operation, message: "the head moved")
    }

    /// A path that cannot be written into a tree: an empty segment, or a file where a folder is (or the reverse).
    public static func invalidPath(_ path: String) -> GitError {
        GitError(code: GIT_EINVALIDSPEC.rawValue, operation: "update tree at \(path)", message: "invalid path")
    }

    /// Turns a libgit2 return code into a thrown error.
    ///
    /// The last error is thread-local, so it is read here, right after the failing call.
    @inline(__always)
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
        guard code < 0 else { return }
        var message = ""
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        }
        throw GitError(code: code, operation: operation(), message: message)
    }
}

/// An error type that can carry a libgit2 failure whole: what a closure given to StetGit throws,
/// so a walk throws one typed error, the caller's, with libgit2's code and message inside it.
public protocol GitFailure: Error {
    init(_ error: GitError)
}

extension GitError: GitFailure {
    public init(_ error: GitError) { self = error }
}
