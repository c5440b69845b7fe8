import Foundation

/// Wall time and peak resident memory of one child process.
struct Measurement {
    var seconds: Double
    var peakKilobytes: Int
    var status: Int32
}

/// Runs `executable` with its output discarded and measures it with `wait4`, which reports the
/// peak memory of that child alone.
func measure(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Measurement {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let start = Date()
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
        throw CocoaError(.executableLoad)
    }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    return Measurement(
        seconds: Date().timeIntervalSince(start), peakKilobytes: Int(usage.ru_maxrss), status: (status >> 8) & 0xff)
}
