import SwoopModel

/// The answer of `saveSchedulerState` with `schedulerState=false`: the new version alone.
struct SchedulerStateVersion: Decodable, Sendable {
    var schedulerStateVersion: Int
}
