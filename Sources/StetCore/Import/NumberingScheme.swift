import Foundation

/// The document numbers quality systems already use, recognised in file names, front matter
/// and document-control tables: `SOP-0042`, `ACME-PR-013`, `PR-013`, `ACME PR.013`, `SOP 12`.
///
/// A number is one to three runs of capital letters, then digits; the separators between them
/// vary from system to system and are written as `-` in the store, so `ACME PR.013` becomes
/// `ACME-PR-013`. Capitals are required: in `Quality-Manual-v2` the words are a title, not a
/// prefix.
public enum NumberingScheme {
    /// A document number found at the start of a text, and what follows it.
    public struct Match: Equatable, Sendable {
        /// The id as the store writes it: `ACME-PR-013`.
        public var id: String
        /// Everything before the number, as a type's prefix: `ACME-PR-`.
        public var prefix: String
        /// How many digits the number was written with.
        public var digits: Int
        /// The rest of the text after the number and its separator (a title, in a file name).
        public var rest: String
        /// The letter runs: `["ACME", "PR"]`.
        public var segments: [String]
    }

    private static let expression = try! NSRegularExpression(
        pattern:
            #"^(?<letters>[A-Z]{1,8}(?:[-_ .][A-Z]{1,8}){0,2})[-_ .]?(?<number>[0-9]{1,6})(?![0-9A-Za-z])[-_ .,:–—)]*(?<rest>.*)$"#
    )

