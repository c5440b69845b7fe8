import Foundation

/// Wall time and peak resident memory of one child process.
struct Measurement {
    var seconds: Double
    var peakKilobytes: Int
    var status: Int32
}

/// Runs `executable` with its output discarded and measures it with `wait4`, from a small
/// Python process: a child forked from the test process itself would count the test process's
/// own memory (shared until `exec`) in its peak.
func measure(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Measurement {
    let script = """
        import os, sys, time
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            fd = os.open("/dev/null", os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execve(sys.argv[2], sys.argv[2:], dict(e.split("=", 1) for e in sys.argv[1].split("\\0") if e))
        _, status, usage = os.wait4(pid, 0)
        print(time.monotonic() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
        """
    let env = environment.map { "\($0.key)=\($0.value)" }.joined(separator: "\0")
    let result = try runProcess("/usr/bin/env", ["python3", "-c", script, env, executable] + arguments)
    let fields = result.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
    guard fields.count == 3, let seconds = Double(fields[0]), let peak = Int(fields[1]), let status = Int32(fields[2])
    else { throw CocoaError(.executableLoad) }
    return Measurement(seconds: seconds, peakKilobytes: peak, status: status)
}
