import Foundation

/// The user's key folder (the CLI's home folder for Stet): private keys and the heads this
/// user has verified live there, so nobody but the user may be able to write it.
public enum KeyFolder {
    /// Refuses a key folder, or its `keys` folder, that others can write: whoever can write
    /// it can put their own key or a forged "verified" entry in the user's place.
    public static func check(_ home: String) throws(StetError) {
        for path in [home, home + "/keys", home + "/cache"] {
            guard let status = FileSystem.target(of: path) else { continue }
            if status.permissions & 0o022 != 0 {
                throw .keyFolderExposed(path: path, mode: String(status.permissions & 0o777, radix: 8))
            }
            if status.owner != FileSystem.effectiveUser {
                throw .keyFolderNotOwned(path: path, owner: Int(status.owner))
            }
        }
    }

    /// Whether the folder passes `check`.
    static func isPrivate(_ home: String) -> Bool {
        (try? check(home)) != nil
    }

    /// A record or cache file kept in the key folder `home`, under `folder`: nil when the key
    /// folder is not private (then nothing in it vouches for anything), or the file is missing,
    /// a link, or over `limit`.
    static func record(at path: String, in home: String, within folder: String, limit: Int) -> [UInt8]? {
        guard isPrivate(home), !InputFile.isLink(path) else { return nil }
        return try? InputFile.read(path, limit: limit, within: folder, followingLinks: false)
    }
}

/// What a passphrase must be: long, and not one a guesser tries first.
enum Passphrase {
    static let minimumLength = 10

    /// Refuses passphrases too short or easy to guess, saying why.
    static func check(_ passphrase: String) throws(StetError) {
        guard passphrase.count >= minimumLength else { throw .weakPassphrase(minimum: minimumLength) }
        if let reason = weakness(of: passphrase) { throw .guessablePassphrase(reason: reason) }
    }

    /// Why `passphrase` is guessable, or nil.
    static func weakness(of passphrase: String) -> String? {
        let lowered = passphrase.lowercased()
        let characters = Array(lowered)
        if Set(characters).count == 1 { return "it is one character repeated" }
        // A short pattern said over and over: "abcabcabca", "12121212".
        for length in 2...4 where characters.count > length {
            if characters.indices.allSatisfy({ characters[$0] == characters[$0 % length] }) {
                return "it repeats '\(String(characters.prefix(length)))'"
            }
        }
        for run in sequences where run.count >= 4 {
            if run.contains(lowered) || String(run.reversed()).contains(lowered) {
                return "it is a run of the keyboard or of the alphabet or numbers"
            }
        }
        // Common words with digits or symbols added or swapped in: "Password123!", "p@ssw0rd2024".
        let letters = String(lowered.filter(\.isLetter))
        let core = lowered.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed()
        let unleet = String(core.map { leet[$0] ?? $0 }.filter(\.isLetter))
        for candidate in [lowered, letters, unleet]
        where common.contains(candidate) || common.contains(where: { candidate == $0 + $0 }) {
            return "it is one of the most common passwords"
        }
        return nil
    }

    private static let sequences = [
        "abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
        "qwertzuiop", "azertyuiop", "1qaz2wsx3edc4rfv", "1q2w3e4r5t6y7u8i9o0p", "qazwsxedcrfvtgbyhnujm",
    ]

    private static let leet: [Character: Character] = [
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
    ]

    /// The most common passwords of ten characters or more, and the words behind the common
    /// shorter ones that people lengthen with digits and symbols.
    private static let common: Set<String> = [
        "password", "passwords", "passwort", "passphrase", "letmein", "welcome", "welcometo", "iloveyou", "qwerty",
        "admin", "administrator", "changeme", "changethis", "secret", "monkey", "dragon", "football", "baseball",
        "sunshine", "princess", "superman", "batman", "trustno", "master", "shadow", "michael", "jennifer", "login",
        "starwars", "whatever", "freedom", "computer", "internet", "default", "hospital", "laboratory", "pathology",
        "nhs", "stet", "document", "documents", "control", "quality", "qualitymanager", "abc", "test", "testing",
        "testtest", "hello", "helloworld", "summer", "winter", "spring", "autumn", "january", "december",
        "1234567890", "0987654321", "1122334455", "1111111111", "123123123123", "147258369", "987654321",
        "qwertyuiop", "1q2w3e4r5t", "1qaz2wsx3edc", "zaq12wsx", "q1w2e3r4t5", "a1b2c3d4e5", "aaaaaaaaaa",
        "correcthorsebatterystaple",
    ]
}
