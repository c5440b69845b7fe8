import StetCore

/// Any text as a day or a timestamp: what parses prints back as itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if let day = Day(text) {
        precondition(Day(day.description) == day, "a day does not round-trip")
        precondition(day.description == text, "a day was accepted in a form it does not print")
        _ = day.adding(months: 24)
    }
    if let timestamp = Timestamp(text) {
        precondition(Timestamp(timestamp.description) == timestamp, "a timestamp does not round-trip")
        precondition(timestamp.description == text, "a timestamp was accepted in a form it does not print")
        _ = timestamp.day
    }
    return 0
}
