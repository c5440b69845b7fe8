import Foundation

/// `transform` of each index in `0..<count`, run on every core at once; the results in index
/// order. For work whose items are each their own (signatures, commits, rows).
func onEveryCore<Value>(_ count: Int, _ transform: @Sendable (Int) -> Value) -> [Value] {
    guard count > 1 else { return (0..<count).map(transform) }
    // Unsafe by the compiler's lights, safe by construction: each iteration writes only its own
    // index, no iteration reads, and the buffer is read only after `concurrentPerform` returns,
    // which happens after every iteration.
    nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Value?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
        results.deinitialize()
        results.deallocate()
    }
    DispatchQueue.concurrentPerform(iterations: count) { index in results[index] = transform(index) }
    return results.map { $0! }
}
