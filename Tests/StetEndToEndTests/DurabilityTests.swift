import Foundation
import Testing

/// What makes a published event survive a power cut, read off the system calls a real write
/// makes (strace): every object is synced before it is linked into place and its folder synced
/// after; the branch moves only after every object is durable, by renaming a synced lock file,
/// and the folder holding the branch is synced after the rename.
@Suite("Durability", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
struct DurabilityTests {
    @Test("A write syncs its objects, then moves the branch, then syncs the branch's folder")
    func writeOrder() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Durable")
        try workspace.write("d.md", "# Durable\n\nChanged.\n")
        let trace = workspace.path("trace")
        let result = try runProcess(
            "/usr/bin/strace",
            ["-e", "trace=openat,fsync,fdatasync,link,rename,renameat,renameat2", "-o", trace, workspace.binary]
                + ["edit", id, "--file", workspace.path("d.md"), "--reason", "Durable"],
            environment: [
                "STET_HOME": workspace.home, "STET_STORE": workspace.store, "STET_USER": "alice",
                "STET_PASSPHRASE": Workspace.passphrase,
            ])
        #expect(result.succeeded, "\(result.stderr)")
        // Only the main thread is traced (no -f), where stet does all its writing: with other
        // threads traced too, strace splits a call that another thread interrupts into an
        // "<unfinished ...>" line and a "resumed" one, which no order check can read.
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        func index(where predicate: (String) -> Bool, after start: Int = 0) -> Int? {
            calls.indices.first { $0 >= start && predicate(calls[$0]) }
        }
        func descriptor(_ call: String) -> String? { call.components(separatedBy: " = ").last }
        func synced(_ fd: String, between start: Int, and end: Int) -> Bool {
            calls[start..<end].contains { $0.hasPrefix("fsync(\(fd))") || $0.hasPrefix("fdatasync(\(fd))") }
        }
        let objectLinks = calls.indices.filter {
            calls[$0].hasPrefix("link(") && calls[$0].contains("/objects/tmp_object")
        }
        #expect(objectLinks.count >= 3, "blob, tree and commit: \(objectLinks.count) objects written")
        for link in objectLinks {
            let temporary = calls[link].split(separator: "\"")[1]
            let opened = try #require(index(where: { $0.hasPrefix("openat(") && $0.contains("\"\(temporary)\"") }))
            let fd = try #require(descriptor(calls[opened]))
            #expect(synced(fd, between: opened, and: link), "object \(temporary) linked before it was synced")
            let next = min(link + 4, calls.count)
            #expect(calls[link..<next].contains { $0.hasPrefix("fsync(") }, "the object's folder is not synced")
        }
        let rename = try #require(
            index(where: { $0.hasPrefix("rename(") && $0.contains("refs/heads/main.lock\", \"") && $0.hasSuffix("= 0") }
            ))
        #expect(objectLinks.allSatisfy { $0 < rename }, "the branch moved before every object was durable")
        let lockOpened = try #require(
            index(where: { $0.hasPrefix("openat(") && $0.contains("refs/heads/main.lock") }))
        let lockFD = try #require(descriptor(calls[lockOpened]))
        #expect(
            synced(lockFD, between: lockOpened, and: rename), "the new branch value was not synced before the rename")
        #expect(calls[rename..<min(rename + 4, calls.count)].contains { $0.hasPrefix("fsync(") }, "folder not synced")
    }
}
