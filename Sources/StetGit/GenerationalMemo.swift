/// Values remembered by a key that fixes them (a blob or tree id), within a budget, in two
/// generations: a value found in the older moves to the newer, and when the newer is full the
/// older is dropped. What is in use stays, and the memo never holds more than twice its budget.
public struct GenerationalMemo<Key: Hashable, Value> {
    private var newer: [Key: (value: Value, cost: Int)] = [:]
    private var older: [Key: (value: Value, cost: Int)] = [:]
    private var newerCost = 0
    /// The cost one generation may hold (what a cost counts is the caller's: entries, bytes).
    public let generationBudget: Int

    public init(generationBudget: Int) { self.generationBudget = generationBudget }

    public mutating func value(for key: Key) -> Value? {
        if let known = newer[key] { return known.value }
        guard let known = older.removeValue(forKey: key) else { return nil }
        add(known, for: key)
        return known.value
    }

    /// Remembers `value` for `key` (kept as it is when the key is already in the newer generation).
    public mutating func store(_ value: Value, cost: Int, for key: Key) {
        guard newer[key] == nil else { return }
        add((value, cost), for: key)
    }

    /// Forgets `key`: for a value the caller knows will not be asked for again (a folder a
    /// newer one replaced), so that it does not push out values that will be.
    public mutating func remove(_ key: Key) {
        if let known = newer.removeValue(forKey: key) { newerCost -= known.cost }
        // `store` adds to the newer generation what the older may hold too.
        older[key] = nil
    }

    /// Whether `key` is remembered, without moving it (for tests).
    public func contains(_ key: Key) -> Bool { newer[key] != nil || older[key] != nil }

    private mutating func add(_ entry: (value: Value, cost: Int), for key: Key) {
        if newerCost + entry.cost > generationBudget && !newer.isEmpty {
            older = newer
            newer = [:]
            newerCost = 0
        }
        newer[key] = entry
        newerCost += entry.cost
    }
}
