/// Counts shutdown signals: the first drains, the second hands runs back.
actor SignalCounter {
    private(set) var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}
