import Foundation
import Testing

@testable import StetCore

@Suite("SSH signatures")
struct SSHSignatureTests {
    @Test("A signature round-trips through its armor and verifies only for its message")
    func roundTrip() throws {
        let key = SigningKey.generate(user: "alice")
        let message = Array("tree 123\n\nmessage\n".utf8)
        let signature = try key.sign(message)
        let parsed = try #require(SSHSignature(armored: signature.armored))
        #expect(parsed == signature)
        #expect(parsed.isValid(for: message))
        #expect(!parsed.isValid(for: message + [0x0a]))
        #expect(parsed.publicKey == key.publicKey)
        #expect(!signature.armored.hasSuffix("\n"))
        #expect(signature.armored.split(separator: "\n").allSatisfy { $0.count <= 70 || $0.hasPrefix("-----") })
    }

    @Test("ssh-keygen -Y verify accepts a Stet signature in the git namespace")
    func stockSSHKeygenVerifies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sshsig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = SigningKey.generate(user: "alice")
        let message = Array("the exact bytes that were signed\n".utf8)
        let signature = try key.sign(message)
        try (signature.armored + "\n").write(
            to: folder.appendingPathComponent("message.sig"), atomically: true, encoding: .utf8)
        try Data(message).write(to: folder.appendingPathComponent("message"))
        try "alice namespaces=\"git\" \(key.publicKey.openSSH)\n".write(
            to: folder.appendingPathComponent("allowed"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ssh-keygen -Y verify -f allowed -I alice -n git -s message.sig < message"]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "ssh-keygen said: \(text)")
        #expect(text.contains("Good \"git\" signature for alice"))
    }

    @Test("OpenSSH public keys parse, and anything else is refused")
    func publicKeys() throws {
        let key = SigningKey.generate(user: "x").publicKey
        #expect(try PublicKey(openSSH: key.openSSH + " alice@lab") == key)
        #expect(key.fingerprint.hasPrefix("SHA256:"))
        for bad in ["", "ssh-rsa AAAAB3NzaC1yc2E", "ssh-ed25519 !!!", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="] {
            #expect(throws: StetError.self) { try PublicKey(openSSH: bad) }
        }
    }
}

@Suite("Key files")
struct KeyFileTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path

    @Test("A key unlocks with its passphrase only")
    func unlock() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let publicKey = try KeyFile.generate(user: "alice", passphrase: "a long passphrase", home: home)
        let key = try KeyFile.unlock(user: "alice", passphrase: "a long passphrase", home: home)
        #expect(key.publicKey == publicKey)
        #expect(throws: StetError.wrongPassphrase(user: "alice")) {
            try KeyFile.unlock(user: "alice", passphrase: "another passphrase", home: home)
        }
        #expect(throws: StetError.keyExists(path: KeyFile.path(forUser: "alice", home: home))) {
            try KeyFile.generate(user: "alice", passphrase: "a long passphrase", home: home)
        }
        var status = stat()
        stat(KeyFile.path(forUser: "alice", home: home), &status)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test("A key file whose public key was swapped does not unlock")
    func swappedPublicKey() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        _ = try KeyFile.generate(user: "alice", passphrase: "a long passphrase", home: home)
        let path = KeyFile.path(forUser: "alice", home: home)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let other = SigningKey.generate(user: "mallory").publicKey.openSSH
        let range = try #require(text.range(of: "ssh-ed25519 [A-Za-z0-9+/=]+", options: .regularExpression))
        text.replaceSubrange(range, with: other)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        #expect(throws: StetError.wrongPassphrase(user: "alice")) {
            try KeyFile.unlock(user: "alice", passphrase: "a long passphrase", home: home)
        }
    }
}
