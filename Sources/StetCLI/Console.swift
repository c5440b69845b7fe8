import Foundation
import StetCore

/// Where a command's output goes, and where a passphrase is typed.
public protocol Console: Sendable {
    func write(_ bytes: [UInt8], to stream: ConsoleStream)
    /// Output a script relies on whole (an export): a failure to write it is an error.
    func writeOutput(_ bytes: [UInt8]) throws
    /// Whether standard output is a terminal, which a document's control characters could drive.
    var outputIsTerminal: Bool { get }
    /// Reads a line without echo from the person at the terminal; nil when there is none.
    func readSecret(prompt: String) -> String?
}

public enum ConsoleStream: Sendable {
    case output
    case error
}

/// The process's standard output and error, and its controlling terminal.
struct ProcessConsole: Console {
    func write(_ bytes: [UInt8], to stream: ConsoleStream) {
        try? (stream == .output ? FileHandle.standardOutput : FileHandle.standardError).write(contentsOf: bytes)
    }

    func writeOutput(_ bytes: [UInt8]) throws {
        try FileHandle.standardOutput.write(contentsOf: bytes)
    }

    var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    func readSecret(prompt: String) -> String? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = prompt.withCString { Foundation.write(descriptor, $0, strlen($0)) }
        tcsetattr(descriptor, TCSAFLUSH, &silent)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &saved)
            _ = Foundation.write(descriptor, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1, byte != 0x0a, bytes.count < Limits.passphraseLine { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A console that keeps what is written, for running commands in process.
///
/// Unchecked Sendable: its mutable fields are read and written only inside `lock.withLock`.
public final class CapturedConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var outputBytes: [UInt8] = []
    private var errorBytes: [UInt8] = []
    public let outputIsTerminal: Bool
    private var answers: [String]
    private var asked: [String] = []

    /// `answers` are typed, in order, at the prompts a command shows.
    public init(outputIsTerminal: Bool = false, answers: [String] = []) {
        self.outputIsTerminal = outputIsTerminal
        self.answers = answers
    }

    /// The prompts shown so far.
    public var prompts: [String] { lock.withLock { asked } }

    public func write(_ bytes: [UInt8], to stream: ConsoleStream) {
        lock.withLock {
            if stream == .output { outputBytes += bytes } else { errorBytes += bytes }
        }
    }

    public func writeOutput(_ bytes: [UInt8]) throws { write(bytes, to: .output) }

    public func readSecret(prompt: String) -> String? {
        lock.withLock {
            asked.append(prompt)
            return answers.isEmpty ? nil : answers.removeFirst()
        }
    }

    public var output: [UInt8] { lock.withLock { outputBytes } }
    public var errorOutput: [UInt8] { lock.withLock { errorBytes } }
}
