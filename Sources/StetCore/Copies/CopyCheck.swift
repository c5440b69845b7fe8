import Foundation
import StetGit
import StetMarkdown
import StetQRCode

/// What `stet check-copy` found a file, or a check code, to be.
public enum CopyStatus: Sendable, Equatable {
    /// A faithful copy of the version in force today.
    case current(document: String, version: Int)
    /// A faithful copy of a version replaced by `current` (in force since `since`), or of a
    /// version no longer in force with none after it (`current` nil).
    case superseded(document: String, version: Int, current: Int?, since: Day?)
    /// A faithful copy of a version that takes effect on a later day.
    case notYetEffective(document: String, version: Int, from: Day)
    case retired(document: String, version: Int, on: Day, reason: String)
    /// Not a faithful copy of any version in the store.
    case notACopy(reason: String)
}

extension ControlledCopy {
    /// Says whether `bytes` is a faithful copy from `store`, and where its version stands on `day`.
    ///
    /// A copy is rendered again from the state, days and version written in it, and compared
    /// byte for byte: an edit anywhere, the marks included, makes it not a copy.
    public static func check(_ bytes: [UInt8], in store: Snapshot, on day: Day) throws(StetError) -> CopyStatus {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .notACopy(reason: "the file is not text")
        }
        let format: Format
        let fields: [String: String]
        if text.hasPrefix("<!DOCTYPE html>") {
            format = .html
            fields = Self.metaFields(text)
        } else if text.hasPrefix("<!-- stet:copy ") {
            format = .markdown
            let line = text.prefix { $0 != "\n" }.dropFirst("<!-- stet:copy ".count).dropLast(" -->".count)
            fields = Dictionary(
                line.split(separator: " ").compactMap { pair in
                    pair.firstIndex(of: "=").map { (String(pair[..<$0]), String(pair[pair.index(after: $0)...])) }
                }, uniquingKeysWith: { first, _ in first })
        } else {
            return .notACopy(reason: "it carries no Stet copy marks")
        }
        if let revision = fields["draft"] {
            return .notACopy(
                reason:
                    "it is a draft (revision \(Text.printable(revision)) of \(Text.printable(fields["document"] ?? "?"))), "
                    + "not for use: only issued versions are controlled copies")
        }
        guard let rawID = fields["document"], let id = try? DocumentID(rawID),
            let version = fields["version"].flatMap({ Int($0) }), let hash = fields["content"]
        else { return .notACopy(reason: "its copy marks are incomplete") }
        guard fields["renderer"] == renderer, let stateText = fields["state"] else {
            return .notACopy(
                reason:
                    "it was made by \(fields["renderer"] == nil ? "an earlier Stet" : "another renderer (\(fields["renderer"]!))"), "
                    + "whose copies cannot be rendered again here to compare: render a new copy of \(id) v\(version)")
        }
        guard let state = ObjectID(hex: stateText), let asOf = fields["as-of"].flatMap(Day.init),
            let printed = fields["printed"].flatMap(Day.init)
        else { return .notACopy(reason: "its copy marks are malformed") }
        guard let then = try store.earlier(state, today: printed) else {
            return .notACopy(reason: "it names a state \(state.short) that is not in this store's history")
        }
        guard let document = try? then.document(id),
            let issued = document.versions.first(where: { $0.version == version }), issued.contentHash == hash
        else { return .notACopy(reason: "\(id) has no version \(version) with that content") }
        guard printed <= day, printed >= Timestamp(seconds: try then.commitTime()).day else {
            return .notACopy(reason: "its printing date \(printed) is not one on which it could have been printed")
        }
        let numbered = fields["copy"].flatMap(Int.init).map { Numbered(number: $0, holder: fields["holder"] ?? "") }
        let expected = try copy(of: document, issued, in: then, asOf: asOf, numbered: numbered).text(format)
        if let line = firstDifference(text, expected) {
            return .notACopy(
                reason: "it differs from \(id) v\(version) as Stet rendered it, from line \(line) (altered copy)")
        }
        if let numbered, let problem = try registerProblem(id, version, numbered.number, numbered.holder, in: store) {
            return problem
        }
        return try standing(of: id, version: version, in: store, on: day)
    }

    /// Where the version a check code names stands on `day`; not a copy when the code names
    /// no version of this store.
    public static func check(code: String, in store: Snapshot, on day: Day) throws(StetError) -> CopyStatus {
        let parts = code.split(separator: " ").map(String.init)
        guard parts.count == 3 || (parts.count == 4 && parts[3].hasPrefix("c") && Int(parts[3].dropFirst()) != nil),
            let id = try? DocumentID(parts[0]), parts[1].hasPrefix("v"),
            let version = Int(parts[1].dropFirst()), parts[2].count == 8
        else {
            return .notACopy(reason: "'\(Text.printable(code))' is not a check code (like 'SOP-0001 v2 3f9a1c0b')")
        }
        guard let document = try? store.document(id),
            let issued = document.versions.first(where: { $0.version == version }),
            checkCode(document: id.text, version: version, contentHash: issued.contentHash)
                == parts[0...2]
                .joined(separator: " ")
        else { return .notACopy(reason: "no version of this store has the check code \(code)") }
        if parts.count == 4, let number = Int(parts[3].dropFirst()),
            let problem = try registerProblem(id, version, number, nil, in: store)
        {
            return problem
        }
        return try standing(of: id, version: version, in: store, on: day)
    }

    static func standing(
        of id: DocumentID, version: Int, in store: Snapshot, on day: Day
    ) throws(StetError) -> CopyStatus {
        let document = try store.document(id)
        guard let issued = document.versions.first(where: { $0.version == version }) else {
            return .notACopy(reason: "\(id) has no version \(version)")
        }
        switch document.standing(of: issued, on: day) {
        case .inForce:
            return .current(document: id.text, version: version)
        case .takesEffect(let from):
            return .notYetEffective(document: id.text, version: version, from: from)
        case .retired:
            return .retired(
                document: id.text, version: version, on: document.retirement?.at.day ?? day,
                reason: document.retirement?.reason ?? "")
        case .superseded:
            let current = document.effectiveVersion(on: day)
            return .superseded(
                document: id.text, version: version, current: current?.version, since: current?.effective)
        }
    }

    /// Why a numbered copy must not be used, when the register says so: it is not registered as
    /// that copy of that version (with that holder), or it was recalled or destroyed.
    static func registerProblem(
        _ id: DocumentID, _ version: Int, _ number: Int, _ holder: String?, in store: Snapshot
    ) throws(StetError) -> CopyStatus? {
        guard let record = try store.copies(of: id).first(where: { $0.number == number }), record.version == version,
            holder == nil || record.holder == holder
        else {
            return .notACopy(
                reason: "it claims to be \(id) v\(version) copy \(number), which the register does not hold as such")
        }
        guard record.isOutstanding else {
            return .notACopy(reason: "it is \(record.name), \(record.standing): it must not be used")
        }
        return nil
    }

    /// The SHA-256 of a copy's file, as the register records it.
    public static func fileHash(_ bytes: [UInt8]) -> String { StateCoding.contentHash(bytes) }

    /// Where the version of a registered copy stands on `day`.
    public static func standing(of copy: CopyRecord, in store: Snapshot, on day: Day) throws(StetError) -> CopyStatus {
        try standing(of: DocumentID(recorded: copy.document), version: copy.version, in: store, on: day)
    }

    /// The registered copy whose issued file is exactly `bytes` (an HTML copy or its PDF), if any.
    ///
    /// An HTML copy names its document and number, so only that register entry is read; the
    /// whole register is searched only for a file that is not a copy Stet can read (a PDF), and
    /// never for a copy that carries no number.
    public static func registeredCopy(_ bytes: [UInt8], in store: Snapshot) throws(StetError) -> CopyRecord? {
        let hash = StateCoding.contentHash(bytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return try store.copies().first { $0.file == hash }
        }
        let fields = text.hasPrefix("<!DOCTYPE html>") ? metaFields(text) : [:]
        guard let id = fields["document"].flatMap({ try? DocumentID($0) }),
            let number = fields["copy"].flatMap(Int.init)
        else { return nil }
        return try store.copies(of: id).first { $0.number == number && $0.file == hash }
    }

    /// The first line (from 1) where `text` and `expected` differ; nil when they are the same.
    static func firstDifference(_ text: String, _ expected: String) -> Int? {
        guard text != expected else { return nil }
        let given = text.split(separator: "\n", omittingEmptySubsequences: false)
        let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(given.count, wanted.count) {
            if index >= given.count || index >= wanted.count || given[index] != wanted[index] { return index + 1 }
        }
        return max(given.count, wanted.count)
    }

    private static func metaFields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        for key in [
            "document", "version", "content", "state", "as-of", "printed", "renderer", "copy", "holder", "draft",
        ] {
            let prefix = "<meta name=\"stet-\(key)\" content=\""
            guard let start = html.range(of: prefix), let end = html[start.upperBound...].firstIndex(of: "\"") else {
                continue
            }
            fields[key] = String(html[start.upperBound..<end]).replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }
        return fields
    }
}
