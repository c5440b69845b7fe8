import Foundation

/// A moment, to the second, in UTC: how events are timed. Written as `2026-11-27T09:30:00Z`.
public struct Timestamp: Hashable, Comparable, Sendable, TextCodable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// How far an event may be ahead of the clock of the machine that checks or follows it:
    /// clocks of machines sharing a store differ a little, but an event dated later than this
    /// is future-dated, which would otherwise hold every later event back.
    public static let clockTolerance: Int64 = 300

    /// The times a store can hold: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    public static let plausibleSeconds: ClosedRange<Int64> = 0...253_402_300_799

    /// The current time from the system clock.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec))
    }

    /// The calendar day this moment falls on, in UTC.
    public var day: Day { Day(daysSinceEpoch: Int(seconds.floorDivided(by: 86_400))) }

    public var description: String {
        let secondOfDay = Int(seconds - Int64(day.daysSinceEpoch) * 86_400)
        return
            "\(day)T\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay / 60 % 60, 2)):\(Self.pad(secondOfDay % 60, 2))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`, exactly as `description` writes it and nothing looser.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            bytes[range].allSatisfy { (0x30...0x39).contains($0) }
                ? bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } : nil
        }
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
            let day = Day(String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            hour < 24, minute < 60, second < 60
        else { return nil }
        seconds = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        // Counted in bytes (digits are ASCII): this runs several times for every audit row.
        guard digits.utf8.count < width else { return digits }
        return String(repeating: "0", count: width - digits.utf8.count) + digits
    }
}

/// A calendar day (proleptic Gregorian, UTC), written `YYYY-MM-DD`: effective and review dates.
public struct Day: Hashable, Comparable, Sendable, TextCodable {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = era * 146_097 + dayOfEra - 719_468
    }

    /// Parses `YYYY-MM-DD`, rejecting days that do not exist (2026-02-30).
    public init?(_ text: String) {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            fields.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let candidate = Day(year: year, month: month, day: day)
        guard candidate.components == (year, month, day) else { return nil }
        self = candidate
    }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The first and last days Stet writes or reads (years 0000 to 9999).
    public static let earliest = Day(year: 0, month: 1, day: 1)
    public static let latest = Day(year: 9999, month: 12, day: 31)

    /// The same day of the month `months` later, clamped to the month's last day, and to the
    /// years 0000 to 9999: total for any `months`, so no setting can make a date overflow.
    public func adding(months: Int) -> Day {
        let (year, month, day) = components
        let monthsInRange = 10_000 * 12
        let total = year * 12 + (month - 1) + max(-2 * monthsInRange, min(2 * monthsInRange, months))
        if total < 0 { return Self.earliest }
        if total >= monthsInRange { return Self.latest }
        let newYear = total.floorDivided(by: 12)
        let newMonth = total - newYear * 12 + 1
        var newDay = day
        while Day(year: newYear, month: newMonth, day: newDay).components.month != newMonth { newDay -= 1 }
        return Day(year: newYear, month: newMonth, day: newDay)
    }

    public var description: String {
        let (year, month, day) = components
        guard (0..<10_000).contains(year) else {
            return "\(Timestamp.pad(year, 4))-\(Timestamp.pad(month, 2))-\(Timestamp.pad(day, 2))"
        }
        let zero = UInt8(ascii: "0")
        let bytes: [UInt8] = [
            zero + UInt8(year / 1000), zero + UInt8(year / 100 % 10), zero + UInt8(year / 10 % 10),
            zero + UInt8(year % 10), UInt8(ascii: "-"), zero + UInt8(month / 10), zero + UInt8(month % 10),
            UInt8(ascii: "-"), zero + UInt8(day / 10), zero + UInt8(day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// Parses `YYYY-MM-DD`, or throws the error that names the expected form.
    public static func parse(_ text: String) throws(StetError) -> Day {
        guard let day = Day(text) else { throw .invalidDate(text) }
        return day
    }

    /// The first second of the day (00:00:00 UTC).
    public var start: Timestamp { Timestamp(seconds: Int64(daysSinceEpoch) * 86_400) }
    /// The last second of the day (23:59:59 UTC).
    public var end: Timestamp { Timestamp(seconds: Int64(daysSinceEpoch) * 86_400 + 86_399) }
}

extension Timestamp {
    /// A bound of a period: a moment (`YYYY-MM-DDTHH:MM:SSZ`), or a whole day, taken from its
    /// first second as a start and to its last second as an end.
    public static func bound(_ text: String, endOfDay: Bool) throws(StetError) -> Timestamp {
        if let time = Timestamp(text) { return time }
        let day = try Day.parse(text)
        return endOfDay ? day.end : day.start
    }
}

extension BinaryInteger {
    fileprivate func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// A value stored in JSON as its text form, as people read it.
public protocol TextCodable: Codable, CustomStringConvertible {
    init?(_ text: String)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "cannot read '\(text)' as \(Self.self)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
