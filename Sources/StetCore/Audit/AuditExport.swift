import Foundation
import StetGit

/// Writes an audit trail as CSV (RFC 4180), JSON Lines or JSON, streaming as it reads.
public struct AuditExport {
    public enum Format: String, CaseIterable, Sendable {
        case csv
        case jsonl
        case json
    }

    public let format: Format
    /// Receives the output in chunks.
    let write: ([UInt8]) throws -> Void

    /// `write` receives the output; whatever it throws ends the export as `outputFailed`.
    public init(format: Format, write: @escaping ([UInt8]) throws -> Void) {
        self.format = format
        self.write = { bytes in
            do { try write(bytes) } catch { throw StetError.outputFailed(String(describing: error)) }
        }
    }

    /// What an export ends with, so that it can be anchored: the head it covers.
    public struct Trailer: Codable, Sendable {
        public var head: String
        public var generated: Timestamp
        /// How many events the export holds.
        public var count: Int
    }

    /// Exports the trail of `store` that passes `filter`; returns the number of events written.
    /// The export is dated by the store's clock unless `generated` is given.
    @discardableResult
    public func run(_ store: Store, filter: AuditFilter, generated: Timestamp? = nil) throws(StetError) -> Int {
        let generated = generated ?? store.now()
        var count = 0
        var pending: [AuditRecord] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            // An unfiltered CSV export of a head exported before: its rows from the record.
            let recorded = format == .csv && filter.isEmpty ? store.auditCache : nil
            if let recorded, let head = try? store.head() {
                var header = false
                if let count = try recorded.replay(
                    head,
                    to: { rows in
                        if !header {
                            try write(Self.csv([AuditRecord.columns]))
                            header = true
                        }
                        try write(rows)
                    })
                {
                    if !header { try write(Self.csv([AuditRecord.columns])) }
                    try write(Self.csv([Self.closingRow(head: head, generated: generated, count: count)]))
                    return count
                }
            }
            let recorder = try recorded.flatMap { $0.recorder(for: try store.head()) }
            defer { recorder?.abandon() }
            switch format {
            case .csv: try write(Self.csv([AuditRecord.columns]))
            case .json: try write(Array("{\"events\":[\n".utf8))
            case .jsonl: break
            }
            // Rows go out in batches: one write per batch rather than per field.
            func flush() throws {
                guard !pending.isEmpty else { return }
                switch format {
                case .csv:
                    let rows = Self.csvOnEveryCore(pending)
                    try write(rows)
                    recorder?.append(rows)
                case .jsonl:
                    var bytes: [UInt8] = []
                    for record in pending { bytes += Array(try encoder.encode(record)) + [0x0a] }
                    try write(bytes)
                case .json:
                    var bytes: [UInt8] = []
                    for (index, record) in pending.enumerated() {
                        if count - pending.count + index > 0 { bytes += Array(",\n".utf8) }
                        bytes += Array(try encoder.encode(record))
                    }
                    try write(bytes)
                }
                pending.removeAll(keepingCapacity: true)
            }
            let head = try store.auditTrail(filter: filter) { record in
                pending.append(record)
                count += 1
                if pending.count == 512 { try flush() }
            }
            try flush()
            recorder?.finish(count: count)
            let trailer = Trailer(head: head.hex, generated: generated, count: count)
            switch format {
            case .csv:
                try write(Self.csv([Self.closingRow(head: head, generated: generated, count: count)]))
            case .jsonl:
                try write(Array(try encoder.encode(trailer)) + [0x0a])
            case .json:
                let tail = try encoder.encode(trailer)
                // Close the array, then reuse the trailer's fields as the object's last members.
                try write(Array("\n],".utf8) + Array(tail.dropFirst()) + [0x0a])
            }
        } catch {
            throw StetError(from: error)
        }
        return count
    }

    /// The row a CSV export ends with: the head it covers, so it can be anchored later.
    static func closingRow(head: ObjectID, generated: Timestamp, count: Int) -> [String] {
        var row = Array(repeating: "", count: AuditRecord.columns.count)
        row[AuditRecord.columns.firstIndex(of: "time")!] = generated.description
        row[AuditRecord.columns.firstIndex(of: "event")!] = "end-of-export"
        row[AuditRecord.columns.firstIndex(of: "summary")!] =
            "\(count) event(s) exported; history up to commit \(head.hex)"
        row[AuditRecord.columns.firstIndex(of: "commit")!] = head.hex
        return row
    }

    /// RFC 4180 rows, cells neutralised as in the audit export.
    public static func csvRows(_ rows: [[String]]) throws(StetError) -> [UInt8] {
        csv(rows, neutralising: true)
    }

    /// RFC 4180 rows with CRLF line ends; `neutralising`: a cell a spreadsheet would run as a
    /// formula gets a leading apostrophe.
    /// Written here, byte by byte, rather than through a CSV library: a field is quoted only when
    /// it holds a quote, comma or line break, and an export of 100,000 events writes millions of fields.
    static func csv(_ rows: [[String]], neutralising: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 256)
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendField(field, to: &bytes, neutralising: neutralising)
            }
            bytes.append(contentsOf: [0x0D, 0x0A])
        }
        return bytes
    }

    /// The rows of `records`, neutralised, written in parts on every core and joined in order.
    static func csvOnEveryCore(_ records: [AuditRecord]) -> [UInt8] {
        let parts = min(records.count, 4)
        let size = (records.count + parts - 1) / max(parts, 1)
        let written = onEveryCore(parts) { part in
            let range = min(part * size, records.count)..<min((part + 1) * size, records.count)
            return csv(records[range].map(\.fields), neutralising: true)
        }
        return Array(written.joined())
    }

    /// One field, quoted when it must be, from the string's UTF-8 storage in one copy.
    private static func appendField(_ field: String, to bytes: inout [UInt8], neutralising: Bool) {
        var field = field
        field.withUTF8 { utf8 in
            guard let first = utf8.first else { return }
            let apostrophe = neutralising && formulaStarts.contains(first)
            let needsQuotes = utf8.contains { $0 == 0x22 || $0 == 0x2C || $0 == 0x0A || $0 == 0x0D }
            if needsQuotes { bytes.append(0x22) }
            if apostrophe { bytes.append(UInt8(ascii: "'")) }
            if needsQuotes {
                for byte in utf8 {
                    if byte == 0x22 { bytes.append(0x22) }
                    bytes.append(byte)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    /// What a spreadsheet takes as the start of a formula: `=`, `+`, `-`, `@`, tab, carriage return.
    private static let formulaStarts: Set<UInt8> = Set("=+-@\t\r".utf8)
}
