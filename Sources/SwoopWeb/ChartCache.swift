import SwoopModel

/// The sweep page's charts, kept while nothing they are drawn from changed: they cost the most to
/// render (importance forest, samples of thousands of runs), and a live page, or several people
/// watching one sweep, asks for them again after every event. Keyed by the sweep and a hash of what
/// the charts read (each run's id, state, change cursor, config and objective values).
actor ChartCache {
    private var entries: [SweepID: (key: Int, html: String)] = [:]
    private var order: [SweepID] = []
    private let capacity: Int

    init(capacity: Int = 32) { self.capacity = capacity }

    static func key(_ sweep: Sweep, runs: [Run], objectives: [String]) -> Int {
        var h = Hasher()
        h.combine(sweep.updatedAt)
        h.combine(sweep.config)
        for r in runs {
            h.combine(r.id)
            h.combine(r.state)
            h.combine(r.changeCursor)
            for o in objectives { h.combine(SummaryPath.value(r.summary, o)) }
        }
        return h.finalize()
    }

    func html(for sweep: SweepID, key: Int) -> String? {
        guard let e = entries[sweep], e.key == key else { return nil }
        return e.html
    }

    func store(_ html: String, for sweep: SweepID, key: Int) {
        if entries[sweep] == nil {
            order.append(sweep)
            if order.count > capacity { entries[order.removeFirst()] = nil }
        }
        entries[sweep] = (key, html)
    }
}
