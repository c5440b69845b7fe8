import Testing

@testable import StetCore

@Suite("Dates and times")
struct TimestampTests {
    @Test("Days parse, print and reject impossible dates")
    func days() {
        #expect(Day("2026-11-27")?.description == "2026-11-27")
        #expect(Day("2024-02-29") != nil)
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "26-11-27", "2026-1-1", "2026-11-27x", "２０２６-11-27", ""] {
            #expect(Day(bad) == nil, "\(bad)")
        }
        #expect(Day(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
    }

    @Test("Review dates add months and clamp to the month's end")
    func addingMonths() {
        #expect(Day("2026-01-31")!.adding(months: 1).description == "2026-02-28")
        #expect(Day("2024-02-29")!.adding(months: 12).description == "2025-02-28")
        #expect(Day("2026-11-27")!.adding(months: 24).description == "2028-11-27")
        #expect(Day("2026-11-30")!.adding(months: 3).description == "2027-02-28")
    }

    @Test("Timestamps print as UTC ISO 8601 and parse back")
    func timestamps() {
        let time = Timestamp(seconds: 1_795_747_882)
        #expect(time.description == "2026-11-27T02:51:22Z")
        #expect(Timestamp("2026-11-27T02:51:22Z") == time)
        #expect(Timestamp("2026-11-27T25:00:00Z") == nil)
        #expect(time.day.description == "2026-11-27")
        #expect(AllowedSigners.format(time) == "20261127025122Z")
    }

    @Test("Timestamps parse only in the form they print (fuzz findings in Fuzz/Regressions/FuzzDates)")
    func timestampsAreStrict() {
        for loose in [
            "T2026-01-01T09:00:00Z", "2026-01-01T+9:00:00Z", "2026-01-01T9:00:00Z", "2026-01-01TT09:00:00Z",
            "2026-01-01T09:00:00", "2026-01-01T09:00:00z", "2026-01-01T09:00:-0Z", "2026-01-01T09:00:00ZZ",
        ] {
            #expect(Timestamp(loose) == nil, "\(loose)")
        }
        #expect(Timestamp("1970-01-01T00:00:00Z")?.seconds == 0)
    }
}
