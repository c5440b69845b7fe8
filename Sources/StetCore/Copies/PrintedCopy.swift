import Foundation
import StetGit

/// A PDF copy checked by what it says: its text, read back with pdftotext, against the text of
/// the copy Stet renders for the version, state and days the PDF itself names.
///
/// A PDF's bytes differ between two prints of the same page (Chromium writes dates and ids into
/// it), so the file's hash proves nothing about its content, and a register entry can hold the
/// hash of a PDF that says anything (a Chromium wrapper that edits the page before printing, a
/// copy-issue event re-signed with the hash of an edited file). The text is what a reader reads:
/// every character of it, but for spacing and line breaks, must be the copy's, in order, and
/// each page's margins must say what the copy's margins say. So no edit to the words passes,
/// whatever printed the PDF and whatever the register says; the check needs no Chromium.
///
/// The comparison ignores whitespace, because where a line or a page breaks depends on the
/// fonts and the Chromium that laid it out: an edit that only moves spaces (`10` to `1 0`)
/// passes. Any other difference makes the PDF not a copy, including a layout a later Chromium
/// paints in another order: a false alarm, never a false CURRENT.
enum PrintedCopy {
    /// What a PDF copy names itself as: read from its header table and footer.
    struct Marks: Equatable {
        var document: String
        var version: Int
        var copy: Int?
        var state: ObjectID
        var printed: Day
        var asOf: Day
    }