    /// The document number `text` starts with, if it starts with one.
    public static func match(_ text: String) -> Match? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard
            let found = expression.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed)),
            let letters = Range(found.range(withName: "letters"), in: trimmed),
            let number = Range(found.range(withName: "number"), in: trimmed)
        else { return nil }
        let segments = trimmed[letters].split(whereSeparator: { "-_ .".contains($0) }).map(String.init)
        let prefix = segments.joined(separator: "-") + "-"
        let rest = Range(found.range(withName: "rest"), in: trimmed).map { String(trimmed[$0]) } ?? ""
        return Match(
            id: prefix + trimmed[number], prefix: prefix, digits: trimmed[number].count,
            rest: rest.trimmingCharacters(in: .whitespaces), segments: segments)
    }

    /// Front-matter keys that name the document itself, in other systems' words: a template's or
    /// form's own id first (a template's `id` or `record_id` names the record made from it).
    static let identifierKeys = [
        "template_id", "template-id", "form_id", "form-id", "id", "doc_id", "doc-id", "document_id", "document-id",
        "documentid", "document_number", "document-number", "doc_number", "doc_no", "reference", "record_id",
    ]

    /// Front-matter keys that name the procedure or policy a document belongs to. In a form or
    /// template with an id of its own they name its parent, never the form; a document named by
    /// nothing else is taken to be the procedure or policy they name.
    static let parentKeys = ["sop_id", "sop-id", "policy_id", "policy-id", "procedure_id", "procedure-id", "parent"]

    /// The version key that goes with each parent key: the parent's version, not the form's.
    static let parentVersionKeys = [
        "sop_id": "sop_version", "sop-id": "sop-version", "policy_id": "policy_version",
        "policy-id": "policy-version", "procedure_id": "procedure_version", "procedure-id": "procedure-version",
    ]

    /// Front-matter keys that hold the version a document had in its old system, a template's or
    /// form's own first. `qms_version` and the like are the version of the whole system, never of
    /// one document.
    static let versionKeys = [
        "template_version", "template-version", "form_version", "form-version", "version", "doc_version",
        "doc-version", "document_version", "document-version", "sop_version", "sop-version", "policy_version",
        "policy-version", "procedure_version", "info_version", "record_version", "revision_number",
    ]

    /// Labels of the first column in a document-control table that name the document's number.
    static let tableLabels: Set<String> = [
        "document id", "doc id", "document number", "document no", "document no.", "doc no", "doc no.",
        "document reference", "reference", "ref", "ref.", "id", "sop number", "sop no", "sop no.", "policy number",
        "form number",
    ]

    /// The id written in a document-control table near the top of `text` (`| Document ID | ACME PR.013 |`).
    static func tableIdentifier(in text: String) -> String? {
        for line in text.split(separator: "\n", maxSplits: 80, omittingEmptySubsequences: true).prefix(80) {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "*_`:"))
            }
            // `| label | value |` splits into ["", label, value, ""].
            guard cells.count >= 4, cells[0].isEmpty, tableLabels.contains(cells[1].lowercased()) else { continue }
            return cells[2]
        }
        return nil
    }

    /// A type name and title proposed for documents numbered with `match`'s prefix, from what
    /// its last letter run usually stands for; `taken` are the names already in use.
    static func proposeType(for match: Match, taken: Set<String>) -> (name: String, title: String) {
        let code = match.segments.last ?? ""
        let known: (name: String, title: String)? = abbreviations[code]
        let organisation = match.segments.count > 1 ? match.segments.first!.lowercased() : nil
        let base = known?.name ?? match.segments.map { $0.lowercased() }.joined(separator: "-")
        var name: String
        if let known, let organisation {
            name = organisation + "-" + known.name
        } else {
            name = base
        }
        if taken.contains(name) { name = base + "-" + match.segments.map { $0.lowercased() }.joined(separator: "-") }
        var candidate = String(name.prefix(32))
        var counter = 2
        while taken.contains(candidate) {
            candidate = String(name.prefix(29)) + "-\(counter)"
            counter += 1
        }
        let title = known.map { "\($0.title) (\(match.prefix))" } ?? "Documents numbered \(match.prefix)"
        return (candidate, title)
    }

    private static let abbreviations: [String: (name: String, title: String)] = [
        "SOP": ("sop", "Standard operating procedure"), "PR": ("procedure", "Procedure"),
        "PROC": ("procedure", "Procedure"), "P": ("procedure", "Procedure"), "PL": ("policy", "Policy"),
        "POL": ("policy", "Policy"), "F": ("form", "Form"), "FRM": ("form", "Form"), "FM": ("form", "Form"),
        "FORM": ("form", "Form"), "WI": ("work-instruction", "Work instruction"),
        "QM": ("manual", "Manual"), "MAN": ("manual", "Manual"), "GL": ("guideline", "Guideline"),
        "G": ("guideline", "Guideline"), "JD": ("job-description", "Job description"),
        "RA": ("risk-assessment", "Risk assessment"), "T": ("template", "Template"), "TPL": ("template", "Template"),
        "TM": ("template", "Template"), "PLN": ("plan", "Plan"), "SP": ("specification", "Specification"),
        "SPEC": ("specification", "Specification"), "LI": ("list", "List"), "EF": ("external", "External document"),
    ]

    /// The months between periodic reviews and approvals a proposed type starts with, as
    /// `stet init` sets them for the same kinds of document.
    static func reviewMonths(forTypeNamed name: String) -> Int {
        ["policy", "form", "manual", "template"].contains { name == $0 || name.hasSuffix("-" + $0) } ? 36 : 24
    }

    /// A kind of document a file name can say it is, for numbering a file that has no id.
    public struct Kind: Sendable, Equatable {
        /// The type it is numbered in (or, when the store has none, the type proposed).
        public var name: String
        public var title: String
        public var prefix: String
        /// The words that name it in a file name, the type names it may go by in a store.
        var words: [String]
        var typeNames: [String]
    }

    /// The kinds, the more telling first: `sop-document-record-control` is a procedure about
    /// records, `design-plan-template` a template for a plan.
    static let kinds: [Kind] = [
        Kind(
            name: "sop", title: "Standard operating procedure", prefix: "SOP-", words: ["sop", "sops", "procedure"],
            typeNames: ["sop", "procedure"]),
        Kind(
            name: "work-instruction", title: "Work instruction", prefix: "WI-",
            words: ["wi", "instruction", "instructions"],
            typeNames: ["work-instruction", "instruction"]),
        Kind(name: "policy", title: "Policy", prefix: "POL-", words: ["policy", "policies"], typeNames: ["policy"]),
        Kind(
            name: "form", title: "Form", prefix: "FRM-",
            words: ["form", "forms", "template", "templates", "checklist", "questionnaire"],
            typeNames: ["form", "template"]),
        Kind(name: "plan", title: "Plan", prefix: "PLN-", words: ["plan", "plans"], typeNames: ["plan"]),
        Kind(name: "report", title: "Report", prefix: "RPT-", words: ["report", "reports"], typeNames: ["report"]),
        Kind(
            name: "record", title: "Record", prefix: "REC-", words: ["record", "records", "log", "logs", "register"],
            typeNames: ["record", "log"]),
        Kind(name: "list", title: "List", prefix: "LST-", words: ["list", "lists"], typeNames: ["list"]),
        Kind(name: "manual", title: "Manual", prefix: "MAN-", words: ["manual", "handbook"], typeNames: ["manual"]),
        Kind(
            name: "guideline", title: "Guideline", prefix: "GL-", words: ["guideline", "guidelines", "guidance"],
            typeNames: ["guideline"]),
        Kind(
            name: "specification", title: "Specification", prefix: "SPEC-", words: ["specification", "spec"],
            typeNames: ["specification"]),
    ]

    /// The kind of document a file's name says it is, with the word that says so.
    public static func kind(ofName name: String) -> (kind: Kind, word: String)? {
        let words = Set(
            name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        for kind in kinds {
            if let word = kind.words.first(where: words.contains) { return (kind, word) }
        }
        return nil
    }

    /// The store's type for `kind`: one of the names it goes by, else nil (one is proposed).
    static func type(for kind: Kind, in configuration: StoreConfiguration) -> String? {
        kind.typeNames.first { configuration.types[$0] != nil }
    }
}
