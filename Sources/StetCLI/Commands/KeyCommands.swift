import ArgumentParser
import Foundation
import StetCore

struct KeygenCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a user's Ed25519 signing key, sealed under a passphrase, in the key folder.",
        discussion: "Prints the public key to give to a controller for 'stet user add' or 'stet init'.")

    @OptionGroup var options: StoreOptions

    func execute() throws(StetError) {
        let user = try options.userID()
        let passphrase = try options.passphrase(for: user, confirm: true)
        let key = try KeyFile.generate(
            user: user.text, passphrase: passphrase, home: options.home, derivation: Invocation.current.keyDerivation)
        Terminal.print(key.openSSH)
        Terminal.note(
            "Key for \(user) written to \(KeyFile.path(forUser: user.text, home: options.home)) (\(key.fingerprint))")
    }
}

struct SignersCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "signers",
        abstract: "Write the store's signers as an OpenSSH allowed-signers file.",
        discussion: """
            With it, stock git checks any event commit without Stet:
              git -c gpg.ssh.allowedSignersFile=FILE verify-commit <commit>
            """)

    @OptionGroup var location: StoreLocation

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func execute() throws(StetError) {
        let text = try location.snapshot().allowedSigners()
        if let output {
            try writeOutput(Array(text.utf8), to: output)
        } else {
            Terminal.write(Array(text.utf8))
        }
    }
}