    /// The text of each page of `pdf`, as pdftotext reads it in the order it was drawn.
    static func pages(of pdf: [UInt8], pdftotext: String) throws(StetError) -> [String] {
        guard let folder = ExternalProgram.privateFolder("stet-pdftext") else {
            throw .pdfTextFailed("cannot make a folder for it to work in")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("copy.pdf")
        let output = folder.appendingPathComponent("copy.txt")
        do { try Data(pdf).write(to: input) } catch {
            throw .pdfTextFailed("cannot prepare the PDF for it: \(error.localizedDescription)")
        }
        let outcome: ExternalProgram.Outcome
        do {
            outcome = try ExternalProgram.run(
                pdftotext, ["-raw", "-enc", "UTF-8", "-q", input.path, output.path], in: folder, timeLimit: 60)
        } catch {
            throw .pdfTextFailed("it could not be started: \(error.localizedDescription)")
        }
        if outcome == .timedOut { throw .pdfTextFailed("it did not finish within a minute") }
        guard outcome == .exited(0), let data = FileManager.default.contents(atPath: output.path) else { return [] }
        var pages = String(decoding: data, as: UTF8.self).components(separatedBy: "\u{0C}")
        if pages.last?.allSatisfy(\.isWhitespace) == true { pages.removeLast() }
        return pages
    }

    /// The pdftotext on `path`.
    static func pdftotext(path: String?) throws(StetError) -> String {
        guard let found = ExternalProgram.find(["pdftotext"], on: path) else { throw .pdfTextMissing }
        return found
    }

    /// The marks a PDF copy carries in its text; nil when it carries none.
    static func marks(in pages: [String]) -> Marks? {
        let text = pages.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let dense = Self.dense(text)
        guard
            let code = firstMatch(#"Check code (\S+) v([0-9]{1,9}) [0-9a-f]{8}(?: c([0-9]{1,9}))?"#, in: text),
            let version = Int(code[1]),
            let state = firstMatch(#"renderedfrom([0-9a-f]{40})"#, in: dense).flatMap({ ObjectID(hex: $0[0]) }),
            let printed = firstMatch(#"Printed ([0-9]{4}-[0-9]{2}-[0-9]{2})"#, in: text).flatMap({ Day($0[0]) })
        else { return nil }
        // The status row ends in "on <day>" when the copy was judged on another day than printed.
        let asOf =
            firstMatch(#"Status .*? on ([0-9]{4}-[0-9]{2}-[0-9]{2}) Owner "#, in: text).flatMap { Day($0[0]) }
            ?? printed
        return Marks(
            document: code[0], version: version, copy: code[2].isEmpty ? nil : Int(code[2]), state: state,
            printed: printed, asOf: asOf)
    }

    /// Whether `pages` say exactly what `copy` says when printed: nil when they do, else where
    /// they first differ, quoted from the PDF.
    static func difference(_ pages: [String], from copy: ControlledCopy.Copy, html: String) -> String? {
        guard !pages.isEmpty else { return "it has no text" }
        let margins = copy.margins
        let (visible, tableHeads) = visibleText(html)
        let expected = comparable(visible)
        let heads = tableHeads.map(comparable).filter { !$0.isEmpty }
        var printed: [Character] = []
        for (index, page) in pages.enumerated() {
            var text = comparable(page)
            let pageMargins = [
                margins.title, margins.state, margins.printedOn + "\(index + 1) of \(pages.count)", margins.check,
            ].map(comparable)
            // Each margin box once per page: at the page's start, where Chromium draws them, or else
            // wherever it is first found.
            var remaining = pageMargins
            var removedAtStart = true
            while removedAtStart {
                removedAtStart = false
                if let found = remaining.firstIndex(where: { text.starts(with: $0) }) {
                    text.removeFirst(remaining[found].count)
                    remaining.remove(at: found)
                    removedAtStart = true
                }
            }
            for margin in remaining {
                guard let range = firstRange(of: margin, in: text) else {
                    return "page \(index + 1) lacks its margins"
                }
                text.removeSubrange(range)
            }
            // A table that goes on over a page break has its head row printed again at the top of
            // the next page; the copy's text holds it once.
            let rest = expected[min(printed.count, expected.count)...]
            if index > 0, let head = heads.first(where: { text.starts(with: $0) && !rest.starts(with: $0) }) {
                text.removeFirst(head.count)
            }
            printed += text
        }
        // Right-to-left text that ran on over a page break is one run again.
        printed = sortingRightToLeftRuns(printed)
        if printed == expected { return nil }
        let at = zip(printed, expected).prefix { $0 == $1 }.count
        func quoted(_ text: [Character]) -> String {
            "“…" + String(text[max(0, min(at, text.count) - 20)..<min(text.count, at + 30)]) + "…”"
        }
        return "its text reads \(quoted(printed)) where the copy has \(quoted(expected))"
    }

    /// `text` as the comparison sees it: no whitespace or invisible characters (where lines and
    /// pages break depends on the layout), in Unicode's compatibility form (a ligature or an Arabic
    /// letter's shaped form as the letters it stands for), and each run of right-to-left text with
    /// its characters sorted, since pdftotext gives such text in the order it is laid out.
    static func comparable(_ text: String) -> [Character] {
        sortingRightToLeftRuns(Array(dense(text.precomposedStringWithCompatibilityMapping)))
    }

    /// `characters` with each stretch between two left-to-right letters that holds right-to-left
    /// text sorted: the digits, signs and spaces around right-to-left words are laid out in an
    /// order of their own, so they are compared as a set with those words.
    static func sortingRightToLeftRuns(_ characters: [Character]) -> [Character] {
        func isRightToLeft(_ character: Character) -> Bool {
            character.unicodeScalars.contains {
                (0x0590...0x08FF).contains($0.value) || (0xFB1D...0xFDFF).contains($0.value)
                    || (0xFE70...0xFEFF).contains($0.value)
            }
        }
        var result = characters
        var start = 0
        while start < result.count {
            var end = start
            var holdsRightToLeft = false
            while end < result.count, !(result[end].isLetter && !isRightToLeft(result[end])) {
                holdsRightToLeft = holdsRightToLeft || isRightToLeft(result[end])
                end += 1
            }
            if holdsRightToLeft {
                result[start..<end].sort {
                    String($0).unicodeScalars.lexicographicallyPrecedes(String($1).unicodeScalars)
                }
            }
            start = end + 1
        }
        return result
    }

    /// Whether two PDFs are the same bytes but for the times Chromium writes into every print
    /// (`/CreationDate`, `/ModDate`): a print is otherwise the same bytes each time, with any
    /// profile and from any folder, so a PDF that differs anywhere else (an image, a link, a
    /// font) is not the one this Chromium prints of the copy.
    static func sameButPrintTimes(_ given: [UInt8], _ printed: [UInt8]) -> Bool {
        guard given.count == printed.count else { return false }
        return maskingPrintTimes(given) == maskingPrintTimes(printed)
    }

    private static func maskingPrintTimes(_ pdf: [UInt8]) -> [UInt8] {
        var bytes = pdf
        for key in ["/CreationDate (D:", "/ModDate (D:"] {
            let needle = Array(key.utf8)
            var start = 0
            while let found = firstRange(of: needle, in: bytes, from: start) {
                var index = found.upperBound
                while index < bytes.count, index - found.upperBound < 32, bytes[index] != UInt8(ascii: ")") {
                    bytes[index] = UInt8(ascii: "0")
                    index += 1
                }
                start = index
            }
        }
        return bytes
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard start + needle.count <= haystack.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index..<(index + needle.count) }
        }
        return nil
    }

    /// The text a browser shows of one of Stet's HTML copies, in document order: the body's
    /// character data with character references decoded, list numbers, and the address printed
    /// after each outside link (the copy's print style).
    /// Also the text of each table's head row, which Chromium prints again on every page the
    /// table goes on to.
    static func visibleText(_ html: String) -> (text: String, tableHeads: [String]) {
        guard let bodyStart = html.range(of: "<body>"), let bodyEnd = html.range(of: "</body>", options: .backwards)
        else { return ("", []) }
        let body = html[bodyStart.upperBound..<bodyEnd.lowerBound]
        var text = ""
        var tableHeads: [String] = []
        var headStart: Int?
        var lists: [Int?] = []
        var linkTargets: [String?] = []
        var inMain = false
        var rest = body[...]
        while let open = rest.firstIndex(of: "<") {
            text += decoded(rest[..<open])
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let isEnd = tag.hasPrefix("/")
            let name =
                (isEnd ? "/" : "") + (isEnd ? tag.dropFirst() : tag).prefix { $0.isLetter || $0.isNumber }.lowercased()
            switch name {
            case "main": inMain = true
            case "/main": inMain = false
            case "ol":
                lists.append(attribute("start", in: tag).flatMap { Int($0) } ?? 1)
            case "ul": lists.append(nil)
            case "/ol", "/ul": _ = lists.popLast()
            case "li":
                if let number = lists.last ?? nil {
                    text += "\(number)."
                    lists[lists.count - 1] = number + 1
                }
            case "a":
                let target = attribute("href", in: tag).map { decoded($0[...]) }
                // The print style shows an outside address after its link, but for a bare one.
                let bare = tag.contains(" class=\"bare\"")
                let printed = target.flatMap { href in
                    inMain && !bare && ["http:", "https:", "mailto:"].contains(where: href.lowercased().hasPrefix)
                        ? href : nil
                }
                linkTargets.append(printed)
            case "/a":
                if let target = linkTargets.popLast() ?? nil { text += " <\(target)>" }
            case "thead": headStart = text.utf8.count
            case "/thead":
                if let start = headStart {
                    tableHeads.append(String(decoding: text.utf8.dropFirst(start), as: UTF8.self))
                }
                headStart = nil
            default: break  // other elements, and comments (the body's markers), show no text of their own
            }
        }
        return (text + decoded(rest), tableHeads)
    }

    /// `text` without whitespace or the invisible characters a layout may add or drop.
    static func dense(_ text: some StringProtocol) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { !$0.properties.isWhitespace && !invisible.contains($0.value) }))
    }

