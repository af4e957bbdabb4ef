/// The knobs of one server-load run (recorded with its results).
struct LoadSettings: Codable, Sendable {
    var seconds: Int
    var warmupSeconds: Int
    var writers: Int
    var batchPoints: Int
    var singleWriters: Int
    var agents: Int
    var leaseItems: Int
}