    /// Characters a layout adds or drops without a reader seeing them: a soft hyphen, zero-width
    /// spaces and joiners, and the marks that set the direction of text.
    private static let invisible: Set<UInt32> = [
        0xAD, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
        0x2068, 0x2069, 0xFEFF,
    ]

    private static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        let value = tag[start.upperBound...].prefix { $0 != "\"" }
        return String(value)
    }

    private static func decoded(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = after
                continue
            }
            let entity = after[..<semicolon]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
            if let character = named[String(entity)] {
                result += character
            } else if entity.hasPrefix("#x") || entity.hasPrefix("#X"),
                let value = UInt32(entity.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                result.unicodeScalars.append(scalar)
            } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value)
            {
                result.unicodeScalars.append(scalar)
            } else {
                result += "&" + entity + ";"
            }
            rest = after[after.index(after: semicolon)...]
        }
        return result + rest
    }

    private static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }

    private static func firstRange(of needle: [Character], in haystack: [Character]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
        }
        return nil
    }
}

extension ControlledCopy {
    /// Says whether `pdf` is a faithful print of a copy from `store`, and where its version stands
    /// on `day`. Its text must be the text of the copy re-rendered from the marks it prints; then
    /// the copy is printed again with `print` (this machine's Chromium) and must be the same
    /// bytes but for the print times, so that nothing outside the text (an image, a link) was
    /// changed either; and a numbered copy must be in the register, outstanding.
    public static func check(
        pdf: [UInt8], in store: Snapshot, on day: Day, pdftotext: String,
        print: (_ html: [UInt8]) throws(StetError) -> [UInt8]
    ) throws(StetError) -> CopyStatus {
        let pages = try PrintedCopy.pages(of: pdf, pdftotext: pdftotext)
        let (status, marks, html) = try faithfulPrint(pages, in: store, on: day)
        guard let marks, let html else { return status }
        let producer = { (pdf: [UInt8]) -> String in
            let text = String(decoding: pdf.prefix(4096), as: UTF8.self)
            return text.range(of: #"/Producer \([^)]*\)"#, options: .regularExpression).map { String(text[$0]) }
                ?? "no /Producer"
        }
        let reprinted = try print(html)
        guard PrintedCopy.sameButPrintTimes(pdf, reprinted) else {
            let (given, here) = (producer(pdf), producer(reprinted))
            return .notACopy(
                reason: "its text is \(marks.document) v\(marks.version)'s, but the file is not the PDF of that copy: "
                    + (given == here
                        ? "something besides its text (an image, a link, a font) was changed"
                        : "it was printed by another Chromium (\(given); here \(here)), so its images could not be compared")
                    + "; print a new copy, or check the code on its pages")
        }
        if let number = marks.copy,
            let problem = try registerProblem(
                DocumentID(recorded: marks.document), marks.version, number, nil, in: store)
        {
            return problem
        }
        return status
    }

    /// Checks, before a PDF is handed out or registered, that Chromium printed what Stet rendered:
    /// throws `chromiumFailed` naming where its text differs.
    public static func confirmPrint(
        _ pdf: [UInt8], in store: Snapshot, numbered: Numbered? = nil, pdftotext: String
    ) throws(StetError) {
        let pages = try PrintedCopy.pages(of: pdf, pdftotext: pdftotext)
        if case .notACopy(let reason) = try faithfulPrint(pages, in: store, on: store.today, issuing: numbered).0 {
            throw .chromiumFailed(
                "the PDF it printed does not read as the copy Stet rendered (\(reason)); nothing was issued")
        }
    }

    /// The standing of the version a printed copy is a faithful print of, with its marks; not a copy
    /// (and no marks) when its text differs from the copy its marks name.
    /// `issuing` is the numbered copy about to be registered, whose holder the register cannot
    /// tell yet.
    private static func faithfulPrint(
        _ pages: [String], in store: Snapshot, on day: Day, issuing: Numbered? = nil
    ) throws(StetError) -> (CopyStatus, PrintedCopy.Marks?, html: [UInt8]?) {
        func refused(_ reason: String) -> (CopyStatus, PrintedCopy.Marks?, html: [UInt8]?) {
            (.notACopy(reason: reason), nil, nil)
        }
        let text = pages.joined()
        if text.contains("DRAFT — NOT FOR USE") && !text.contains("Check code") {
            return refused("it is a draft, not for use: only issued versions are controlled copies")
        }
        guard let marks = PrintedCopy.marks(in: pages) else {
            return refused(
                pages.isEmpty ? "it is a PDF whose text cannot be read" : "it is a PDF that carries no Stet copy marks")
        }
        guard let id = try? DocumentID(marks.document) else { return refused("its copy marks are malformed") }
        guard let then = try store.earlier(marks.state, today: marks.printed) else {
            return refused("it names a state \(marks.state.short) that is not in this store's history")
        }
        guard let document = try? then.document(id),
            let issued = document.versions.first(where: { $0.version == marks.version })
        else { return refused("\(id) has no version \(marks.version)") }
        guard marks.printed <= day, marks.printed >= Timestamp(seconds: try then.commitTime()).day else {
            return refused("its printing date \(marks.printed) is not one on which it could have been printed")
        }
        var numbered: Numbered?
        if let issuing {
            guard marks.copy == issuing.number else {
                return refused("it does not carry the copy number \(issuing.number)")
            }
            numbered = issuing
        } else if let number = marks.copy {
            // The holder is printed in the copy; the register says who it is, and the text must agree.
            guard let record = try store.copies(of: id).first(where: { $0.number == number }) else {
                return refused(
                    "it claims to be \(id) v\(marks.version) copy \(number), which the register does not hold")
            }
            numbered = Numbered(number: number, holder: record.holder)
        }
        let copy = try copy(of: document, issued, in: then, asOf: marks.asOf, numbered: numbered)
        let html = copy.html
        if let difference = PrintedCopy.difference(pages, from: copy, html: html) {
            return (
                .notACopy(
                    reason: "it differs from \(id) v\(marks.version) as Stet renders it: \(difference) (altered copy)"),
                nil, nil
            )
        }
        return (try standing(of: id, version: marks.version, in: store, on: day), marks, Array(html.utf8))
    }

    /// The pdftotext on `path`, which reads a PDF copy's text to check it.
    public static func pdftotext(path: String?) throws(StetError) -> String {
        try PrintedCopy.pdftotext(path: path)
    }
}
